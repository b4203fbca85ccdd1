/** The environment-only credential provider the Lambda bundles use in place of the SDK's chain. */
import { describe, expect, it } from 'vitest';
import { defaultProvider } from '../../../../functions/runtime/lambda-credentials.ts';

describe('lambda-credentials defaultProvider', () => {
  it('returns the execution role credentials Lambda puts in the environment', async () => {
    const provider = defaultProvider({}, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    await expect(provider()).resolves.toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('omits the session token when there is none (long-term keys, local runs)', async () => {
    await expect(defaultProvider({}, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' })()).resolves.toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
    });
  });

  it('fails as a credentials error, naming the variables, when the environment has none', async () => {
    await expect(defaultProvider({}, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' })()).rejects.toMatchObject({
      name: 'CredentialsProviderError',
      message: expect.stringContaining('AWS_SECRET_ACCESS_KEY'),
    });
  });
});
