/**
 * Everything a request handler needs, assembled once per process (per Lambda cold start, or once
 * by the local server). Handlers receive it; they never build their own clients.
 *
 * Typed by capability: every function has {@link Services}; only the issuer function can sign
 * ({@link SigningServices}) and only the admin function can create signing keys
 * ({@link KeyAdminServices}). `functions/http/dispatch.ts` gives each route group its type, so a
 * handler cannot even name what its function lacks.
 */
import type { Keyring } from '../keys/keyring.ts';
import type { KeyCache } from '../keys/rotate-signing-key.ts';
import type { Logger } from '../logging/logger.ts';
import type { KeyProvisioner } from '../signing/key-provisioner.ts';
import type { SignerSource } from '../signing/signer-source.ts';
import type { Store } from '../store/store.ts';
import type { TrustListPublishing } from '../trust-list/publish-trust-list.ts';
import type { LabelStatusSource } from '../verification/status/label-status-source.ts';
import type { TrustListSource } from '../verification/status/trust-list-source.ts';

/** How admin routes authenticate. */
export type AdminAuth =
  /** A shared bearer token (the embedded default). */
  | { readonly kind: 'token'; readonly token: string }
  /** API Gateway IAM authorization already admitted the caller (on AWS). */
  | { readonly kind: 'iam' };

/**
 * Counts failed credential checks per source and refuses a source that has failed too often.
 * Only the local server has one; on AWS, API Gateway's throttles stand in front of the functions.
 */
export interface AuthFailureLimiter {
  /** `undefined` when `source` may try a credential now; else how long it must wait. */
  check(source: string): { readonly retryAfterSeconds: number /** first refusal since the source ran out */; readonly first: boolean } | undefined;
  /** Records one failed credential check by `source`. */
  recordFailure(source: string): void;
}

/** The process-wide dependencies every function has. */
export interface Services {
  readonly store: Store;
  readonly keyring: Keyring;
  readonly statusSource: LabelStatusSource;
  /** The scheme's published trust list, verified and briefly cached (verdicts name scheme and issuer). */
  readonly trustListSource?: TrustListSource;
  readonly now: () => Date;
  /** Base of every public link, without a trailing slash. */
  readonly publicBaseUrl: string;
  readonly defaultValidityDays: number;
  readonly adminAuth: AdminAuth;
  /** Throttles sources that keep failing authentication (local server only). */
  readonly authFailureLimiter?: AuthFailureLimiter;
  readonly logger: Logger;
}

/** The services of a function that signs (issuer). */
export interface SigningServices extends Services {
  /** Yields the key new labels and revocation lists are signed with. */
  readonly signing: SignerSource;
}

/** The services of a function that creates signing keys (admin). */
export interface KeyAdminServices extends Services {
  /** Creates signing keys for `POST /admin/signing-keys/rotate`. */
  readonly keyProvisioner: KeyProvisioner;
  /** Every cache of signing-key state in this process; a rotation or compromise clears them all. */
  readonly keyCaches: readonly KeyCache[];
  /**
   * The scheme root and how trust lists are published: after every successful admin change, at
   * start and periodically (`functions/admin/trust-list-publishing.ts`). Both deployments set it;
   * test set-ups that never look at a trust list may leave it out, and then nothing is published.
   */
  readonly trustList?: TrustListPublishing;
}

/** One process serving every route (the local server). */
export type AllServices = SigningServices & KeyAdminServices;
