/** `carbon-label trust pull|show`: the trust bundle for offline verification. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTrustBundleFile, loadTrustBundle, TrustBundleError, type TrustBundle } from '../../shared/trust/trust-bundle.ts';
import { describeAge } from '../../shared/trust/bundle-freshness.ts';
import { CliError } from '../cli-error.ts';
import { requestJson, requestText, serviceUrl } from '../http-client.ts';
import { printable, writeJson, writeOut } from '../terminal-text.ts';

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
    throw new CliError(`cannot read trust bundle ${path}: ${(cause as Error).message}; run "carbon-label trust pull" first`);
  }
  try {
    return loadTrustBundle(content);
  } catch (error) {
    if (error instanceof TrustBundleError) throw new CliError(`trust bundle ${path} refused: ${error.message}`);
    throw error;
  }
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
      const fetchedAt = new Date();
      const [jwks, revocations] = await Promise.all([
        requestJson('GET', `${base}/.well-known/jwks.json`),
        requestText(`${base}/revocations`, { accept: 'application/jwt' }),
      ]);
      let file;
      try {
        // Verified before it is saved: a list that does not check against the JWKS is never kept.
        file = createTrustBundleFile({ source: base, fetchedAt, jwks, revocations });
      } catch (error) {
        if (error instanceof TrustBundleError) {
          // Right after a rotation the JWKS may lag the list's new key by the keyring refresh (30 s).
          const hint = /not in the key set/.test(error.message) ? ' (if a key was just rotated, try again in a minute)' : '';
          throw new CliError(`refusing what ${base} served: ${printable(error.message)}${hint}`);
        }
        throw error;
      }
      const bundle = loadTrustBundle(file);
      // Rollback protection: never replace a bundle with one whose revocation list is older
      // (a replayed list would hide revocations made in between).
      if (existsSync(out)) {
        let previous: TrustBundle | undefined;
        try {
          previous = loadTrustBundle(JSON.parse(readFileSync(out, 'utf8')));
        } catch {
          previous = undefined; // unreadable or invalid: replacing it is the point of pulling
        }
        if (previous && Date.parse(bundle.revocationList.issuedAt) < Date.parse(previous.revocationList.issuedAt)) {
          throw new CliError(
            `${base} served a revocation list issued ${bundle.revocationList.issuedAt}, older than the one in ${out} (${previous.revocationList.issuedAt}); keeping the existing bundle (a replayed list would hide newer revocations)`,
          );
        }
      }
      const tmp = `${out}.tmp-${process.pid}`;
      writeFileSync(tmp, `${JSON.stringify(file)}\n`, { mode: 0o644 });
      renameSync(tmp, out);
      if (flags.json) {
        writeJson({ file: out, source: base, fetchedAt: file.fetchedAt, keys: file.jwks.keys.length, revocations: bundle.revocationList.entries.length, listIssuedAt: bundle.revocationList.issuedAt, listNextUpdate: bundle.revocationList.nextUpdate });
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
