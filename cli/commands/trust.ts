/** `carbon-label trust pull|show`: the trust bundle for offline verification. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTrustBundleFile, loadTrustBundle, sameServiceUrl, TrustBundleError, type TrustBundle } from '../../shared/trust/trust-bundle.ts';
import { describeAge } from '../../shared/trust/bundle-freshness.ts';
import { keepCompromisedKeys, type KeptCompromise } from '../../shared/trust/compromise-memory.ts';
import { JwksSchema, type ParsedJwks } from '../../shared/trust/jwks-schema.ts';
import { CliError } from '../cli-error.ts';
import { plainHttpWarning, requestJson, requestText, serviceUrl } from '../http-client.ts';
import { assertReplaceable, replaceFileNoFollow } from '../safe-write.ts';
import { printable, writeErr, writeJson, writeOut } from '../terminal-text.ts';

/** Where bundles go and come from when no path is given. */
export const DEFAULT_TRUST_FILE = 'trust-bundle.json';

interface Flags {
  url?: string | undefined;
  out?: string | undefined;
  trust?: string | undefined;
  json?: boolean | undefined;
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

function describe(bundle: TrustBundle, path: string, now: Date): string {
  const counts = { active: 0, retired: 0, compromised: 0 };
  for (const key of bundle.jwks.keys) counts[key.status]++;
  const list = bundle.revocationList;
  return [
    `Trust bundle ${printable(path)}`,
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
      let file;
      try {
        // Verified before it is saved: a list that does not check against the JWKS is never kept.
        file = createTrustBundleFile({ source: base, fetchedAt, jwks, revocations });
      } catch (error) {
        if (error instanceof TrustBundleError) {
          // Right after a rotation the JWKS may lag the list's new key by the keyring refresh (30 s).
          const hint = /not in the key set/.test(error.message) ? ' (if a key was just rotated, try again in a minute)' : '';
          throw new CliError(`refusing what ${printable(base)} served: ${printable(error.message)}${hint}`);
        }
        throw error;
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
        writeJson({
          file: out,
          source: base,
          fetchedAt: file.fetchedAt,
          keys: file.jwks.keys.length,
          revocations: bundle.revocationList.entries.length,
          listIssuedAt: bundle.revocationList.issuedAt,
          listNextUpdate: bundle.revocationList.nextUpdate,
          ...(warnings.length ? { warnings } : {}),
        });
      } else {
        writeOut(`Saved.\n${describe(bundle, out, new Date())}`);
      }
      return 0;
    }
    case 'show': {
      const path = resolve(flags.trust ?? DEFAULT_TRUST_FILE);
      const bundle = readTrustBundle(path);
      if (flags.json) writeJson({ file: path, source: bundle.source, fetchedAt: bundle.fetchedAt, jwks: bundle.jwks, revocationList: bundle.revocationList });
      else writeOut(describe(bundle, path, new Date()));
      return 0;
    }
    default:
      throw new CliError('usage: carbon-label trust pull [--url URL] [--out FILE] | trust show [--trust FILE]', 2);
  }
}
