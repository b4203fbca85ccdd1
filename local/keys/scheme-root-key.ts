/**
 * The embedded default's scheme root: one P-256 private JWK in `DATA_DIR/scheme-root-key.json`,
 * made on first start with exclusive create and mode 0600, never overwritten. It signs trust
 * lists only (label keys live in `DATA_DIR/keys/`), and its RFC 7638 thumbprint is the pin
 * verifiers trust, so losing or replacing it makes every pinned verifier refuse this scheme.
 *
 * A root file that others may read (any group or world permission bit) is refused at start: the
 * operator must see that the key may have leaked, not have it silently tightened.
 */
import { lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../shared/errors/errors.ts';
import { LocalKeySigner } from './local-key-signer.ts';

/** Name of the root key file inside `DATA_DIR`. */
export const SCHEME_ROOT_KEY_FILE = 'scheme-root-key.json';

/** The root signer and whether it was generated just now. */
export interface LocalSchemeRoot {
  readonly signer: LocalKeySigner;
  readonly created: boolean;
  readonly file: string;
}

/**
 * Loads the scheme root from `dataDir`, creating it on first start.
 * @throws {ConfigurationError} when the file is not a regular file, is readable by others, or holds no P-256 private key.
 */
export function loadOrCreateSchemeRoot(dataDir: string): LocalSchemeRoot {
  const file = join(dataDir, SCHEME_ROOT_KEY_FILE);
  const refuse = (problem: string) => new ConfigurationError(`The scheme root key ${file} ${problem}.`, [{ path: file, message: problem }]);
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!stat) {
    mkdirSync(dataDir, { recursive: true });
    const signer = LocalKeySigner.generate();
    writeFileSync(file, `${JSON.stringify(signer.toPrivateJwk())}\n`, { mode: 0o600, flag: 'wx' });
    return { signer, created: true, file };
  }
  if (!stat.isFile()) throw refuse('is not a regular file (a symbolic link or directory is refused)');
  if ((stat.mode & 0o077) !== 0) {
    throw refuse(
      `is readable or writable by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); it may have leaked. If it has not, run chmod 600 on it and start again`,
    );
  }
  let signer: LocalKeySigner;
  try {
    signer = LocalKeySigner.fromPrivateJwk(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  } catch (error) {
    throw refuse(`does not hold a P-256 private JWK (${error instanceof Error ? error.message : String(error)})`);
  }
  return { signer, created: false, file };
}
