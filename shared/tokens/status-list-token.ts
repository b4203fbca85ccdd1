/**
 * Status list credentials as compact JWS: a thin user of the JWS core
 * (`shared/jws/compact-jws.ts`). The payload is the `BitstringStatusListCredential` itself, as
 * W3C VC-JOSE-COSE secures a credential (the JWS payload is the unsecured VC, no `vc` wrapper).
 *
 * Why `typ` is `carbon-label-statuslist+jwt` and not VC-JOSE-COSE's `vc+jwt`: the core's one
 * defence against cross-type confusion is that each kind of document has its own `typ`
 * (RFC 8725 §3.11), and `vc+jwt` names every VC alike. Should labels, or anything else, ever be
 * issued as VCs, a `vc+jwt` label would pass the status list's header check and be stopped only
 * by the payload schema, and vice versa. The payload stays a plain VC 2.0 credential, so a generic
 * W3C verifier that does not insist on `vc+jwt` reads it as is; one that does can be served the
 * same payload later without changing a bit of it.
 */
import { createHash } from 'node:crypto';
import { signSigningInput, signingInputFor, verifyCompactJwsOrThrow, type JwsType, type PayloadCheck } from '../jws/compact-jws.ts';
import type { KeyLookup } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import { StatusBitstring, StatusListDecodeError, type DecodeBounds } from '../status-list/bitstring.ts';
import { BitstringStatusListCredentialSchema, type BitstringStatusListCredential } from '../status-list/status-list-credential.ts';
import { zodPayload } from './zod-payload.ts';

/** The JWS `typ` of a status list credential. */
export const STATUS_LIST_TYPE = 'carbon-label-statuslist+jwt';

/**
 * Longest status list JWS looked at. The credential's `encodedList` is bounded by the schema (about
 * 1.4 × the largest list's bytes), and the JWS base64url adds a third: 512 KiB covers it.
 */
export const MAX_STATUS_LIST_LENGTH = 512 * 1024;

/** A verified status list: the credential and its decoded bits. */
export interface StatusListDocument {
  readonly credential: BitstringStatusListCredential;
  readonly bits: StatusBitstring;
}

const credentialPayload = zodPayload(BitstringStatusListCredentialSchema);

/**
 * The status list type for the JWS core, decoding `encodedList` within `bounds` as part of the
 * payload check, so a list that is a zip bomb or too short is `malformed` like any other bad
 * payload. Tests with small lists pass a lower `minEntries`; production uses the spec's 131,072.
 */
export function statusListTokenType(bounds: DecodeBounds = {}): JwsType<StatusListDocument> {
  return {
    typ: STATUS_LIST_TYPE,
    name: 'status list',
    maxLength: MAX_STATUS_LIST_LENGTH,
    parsePayload: (payload): PayloadCheck<StatusListDocument> => {
      const parsed = credentialPayload(payload);
      if (!parsed.ok) return parsed;
      try {
        return { ok: true, value: { credential: parsed.value, bits: StatusBitstring.decode(parsed.value.credentialSubject.encodedList, bounds) } };
      } catch (error) {
        if (error instanceof StatusListDecodeError) return { ok: false, message: `credentialSubject.encodedList: ${error.message}` };
        throw error;
      }
    },
  };
}

/** The status list type with production bounds (at least 131,072 entries). */
export const STATUS_LIST_TOKEN: JwsType<StatusListDocument> = statusListTokenType();

/** A signed status list and its strong entity tag. */
export interface SignedStatusList {
  /** The compact JWS, exactly as served. */
  readonly jws: string;
  /** Quoted strong ETag: SHA-256 of the signing input, so it names the content, not the randomised signature. */
  readonly etag: string;
  readonly kid: string;
  readonly credential: BitstringStatusListCredential;
}

/** Signs a status list credential (validated first: we never sign what we would refuse). */
export async function signStatusList(credential: BitstringStatusListCredential, signer: Signer): Promise<SignedStatusList> {
  const checked = BitstringStatusListCredentialSchema.parse(credential);
  const signingInput = signingInputFor(signer, STATUS_LIST_TOKEN, checked);
  return {
    jws: await signSigningInput(signer, signingInput),
    etag: `"${createHash('sha256').update(signingInput).digest('base64url')}"`,
    kid: signer.kid,
    credential: checked,
  };
}

/**
 * Verifies a status list JWS against `keys`, validates the credential and decodes its bits.
 * Validity in time (`validFrom`/`validUntil`) is the caller's to judge against its clock.
 * @throws {JwsRejectedError} when the signature, key, type or payload is not acceptable.
 */
export function verifyStatusList(jws: string, keys: KeyLookup, bounds?: DecodeBounds): StatusListDocument & { readonly kid: string } {
  const type = bounds === undefined ? STATUS_LIST_TOKEN : statusListTokenType(bounds);
  const { payload, key } = verifyCompactJwsOrThrow(jws, type, keys);
  return { ...payload, kid: key.kid };
}
