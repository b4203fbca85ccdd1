/**
 * `carbon-label trust pull|show|root`: the trust bundle for offline verification. A service that
 * publishes a signed trust list gets a pinned (v2) bundle (`trust-pinned.ts`); one that does not
 * (an older deployment) a legacy v1 bundle, with a warning, unless `--pin` insists on a scheme.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createTrustBundleFile,
  loadTrustBundle,
  sameServiceUrl,
  TrustBundleError,
  type TrustBundle,
  type TrustBundleFile,
} from '../../shared/trust/trust-bundle.ts';
import { describeAge } from '../../shared/trust/bundle-freshness.ts';
import { keepCompromisedKeys, type KeptCompromise } from '../../shared/trust/compromise-memory.ts';
import { JwksSchema, type ParsedJwks } from '../../shared/trust/jwks-schema.ts';
import { CliError } from '../cli-error.ts';
import { plainHttpWarning, requestJson, requestText, serviceUrl } from '../http-client.ts';
import { assertReplaceable, replaceFileNoFollow } from '../safe-write.ts';
import { printable, writeErr, writeJson, writeOut } from '../terminal-text.ts';
import { fetchRootDocument, pullPinned } from './trust-pinned.ts';

/** Where bundles go and come from when no path is given. */
export const DEFAULT_TRUST_FILE = 'trust-bundle.json';

interface Flags {
  url?: string | undefined;
  out?: string | undefined;
  /** Repeatable for `verify` (federation); `trust show` reads the first. */
  trust?: string[] | undefined;
  pin?: string | undefined;
  json?: boolean | undefined;
}

/** Whether an HTTP failure says the service publishes no scheme (an older deployment, or none published yet). */
function noSchemePublished(error: unknown): boolean {
  return error instanceof CliError && /^(404|503) /.test(error.message);
}

/** Reads and verifies a bundle file; a `CliError` says what is wrong. */
export function readTrustBundle(path: string): TrustBundle {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new CliError(`cannot read trust bundle ${printable(path)}: ${printable((cause as Error).message)}; run "carbon-label trust pull" first`);
  }
  try {
    return loadTrustBundle(content);
  } catch (error) {
    if (error instanceof TrustBundleError) throw new CliError(`trust bundle ${printable(path)} refused: ${printable(error.message)}`);
    throw error;
  }
}

/**
 * What the bundle already at `path` says: the whole verified bundle when it still loads (for
 * rollback protection), and its JWKS whenever that parses, so a compromise it recorded is kept
 * even if the rest of the file no longer checks (if it was pulled from `base`). Nothing when
 * there is no file.
 */
function readHeldBundle(path: string, base: string): { bundle?: TrustBundle; jwks?: ParsedJwks } {
  if (!existsSync(path)) return {};
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {}; // unreadable: replacing it is the point of pulling
  }
  const { jwks: heldJwks, source } = (typeof content === 'object' && content !== null ? content : {}) as { jwks?: unknown; source?: unknown };
  // Key memory is per service: a file that held another service's bundle teaches nothing here.
  const jwks = typeof source === 'string' && sameServiceUrl(source, base) ? JwksSchema.safeParse(heldJwks) : { success: false as const };
  let bundle: TrustBundle | undefined;
  try {
    bundle = loadTrustBundle(content);
  } catch {
    bundle = undefined; // invalid: replaced, but its compromised keys are still kept
  }
  return { ...(bundle ? { bundle } : {}), ...(jwks.success ? { jwks: jwks.data } : {}) };
}

function describeKept(k: KeptCompromise, base: string, out: string): string {
  const since = k.compromisedAt ? ` since ${k.compromisedAt}` : '';
  const what = k.served === 'absent' ? `${printable(base)} no longer lists key ${k.kid}` : `${printable(base)} lists key ${k.kid} as ${k.served}`;
  return `${what}, but ${printable(out)} has it as compromised${since}; keeping it compromised (a compromised key is never trusted again; if this is unexpected, the service's key records may have been rolled back or someone else answered in its name)`;
}

/** What a pinned bundle's trust list holds, in counts. */
export function trustListCounts(
  bundle: TrustBundle,
): { seq: number; issuedAt: string; nextUpdate: string; issuers: number; accreditations: number } | undefined {
  const list = bundle.trustList;
  if (!list) return undefined;
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return {
    seq: list.seq,
    issuedAt: iso(list.iat),
    nextUpdate: iso(list.nxt),
    issuers: list.issuers.length,
    accreditations: list.issuers.reduce((n, i) => n + i.accreditations.length, 0),
  };
}

function describe(bundle: TrustBundle, path: string, now: Date): string {
  const counts = { active: 0, retired: 0, compromised: 0 };
  for (const key of bundle.jwks.keys) counts[key.status]++;
  const list = bundle.revocationList;
  const t = trustListCounts(bundle);
  const scheme = bundle.scheme
    ? [
        `  scheme:       ${printable(bundle.scheme.name)} (${printable(bundle.scheme.id)})`,
        `  pin:          ${printable(bundle.pin ?? '')}${bundle.pin !== bundle.scheme.rootThumbprint ? ` (current root ${printable(bundle.scheme.rootThumbprint)}, by rotation)` : ''}`,
        `  trust list:   seq ${t?.seq}, issued ${t?.issuedAt}; next due ${t?.nextUpdate}`,
        `  issuers:      ${t?.issuers} (${t?.accreditations} accreditations)`,
      ]
    : ['  scheme:       none (legacy bundle: not pinned to a scheme root; pull again with --pin)'];
  return [
    `Trust bundle ${printable(path)}`,
    ...scheme,
    `  source:       ${printable(bundle.source)}`,
    `  fetched at:   ${bundle.fetchedAt} (${describeAge((now.getTime() - Date.parse(bundle.fetchedAt)) / 1000)} ago)`,
    `  keys:         ${bundle.jwks.keys.length} (${counts.active} active, ${counts.retired} retired, ${counts.compromised} compromised)`,
    `  revocations:  ${list.entries.length}, complete up to ${list.issuedAt}; next list due ${list.nextUpdate}`,
    '',
  ].join('\n');
}

/** Runs `trust …`. */
export async function trustCommand(args: string[], flags: Flags): Promise<number> {
  const [action] = args;
  switch (action) {
    case 'pull': {
      const base = serviceUrl(flags.url);
      const out = resolve(flags.out ?? DEFAULT_TRUST_FILE);
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        writeErr(`carbon-label: warning: ${message}\n`);
      };
      const insecure = plainHttpWarning(base);
      if (insecure) warn(insecure);
      // Refused before anything is fetched: the bundle is never written through a symbolic link.
      assertReplaceable(out);
      const held = readHeldBundle(out, base);
      let file: TrustBundleFile;
      let pin: string | undefined;
      let legacy: string | undefined;
      try {
        const pulled = await pullPinned(base, { ...(flags.pin !== undefined ? { pin: flags.pin } : {}), ...(held.bundle ? { held: held.bundle } : {}), warn });
        file = pulled.file;
        pin = pulled.pin;
      } catch (error) {
        // Only an unpinned pull from a service with no scheme falls back to the legacy bundle.
        if (flags.pin !== undefined || held.bundle?.version === 2 || !noSchemePublished(error)) throw error;
        // Not a warning on stderr: an older deployment is not an attack. `trust show` and the
        // saved summary say "legacy", and --pin refuses such a service outright.
        legacy = `${printable(base)} publishes no signed trust list; saved a legacy bundle that is not pinned to any scheme root (its verdicts name no scheme)`;
        file = await pullLegacy(base, out, held, warn);
      }
      const bundle = loadTrustBundle(file);
      // Rollback protection: never replace a bundle with one whose revocation list is older
      // (a replayed list would hide revocations made in between).
      const previous = held.bundle;
      if (previous && Date.parse(bundle.revocationList.issuedAt) < Date.parse(previous.revocationList.issuedAt)) {
        throw new CliError(
          `${printable(base)} served a revocation list issued ${bundle.revocationList.issuedAt}, older than the one in ${printable(out)} (${previous.revocationList.issuedAt}); keeping the existing bundle (a replayed list would hide newer revocations)`,
        );
      }
      replaceFileNoFollow(out, `${JSON.stringify(file)}\n`);
      if (flags.json) {
        const t = trustListCounts(bundle);
        writeJson({
          file: out,
          source: base,
          fetchedAt: file.fetchedAt,
          ...(bundle.scheme ? { scheme: bundle.scheme, pin, trustList: t } : {}),
          keys: bundle.jwks.keys.length,
          revocations: bundle.revocationList.entries.length,
          listIssuedAt: bundle.revocationList.issuedAt,
          listNextUpdate: bundle.revocationList.nextUpdate,
          ...(warnings.length ? { warnings } : {}),
          ...(legacy ? { legacy } : {}),
        });
      } else {
        writeOut(`Saved.${legacy ? ` Note: ${legacy}.` : ''}\n${describe(bundle, out, new Date())}`);
      }
      return 0;
    }
    case 'root': {
      const base = serviceUrl(flags.url);
      const root = await fetchRootDocument(base);
      if (flags.json) writeJson({ source: base, scheme: root.scheme, thumbprint: root.thumbprint, jwk: root.jwk });
      else
        writeOut(
          `Scheme ${printable(root.scheme.name)} (${printable(root.scheme.id)}) at ${printable(base)}\nScheme root pin: ${root.thumbprint}\n(the thumbprint checks against the key served; compare it with the pin the scheme operator publishes out of band, then: carbon-label trust pull --pin ${root.thumbprint})\n`,
        );
      return 0;
    }
    case 'show': {
      if ((flags.trust?.length ?? 0) > 1) throw new CliError('trust show takes one --trust FILE', 2);
      const path = resolve(flags.trust?.[0] ?? DEFAULT_TRUST_FILE);
      const bundle = readTrustBundle(path);
      if (flags.json)
        writeJson({
          file: path,
          version: bundle.version,
          source: bundle.source,
          fetchedAt: bundle.fetchedAt,
          ...(bundle.scheme ? { scheme: bundle.scheme, pin: bundle.pin, trustList: trustListCounts(bundle) } : {}),
          jwks: bundle.jwks,
          revocationList: bundle.revocationList,
        });
      else writeOut(describe(bundle, path, new Date()));
      return 0;
    }
    default:
      throw new CliError('usage: carbon-label trust pull [--url URL] [--pin THUMBPRINT] [--out FILE] | trust show [--trust FILE] | trust root [--url URL]', 2);
  }
}

/** A legacy (v1) pull: the unsigned JWKS, with compromised keys remembered, and the revocation list. */
async function pullLegacy(base: string, out: string, held: { jwks?: ParsedJwks }, warn: (message: string) => void): Promise<TrustBundleFile> {
  const fetchedAt = new Date();
  const [served, revocations] = await Promise.all([
    requestJson('GET', `${base}/.well-known/jwks.json`),
    requestText(`${base}/revocations`, { accept: 'application/jwt' }),
  ]);
  // A key the held bundle knows as compromised stays compromised, whatever the service says now.
  let jwks = served;
  const parsed = JwksSchema.safeParse(served);
  if (held.jwks && parsed.success) {
    const merged = keepCompromisedKeys(held.jwks, parsed.data);
    jwks = merged.jwks;
    for (const k of merged.kept) warn(describeKept(k, base, out));
  }
  try {
    // Verified before it is saved: a list that does not check against the JWKS is never kept.
    return createTrustBundleFile({ source: base, fetchedAt, jwks, revocations });
  } catch (error) {
    if (error instanceof TrustBundleError) {
      // Right after a rotation the JWKS may lag the list's new key by the keyring refresh (30 s).
      const hint = /not in the key set/.test(error.message) ? ' (if a key was just rotated, try again in a minute)' : '';
      throw new CliError(`refusing what ${printable(base)} served: ${printable(error.message)}${hint}`);
    }
    throw error;
  }
}
