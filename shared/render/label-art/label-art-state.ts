/**
 * What state a label's art prints. It is judged by the online verifier itself, with the label the
 * route has just read as its status, so the art can never print a label as current when the
 * verification page would call it revoked, expired, or signed by a compromised key.
 */
import { ServiceUnavailableError } from '../../errors/errors.ts';
import { peekKid } from '../../jws/compact-jws.ts';
import type { Keyring } from '../../keys/keyring.ts';
import type { StoredLabel } from '../../label/record.ts';
import type { LabelArtWarningKey } from '../i18n/messages.ts';
import type { VerdictStatus } from '../../verification/verdict.ts';
import { liveStatusSource } from '../../verification/status/live-status-source.ts';
import { verifyOnline } from '../../verification/verify-online.ts';
import type { TrustListSource } from '../../verification/status/trust-list-source.ts';

/** The art's state: `valid` prints a normal label; every other state prints its warning. */
export type LabelArtState = 'valid' | LabelArtWarningKey;

/** Every state, for tests and docs. */
export const LABEL_ART_STATES: readonly LabelArtState[] = [
  'valid',
  'revoked',
  'expired',
  'not_yet_valid',
  'key_compromised',
  'accreditation_withdrawn',
  'not_genuine',
];

/**
 * Verdict to art state. A label whose issuer or accreditation the scheme withdrew has its own
 * warning. Forged, tampered and altered-at-rest labels share one warning, as on the
 * verification page ("Not genuine"); so does a stored token that names another label
 * (`unknown_label`). `status_unavailable` cannot come out of a check against a label in hand;
 * should it ever, the art is refused rather than guessed.
 */
const STATE_OF: Readonly<Record<VerdictStatus, LabelArtState | undefined>> = {
  valid: 'valid',
  revoked: 'revoked',
  expired: 'expired',
  not_yet_valid: 'not_yet_valid',
  key_compromised: 'key_compromised',
  bad_signature: 'not_genuine',
  unknown_key: 'not_genuine',
  malformed: 'not_genuine',
  record_mismatch: 'not_genuine',
  unknown_label: 'not_genuine',
  status_unavailable: undefined,
  // Online art never meets untrusted_scheme (an offline verdict); should it, the label is not genuine here.
  untrusted_scheme: 'not_genuine',
  accreditation_withdrawn: 'accreditation_withdrawn',
};

/** Dependencies of {@link labelArtState}: the keyring (for key status) and the clock. */
export interface LabelArtStateDeps {
  readonly keyring: Pick<Keyring, 'lookupFor'>;
  readonly now: () => Date;
  /** The scheme's trust list: art of a label whose issuer or accreditation was withdrawn says so. */
  readonly trustListSource?: Pick<TrustListSource, 'current'>;
}

/**
 * The state of `label` now: its token verified online against the keyring, with `label` itself
 * (just read from storage) as the revocation status, so no cached status can make it stale.
 * @throws {ServiceUnavailableError} when no state can be judged.
 */
export async function labelArtState(deps: LabelArtStateDeps, label: StoredLabel): Promise<LabelArtState> {
  const [keys, trustList] = await Promise.all([deps.keyring.lookupFor([peekKid(label.token)]), deps.trustListSource?.current()]);
  const verdict = await verifyOnline(label.token, {
    keys,
    status: liveStatusSource({ getLabel: async (id) => (id === label.record.id ? label : undefined) }),
    now: deps.now(),
    ...(trustList ? { trustList } : {}),
  });
  const state = STATE_OF[verdict.status];
  if (!state) throw new ServiceUnavailableError(`label ${label.record.id}: its state could not be judged (${verdict.status})`);
  return state;
}
