/**
 * Issuing a label: validate, bind the record by digest, check that the token will verify and its
 * QR codes draw (`fits.ts`), sign, store. With an `Idempotency-Key` the label id is claimed
 * before storing (one conditional write), so a retry, even a concurrent one, ends on the same
 * label and never on a second. A refused request claims no key, so its corrected retry may reuse it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json.ts';
import { ConfigurationError, ConflictError, ForbiddenError, ServiceUnavailableError, ValidationError } from '../errors/errors.ts';
import { IDEMPOTENCY_KEY_PATTERN, newLabelId } from '../ids.ts';
import type { Issuer } from '../issuers/issuer.ts';
import { signSigningInput, signingInputFor } from '../jws/compact-jws.ts';
import { LABEL_TOKEN } from '../tokens/label-token.ts';
import type { Signer } from '../signing/signer.ts';
import { judgeScope, type LabelScopeFacts } from '../accreditation/scope.ts';
import type { AccreditationStore, IdempotencyStore, LabelStore } from '../store/store.ts';
import { parseInput } from '../validation/parse-input.ts';
import { claimsFor, type LabelClaims } from './claims.ts';
import { compactQrOverflow, labelFitIssues } from './fits.ts';
import { buildLabelRecord, recordDigest, type LabelRecord, type StoredLabel } from './record.ts';
import { createLabelRequestSchema, type LabelRequest } from './request-schema.ts';

/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** What issuing needs. */
export interface IssueLabelDeps {
  readonly store: Pick<LabelStore, 'createLabel' | 'getLabel'> & IdempotencyStore & Pick<AccreditationStore, 'listAccreditations'>;
  readonly signer: Signer;
  readonly now: () => Date;
  /** Validity when the request names no `validUntil`. */
  readonly defaultValidityDays: number;
  /** Base of the QR codes' URLs: the full QR must hold `{publicBaseUrl}/v/{token}`. */
  readonly publicBaseUrl: string;
}

/** The issued label, and whether it was an idempotent replay of an earlier request. */
export interface IssueLabelResult {
  readonly label: StoredLabel;
  readonly replayed: boolean;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A record's digest and the token that binds it. */
export interface SealedRecord {
  readonly digest: string;
  readonly token: string;
}

/** A record with its digest, claims and signing input: everything but the signature. */
export interface UnsealedRecord {
  readonly record: LabelRecord;
  readonly digest: string;
  readonly claims: LabelClaims;
  readonly signingInput: string;
}

/** Digest, claims and signing input of `record` for `signer`; deterministic, nothing signed yet. */
export function unsealedRecord(record: LabelRecord, signer: Pick<Signer, 'alg' | 'kid'>): UnsealedRecord {
  const digest = recordDigest(record);
  const claims = claimsFor(record, digest);
  return { record, digest, claims, signingInput: signingInputFor(signer, LABEL_TOKEN, claims) };
}

/**
 * The signing step of issuance, without storage or checks: canonical digest, claims, signature,
 * compact serialisation. Exported so `npm run bench` measures exactly what issuance runs.
 */
export async function sealLabelRecord(record: LabelRecord, signer: Signer): Promise<SealedRecord> {
  const { digest, signingInput } = unsealedRecord(record, signer);
  return { digest, token: await signSigningInput(signer, signingInput) };
}

/**
 * Builds the record under `labelId` and refuses it, before anything is signed or claimed, when
 * its token would not verify or its QR codes would not draw.
 * @throws {ValidationError} naming the fields to change.
 * @throws {ConfigurationError} when the service's base URL is too long for any QR code.
 */
function prepareLabel(deps: IssueLabelDeps, issuer: Issuer, request: LabelRequest, now: Date, labelId: string, accreditationId: string): UnsealedRecord {
  const record = buildLabelRecord({
    id: labelId,
    issuer: { id: issuer.id, name: issuer.name },
    request,
    issuedAt: now,
    defaultValidityDays: deps.defaultValidityDays,
    accreditationId,
  });
  const compact = compactQrOverflow(deps.publicBaseUrl, labelId);
  if (compact !== undefined) {
    throw new ConfigurationError(`PUBLIC_BASE_URL is too long: the compact QR code's ${compact.length}-character URL cannot be drawn, so no label is issued`);
  }
  const unsealed = unsealedRecord(record, deps.signer);
  const issues = labelFitIssues({ record, claims: unsealed.claims, signingInput: unsealed.signingInput, baseUrl: deps.publicBaseUrl });
  if (issues.length > 0) {
    const fields = [...new Set(issues.map((i) => i.path))].join(', ');
    throw new ValidationError(`label request is invalid: ${fields}`, issues);
  }
  return unsealed;
}

/** The scope facts of a request: what an accreditation must cover. */
export function scopeFactsOf(request: LabelRequest): LabelScopeFacts {
  return {
    hsCode: request.product.hsCode,
    standards: request.footprint.crossSectoralStandards,
    markets: request.cbam ? ['EU'] : [],
    gtins: request.product.ids.filter((id) => id.startsWith(GTIN_URN)).map((id) => id.slice(GTIN_URN.length)),
  };
}

const GTIN_URN = 'urn:gtin:';

/**
 * The accreditation `issuer` issues this request under: the issuer's accreditations are read
 * once, and judged at `now`.
 * @throws {ForbiddenError} `not_accredited` or `outside_accreditation` (its issues name each gap).
 */
async function accreditationFor(deps: IssueLabelDeps, issuer: Issuer, request: LabelRequest, now: Date): Promise<string> {
  const decision = judgeScope(await deps.store.listAccreditations(issuer.id), scopeFactsOf(request), now);
  switch (decision.outcome) {
    case 'matched':
      return decision.accreditation.id;
    case 'not_accredited':
      throw new ForbiddenError(`issuer ${issuer.id} may not issue labels. ${decision.message}`, 'not_accredited');
    case 'outside_accreditation':
      throw new ForbiddenError(decision.message, 'outside_accreditation', { issues: decision.gaps.map((g) => ({ path: g.field, message: g.message })) });
  }
}

/**
 * Issues a label for `issuer` from an untrusted request body, under the first of its
 * accreditations in force that covers the product (its id is bound into the record and token).
 * @throws {ForbiddenError} `issuer_withdrawn` or `issuer_suspended` when the issuer may not issue;
 *   `not_accredited` or `outside_accreditation` when no accreditation covers the label.
 * @throws {ValidationError} naming every failing field; nothing is stored or signed.
 * @throws {ConflictError} `idempotency_key_reused` when the key was used with another body.
 * @throws {ServiceUnavailableError} when storage or the signer fails; no token is returned.
 */
export async function issueLabel(deps: IssueLabelDeps, issuer: Issuer, body: unknown, idempotencyKey?: string): Promise<IssueLabelResult> {
  if (issuer.status === 'withdrawn') {
    throw new ForbiddenError(`issuer ${issuer.id} was withdrawn by the scheme operator and can never issue labels again`, 'issuer_withdrawn');
  }
  if (issuer.status !== 'active') {
    throw new ForbiddenError(`issuer ${issuer.id} is suspended and cannot issue labels`, 'issuer_suspended');
  }
  const now = deps.now();
  const request = parseInput(
    createLabelRequestSchema(() => now),
    body,
    'label request',
  );
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new ValidationError('Idempotency-Key is invalid', [{ path: 'headers.idempotency-key', message: 'must be 1–255 visible ASCII characters' }]);
  }

  // Judged before the key is claimed, so a refused request claims none.
  const accreditationId = await accreditationFor(deps, issuer, request, now);
  let labelId = newLabelId();
  // Judged before the key is claimed: every label id has the same length, so the verdict holds
  // for the id an earlier attempt may have claimed.
  let unsealed = prepareLabel(deps, issuer, request, now, labelId, accreditationId);
  if (idempotencyKey !== undefined) {
    const requestHash = sha256Hex(canonicalJson(body));
    const claim = await deps.store.claimIdempotencyKey(
      {
        issuerId: issuer.id,
        keyHash: sha256Hex(idempotencyKey),
        requestHash,
        labelId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000).toISOString(),
      },
      now.toISOString(),
    );
    if (!claim.claimed) {
      if (claim.existing.requestHash !== requestHash) {
        throw new ConflictError('this Idempotency-Key was already used with a different request body', 'idempotency_key_reused');
      }
      labelId = claim.existing.labelId;
      const earlier = await deps.store.getLabel(labelId);
      if (earlier) return { label: earlier, replayed: true };
      // The first attempt claimed the key but has not stored (or failed to store) its label:
      // carry on under the same id; the conditional create below lets exactly one win.
      unsealed = prepareLabel(deps, issuer, request, now, labelId, accreditationId);
    }
  }

  const { record, digest, signingInput } = unsealed;
  let token: string;
  try {
    token = await signSigningInput(deps.signer, signingInput);
  } catch (cause) {
    throw new ServiceUnavailableError('the signing key could not sign', { cause });
  }
  const label: StoredLabel = { record, digest, token, kid: deps.signer.kid, status: 'active' };
  if ((await deps.store.createLabel(label)) === 'created') return { label, replayed: false };
  // "exists" is usually our own write: storage applied it, its answer was lost and the client's
  // retry of the conditional put then found it. The stored token is then exactly ours.
  const winner = await deps.store.getLabel(labelId);
  if (idempotencyKey === undefined) {
    if (winner?.token === token) return { label: winner, replayed: false };
    // An 80-bit id collided: vanishingly rare, but never hand out someone else's label.
    return issueLabel(deps, issuer, body);
  }
  if (!winner) throw new ServiceUnavailableError(`label ${labelId} vanished during a concurrent retry`);
  return { label: winner, replayed: winner.token !== token };
}
