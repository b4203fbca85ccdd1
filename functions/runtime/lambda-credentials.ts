/**
 * AWS credentials for the SDK clients inside the Lambda bundles: from the environment only.
 *
 * Lambda hands every function its execution role's credentials as `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, valid for the life of the execution
 * environment. The SDK's default chain (`@aws-sdk/credential-provider-node`) would find them there
 * too, but it also carries SSO, STS web identity, INI files, IMDS and login providers with their
 * nested clients: about 90 KB of every bundle that can never run in Lambda. The bundler
 * (`infra/bundling.ts`) therefore resolves `@aws-sdk/credential-provider-node` to this module,
 * which keeps the chain's export name and contract. Used nowhere else (local runs keep the SDK's chain).
 */

import { CarbonLabelError } from '../../shared/errors/errors.ts';

/** The credential identity the SDK expects. */
export interface EnvironmentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly credentialScope?: string;
  readonly accountId?: string;
}

/**
 * Raised when the environment holds no credentials. Named as the SDK's own credentials error, so
 * the SDK reports it as one.
 */
export class EnvironmentCredentialsMissingError extends CarbonLabelError {
  readonly code = 'credentials_missing';
  override readonly name = 'CredentialsProviderError';
  /** The SDK's chains read this; there is no next link here. */
  readonly tryNextLink = false;
}

/**
 * Same name and shape as `@aws-sdk/credential-provider-node`'s `defaultProvider`: a factory that
 * takes the client's init options (unused) and returns a provider.
 */
export function defaultProvider(_init: unknown = {}, env: Record<string, string | undefined> = process.env): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new EnvironmentCredentialsMissingError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them from the execution role)');
    }
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
    };
  };
}
