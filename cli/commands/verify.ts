/**
 * `carbon-label verify`: one token, verify URL or QR photo, or a shipment manifest (`--batch`),
 * online (`POST /verify`) or offline against trust bundles (`--offline --trust FILE`, repeatable:
 * one pinned bundle per scheme trusted), which makes no network call at all. Offline, a label whose
 * key is in none of the pinned bundles is `untrusted_scheme`. Exit code 0 only when every label is `valid` (and, offline, the bundle
 * is not stale); see {@link VERIFY_EXIT}.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLabelUrl } from '../../shared/label/label-urls.ts';
import { MAX_BATCH } from '../../shared/verification/verify-request.ts';
import { summarise } from '../../shared/verification/verify-batch.ts';
import type { Verdict } from '../../shared/verification/verdict.ts';
import { DEFAULT_MAX_BUNDLE_AGE_HOURS, bundleFreshness, describeAge, type BundleFreshness } from '../../shared/trust/bundle-freshness.ts';
import type { Revocation } from '../../shared/label/record.ts';
import { bundleRevocations, formatSuccessorChain, successorChain, type RevocationLookup, type SuccessorLink } from '../../shared/trust/successor-chain.ts';
import { verifyWithTrustBundles } from '../../shared/verification/verify-with-trust-bundle.ts';
import type { TrustBundle } from '../../shared/trust/trust-bundle.ts';
import { CliError } from '../cli-error.ts';
import { requestJson, serviceUrl } from '../http-client.ts';
import { imageKind, QrImageError, readQrFromImage } from '../qr-image.ts';
import { printable, writeErr, writeJson, writeOut } from '../terminal-text.ts';
import { DEFAULT_TRUST_FILE, readTrustBundle } from './trust.ts';

interface Flags {
  url?: string | undefined;
  json?: boolean | undefined;
  offline?: boolean | undefined;
  trust?: string[] | undefined;
  batch?: string | undefined;
  'max-age'?: string | undefined;
}

/**
 * Exit codes of `verify` (docs/offline-verification.md, "Exit codes"). `STALE_BUNDLE` wins over
 * the verdicts: a script that reads only the exit code must not take a stale answer for a current
 * one, either way (a label revoked or a key rotated since the pull is unknown to the bundle).
 */
export const VERIFY_EXIT = { ALL_VALID: 0, NOT_ALL_VALID: 1, USAGE: 2, STALE_BUNDLE: 3 } as const;

/** One checked item with where it came from. */
interface Checked {
  readonly line?: number;
  readonly verdict: Verdict;
  readonly successors?: readonly SuccessorLink[];
}

/** The text to verify: the argument itself, or the QR code in the image file it names. */
export function resolveInput(arg: string): string {
  if (arg.length < 1024 && existsSync(arg) && statSync(arg).isFile()) {
    const bytes = readFileSync(arg);
    if (!imageKind(bytes)) throw new CliError(`${printable(arg)} is a file but not a PNG or JPEG image`);
    try {
      return readQrFromImage(bytes);
    } catch (error) {
      if (error instanceof QrImageError) throw new CliError(`${printable(arg)}: ${printable(error.message)}`);
      throw error;
    }
  }
  return arg;
}

/** Reads a manifest: one token or verify URL per line; blank lines and `#` comments skipped. */
export function readManifest(path: string): { line: number; input: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read manifest ${printable(path)}: ${printable((cause as Error).message)}`);
  }
  const items: { line: number; input: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const input = raw.trim();
    if (input !== '' && !input.startsWith('#')) items.push({ line: i + 1, input });
  });
  if (items.length === 0) throw new CliError(`manifest ${printable(path)} lists no labels`);
  return items;
}

function parseMaxAgeHours(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BUNDLE_AGE_HOURS;
  const hours = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(hours)) throw new CliError('--max-age takes a number of hours, e.g. 24 or 0.5', 2);
  return hours;
}

/** A verdict for input that cannot be checked here (not from the service). */
function localFailure(reason: string, now: Date): Verdict {
  return { status: 'malformed', valid: false, reason, checkedAt: now.toISOString(), statusSource: { kind: 'none' } };
}

/** Online: the service checks tokens, verify URLs and compact URLs (`/l/{id}`, by id) alike. */
async function verifyOnline(base: string, inputs: readonly string[]): Promise<Checked[]> {
  const verdicts: Verdict[] = [];
  for (let i = 0; i < inputs.length; i += MAX_BATCH) {
    const chunk = inputs.slice(i, i + MAX_BATCH);
    if (chunk.length === 1 && inputs.length === 1) {
      verdicts.push((await requestJson('POST', `${base}/verify`, { body: { token: chunk[0] } })) as Verdict);
    } else {
      const out = (await requestJson('POST', `${base}/verify`, { body: { tokens: chunk } })) as { results: Verdict[] };
      verdicts.push(...out.results);
    }
  }
  // A successor's own revocation, as the service has it now (none when it is not revoked or not found).
  const revocationOf: RevocationLookup = async (id) => {
    const label = (await requestJson('GET', `${base}/labels/${encodeURIComponent(id)}`).catch(() => undefined)) as { revocation?: Revocation } | undefined;
    return label?.revocation;
  };
  return Promise.all(verdicts.map((verdict) => withSuccessors(verdict, revocationOf)));
}

/** Offline: the bundles' keys and revocation lists; a compact URL cannot be checked without the service. */
function verifyOffline(bundles: readonly TrustBundle[], inputs: readonly string[], now: Date): Promise<Checked[]> {
  return Promise.all(
    inputs.map((input) => {
      if (parseLabelUrl(input)?.kind === 'id') {
        return { verdict: localFailure('A compact QR code carries only the label id; it can be checked online only.', now) };
      }
      const verdict = verifyWithTrustBundles(bundles, input, now);
      // Successors are looked up in the bundle of the scheme that judged the label.
      const bundle = bundles.find((b) => verdict.kid !== undefined && b.keys(verdict.kid) !== undefined) ?? bundles[0]!;
      return withSuccessors(verdict, bundleRevocations(bundle));
    }),
  );
}

/** A verdict with the successor chain of its revocation, followed the same way online and offline. */
async function withSuccessors(verdict: Verdict, revocationOf: RevocationLookup): Promise<Checked> {
  const successors = verdict.labelId && verdict.revocation?.supersededBy ? await successorChain(verdict.labelId, verdict.revocation, revocationOf) : [];
  return { verdict, ...(successors.length > 0 ? { successors } : {}) };
}

function describeVerdict(item: Checked, prefix: string): string {
  const v = item.verdict;
  const p = printable;
  const lines = [
    `${prefix}${p(String(v.status).toUpperCase())}${v.labelId ? `  label ${p(v.labelId)}` : ''}${v.kid ? `  (key ${p(String(v.kid).slice(0, 12))}…)` : ''}`,
  ];
  lines.push(`  ${p(v.reason)}`);
  if (v.claim) {
    const c = v.claim;
    const f = c.footprint;
    lines.push(
      `  ${p(c.product.name)} (${p(c.product.id)}) by ${p(c.issuer.name)} (${p(c.issuer.id)}): ${p(f.pcfExcludingBiogenicUptake)} kgCO2e per ${p(f.declaredUnitAmount)} ${p(f.declaredUnitOfMeasurement)}, ${p(f.boundary)}, ${p(f.geographyCountry)}, valid until ${p(c.validUntil)}`,
    );
  }
  if (v.scheme) lines.push(`  scheme ${p(v.scheme.name)} (${p(v.scheme.id)}), root ${p(v.scheme.rootThumbprint)}`);
  if (v.issuer) {
    const a = v.issuer.accreditation;
    const scope = a
      ? [
          a.scope.productCategory ? `HS ${a.scope.productCategory}` : `HS ${a.scope.productCategories.join(', ')}`,
          ...(a.scope.markets ? [`markets ${a.scope.markets.join(', ')}`] : []),
        ].join('; ')
      : '';
    lines.push(
      a
        ? `  issuer ${p(v.issuer.name)} accredited by ${p(a.accreditedBy)} (${p(a.reference)}) for ${p(scope)}; accreditation ${p(a.status)}`
        : `  issuer ${p(v.issuer.name)} listed by the scheme (${p(v.issuer.status ?? 'active')}); the label names no accreditation`,
    );
  }
  for (const w of v.warnings ?? []) lines.push(`  warning: ${p(w.message)}`);
  if (v.revocation) {
    lines.push(`  revoked at ${p(v.revocation.revokedAt)}`);
    if (v.revocation.supersededBy) {
      const chain = item.successors?.length ? item.successors : [{ labelId: v.revocation.supersededBy }];
      lines.push(`  superseded by ${formatSuccessorChain(chain, p)}`);
    }
  }
  if (v.statusSource?.kind === 'offline' && v.statusSource.asOf) lines.push(`  revocation status from the trust bundle, as of ${p(v.statusSource.asOf)}`);
  return `${lines.join('\n')}\n`;
}

function describeTrust(f: BundleFreshness, bundle: TrustBundle): string {
  const scheme = bundle.scheme ? ` for ${printable(bundle.scheme.name)} (pinned ${printable(bundle.pin ?? '')})` : ' (legacy, no scheme)';
  return `Checked offline. Trust bundle fetched ${f.fetchedAt}${scheme}; revocation status as of ${f.listIssuedAt} (${describeAge(f.ageSeconds)} old, allowed ${describeAge(f.maxAgeSeconds)}).\n`;
}

/** Runs `verify …`. */
export async function verifyCommand(args: string[], flags: Flags): Promise<number> {
  const now = new Date();
  const maxAgeHours = parseMaxAgeHours(flags['max-age']);
  let items: { line?: number; input: string }[];
  if (flags.batch) {
    if (args.length > 0) throw new CliError('verify takes either a token/URL/image or --batch FILE, not both', 2);
    items = readManifest(flags.batch);
  } else {
    if (args.length !== 1)
      throw new CliError(
        'usage: carbon-label verify <token | verify URL | QR image file> [--offline --trust FILE] [--json] [--max-age HOURS]\n       carbon-label verify --batch FILE [--offline --trust FILE] [--json]',
        2,
      );
    items = [{ input: resolveInput(args[0]!) }];
  }

  let checked: Checked[];
  let bundles: TrustBundle[] = [];
  let freshness: BundleFreshness[] = [];
  if (flags.offline) {
    const paths = flags.trust?.length ? flags.trust : [DEFAULT_TRUST_FILE];
    bundles = paths.map((path) => readTrustBundle(resolve(path)));
    // Two schemes may share an id (a look-alike copies it); verdicts tell them apart by root. The same root twice is a mistake.
    const pins = bundles.flatMap((b) => (b.pin ? [b.pin] : []));
    if (new Set(pins).size !== pins.length) throw new CliError('two --trust bundles are pinned to the same scheme root; give each scheme once', 2);
    freshness = bundles.map((b) => bundleFreshness(b, now, Math.round(maxAgeHours * 3600)));
    checked = await verifyOffline(
      bundles,
      items.map((i) => i.input),
      now,
    );
  } else {
    if (flags.trust) throw new CliError('--trust is used with --offline', 2);
    checked = await verifyOnline(
      serviceUrl(flags.url),
      items.map((i) => i.input),
    );
  }
  checked = checked.map((c, i) => (items[i]!.line !== undefined ? { line: items[i]!.line, ...c } : c));
  const allValid = checked.every((c) => c.verdict.status === 'valid');

  const trust = freshness[0];
  const stale = freshness.some((f) => f.stale);
  const warnings = [...new Set(freshness.flatMap((f) => [f.clockWarning, f.warning]).filter((w): w is string => w !== undefined))];
  for (const w of warnings) writeErr(`carbon-label: warning: ${w}\n`);
  if (flags.json) {
    // `trust` is the first bundle's (as before federation); `trustBundles` lists each with its scheme.
    const trustJson = trust
      ? { trust, trustBundles: bundles.map((b, i) => ({ source: b.source, ...(b.scheme ? { scheme: b.scheme } : {}), ...freshness[i]! })) }
      : {};
    const out = flags.batch
      ? {
          summary: summarise(checked.map((c) => c.verdict)),
          results: checked.map((c) => ({ line: c.line, ...c.verdict, ...(c.successors ? { successors: c.successors } : {}) })),
          ...trustJson,
        }
      : { ...checked[0]!.verdict, ...(checked[0]!.successors ? { successors: checked[0]!.successors } : {}), ...trustJson };
    writeJson(out);
  } else {
    let text = '';
    if (flags.batch) {
      const summary = summarise(checked.map((c) => c.verdict));
      const counts = Object.entries(summary)
        .filter(([k]) => k !== 'total')
        .map(([k, n]) => `${printable(k)} ${n}`)
        .join(', ');
      text += `Manifest ${printable(flags.batch)}: ${summary.total} labels: ${counts}\n${allValid ? 'ALL VALID' : 'NOT ALL VALID'}\n\n`;
      for (const c of checked) text += describeVerdict(c, `line ${c.line}: `);
    } else {
      text += describeVerdict(checked[0]!, '');
    }
    if (trust) text += `\n${freshness.map((f, i) => describeTrust(f, bundles[i]!)).join('')}`;
    for (const w of warnings) text += `WARNING: ${w}\n`;
    writeOut(text);
  }
  if (stale) return VERIFY_EXIT.STALE_BUNDLE;
  return allValid ? VERIFY_EXIT.ALL_VALID : VERIFY_EXIT.NOT_ALL_VALID;
}
