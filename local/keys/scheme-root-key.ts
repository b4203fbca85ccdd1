/**
 * The embedded default's scheme root: one P-256 private JWK in `DATA_DIR/scheme-root-key.json`,
 * made on first start with exclusive create and mode 0600, never overwritten. It signs trust
 * lists only (label keys live in `DATA_DIR/keys/`), and its RFC 7638 thumbprint is the pin
 * verifiers trust, so losing or replacing it makes every pinned verifier refuse this scheme.
 *
 * Root rotation (docs/trust-framework.md#root-rotation) has two phases, driven by
 * `npm run scheme-root` (local/scheme-root-cli.ts) while the server is stopped:
 * - announce: `scheme-root-key.next.json` (same rules as the root file) holds the next root; the
 *   current root keeps signing, and every list it signs names the next one as `nextRoot`;
 * - switch: the current root file is kept aside as `scheme-root-key.retired-<kid>.json` (never
 *   loaded again) and the next root becomes the current one.
 *
 * A root file that others may read (any group or world permission bit) is refused at start: the
 * operator must see that the key may have leaked, not have it silently tightened.
 */
import { linkSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../shared/errors/errors.ts';
import { LocalKeySigner } from './local-key-signer.ts';

/** Name of the root key file inside `DATA_DIR`. */
export const SCHEME_ROOT_KEY_FILE = 'scheme-root-key.json';

/** Name of the announced next root's file inside `DATA_DIR` (root rotation, announce phase). */
export const SCHEME_NEXT_ROOT_KEY_FILE = 'scheme-root-key.next.json';

/** Name a switched-away root is kept under inside `DATA_DIR` (never loaded again). */
export const retiredRootFile = (kid: string) => `scheme-root-key.retired-${kid}.json`;

/** The root signer and whether it was generated just now. */
export interface LocalSchemeRoot {
  readonly signer: LocalKeySigner;
  readonly created: boolean;
  readonly file: string;
}

const refusal = (file: string, problem: string) => new ConfigurationError(`The scheme root key ${file} ${problem}.`, [{ path: file, message: problem }]);

/** `lstat`, or `undefined` when the file does not exist. */
function statOf(file: string) {
  try {
    return lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

/** Reads an existing root file: a regular 0600 file holding a P-256 private JWK. */
function readRootFile(file: string, stat: NonNullable<ReturnType<typeof statOf>>): LocalKeySigner {
  if (!stat.isFile()) throw refusal(file, 'is not a regular file (a symbolic link or directory is refused)');
  if ((stat.mode & 0o077) !== 0) {
    throw refusal(
      file,
      `is readable or writable by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); it may have leaked. If it has not, run chmod 600 on it and start again`,
    );
  }
  try {
    return LocalKeySigner.fromPrivateJwk(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  } catch (error) {
    throw refusal(file, `does not hold a P-256 private JWK (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Generates a key into `file` with exclusive create and mode 0600 (never overwrites). */
function createRootFile(dataDir: string, file: string): LocalKeySigner {
  mkdirSync(dataDir, { recursive: true });
  const signer = LocalKeySigner.generate();
  writeFileSync(file, `${JSON.stringify(signer.toPrivateJwk())}\n`, { mode: 0o600, flag: 'wx' });
  return signer;
}

/**
 * Loads the scheme root from `dataDir`, creating it on first start.
 * @throws {ConfigurationError} when the file is not a regular file, is readable by others, or holds no P-256 private key.
 */
export function loadOrCreateSchemeRoot(dataDir: string): LocalSchemeRoot {
  const file = join(dataDir, SCHEME_ROOT_KEY_FILE);
  const stat = statOf(file);
  if (!stat) return { signer: createRootFile(dataDir, file), created: true, file };
  return { signer: readRootFile(file, stat), created: false, file };
}

/**
 * The announced next root, or `undefined` when no rotation is under way. Its private half is
 * read only to check the file (same rules as the root file); the publisher uses its public key.
 * @throws {ConfigurationError} when the file is odd or loose, or holds the current root itself.
 */
export function loadNextSchemeRoot(dataDir: string, current?: { readonly kid: string }): LocalSchemeRoot | undefined {
  const file = join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE);
  const stat = statOf(file);
  if (!stat) return undefined;
  const signer = readRootFile(file, stat);
  if (current && signer.kid === current.kid) throw refusal(file, 'holds the current root itself, not a new one');
  return { signer, created: false, file };
}

/** What the data directory holds for the root: the current pin, and the next one while announced. */
export interface SchemeRootStatus {
  readonly pin?: string;
  readonly nextPin?: string;
}

/** Reads the root files of `dataDir` (checking them as a start would) without creating any. */
export function schemeRootStatus(dataDir: string): SchemeRootStatus {
  const file = join(dataDir, SCHEME_ROOT_KEY_FILE);
  const stat = statOf(file);
  const current = stat ? readRootFile(file, stat) : undefined;
  const next = loadNextSchemeRoot(dataDir, current);
  return { ...(current ? { pin: current.kid } : {}), ...(next ? { nextPin: next.signer.kid } : {}) };
}

/**
 * Announce: creates the next root (exclusive create, 0600). The current root must exist.
 * @throws {ConfigurationError} when there is no current root, or a next root is already announced.
 */
export function announceNextSchemeRoot(dataDir: string): { readonly pin: string; readonly nextPin: string; readonly file: string } {
  const { pin, nextPin } = schemeRootStatus(dataDir);
  if (!pin) throw refusal(join(dataDir, SCHEME_ROOT_KEY_FILE), 'does not exist yet: start the server once to make the root, then announce its successor');
  const file = join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE);
  if (nextPin) throw refusal(file, `already announces the next root ${nextPin}; run switch once every verifier has pulled a list naming it`);
  return { pin, nextPin: createRootFile(dataDir, file).kid, file };
}

/**
 * Switch: keeps the current root aside as `scheme-root-key.retired-<kid>.json` and makes the next
 * root the current one. At every step a current root file exists: the old root is first linked
 * under its retired name, then the next root file replaces it in one rename.
 * @throws {ConfigurationError} when no next root is announced.
 */
export function switchToNextSchemeRoot(dataDir: string): { readonly pin: string; readonly retiredPin: string; readonly retiredFile: string } {
  const { pin, nextPin } = schemeRootStatus(dataDir);
  const nextFile = join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE);
  if (!nextPin) throw refusal(nextFile, 'does not exist: announce a next root first (npm run scheme-root -- announce) and publish lists naming it');
  const currentFile = join(dataDir, SCHEME_ROOT_KEY_FILE);
  if (!pin) throw refusal(currentFile, 'does not exist: the next root was never announced by a current one');
  const retiredFile = join(dataDir, retiredRootFile(pin));
  try {
    linkSync(currentFile, retiredFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A switch interrupted after the link: the retired file must hold this very root.
    const kept = readRootFile(retiredFile, lstatSync(retiredFile));
    if (kept.kid !== pin) throw refusal(retiredFile, `exists and holds another key (${kept.kid})`);
  }
  renameSync(nextFile, currentFile);
  return { pin: nextPin, retiredPin: pin, retiredFile };
}
