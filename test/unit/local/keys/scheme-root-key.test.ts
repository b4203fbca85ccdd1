/**
 * The local scheme root file: made once with mode 0600, reloaded as the same key, refused when
 * loose or odd; and root rotation's files (the announced next root, the retired one).
 */
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SCHEME_NEXT_ROOT_KEY_FILE,
  SCHEME_ROOT_KEY_FILE,
  announceNextSchemeRoot,
  loadNextSchemeRoot,
  loadOrCreateSchemeRoot,
  retiredRootFile,
  schemeRootStatus,
  switchToNextSchemeRoot,
} from '../../../../local/keys/scheme-root-key.ts';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'scheme-root-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateSchemeRoot', () => {
  it('creates the root once (0600, also in a directory not made yet) and loads the same key afterwards', () => {
    const dir = join(fresh(), 'not-yet');
    const first = loadOrCreateSchemeRoot(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSchemeRoot(dir);
    expect(again).toMatchObject({ created: false, file: first.file });
    expect(again.signer.kid).toBe(first.signer.kid);
  });

  it.each([0o640, 0o604, 0o660])('refuses a root file with mode %o, naming the file and the mode', (mode) => {
    const dir = fresh();
    const { file } = loadOrCreateSchemeRoot(dir);
    chmodSync(file, mode);
    expect(() => loadOrCreateSchemeRoot(dir)).toThrow(new RegExp(`${SCHEME_ROOT_KEY_FILE}.*mode 0${mode.toString(8)}`));
  });

  it('refuses a symbolic link, a directory, and a file that holds no private key', () => {
    const linked = fresh();
    const { file } = loadOrCreateSchemeRoot(fresh());
    symlinkSync(file, join(linked, SCHEME_ROOT_KEY_FILE));
    expect(() => loadOrCreateSchemeRoot(linked)).toThrow(/not a regular file/);

    const directory = fresh();
    mkdirSync(join(directory, SCHEME_ROOT_KEY_FILE));
    expect(() => loadOrCreateSchemeRoot(directory)).toThrow(/not a regular file/);

    const garbage = fresh();
    writeFileSync(join(garbage, SCHEME_ROOT_KEY_FILE), '{"kty":"EC"}\n', { mode: 0o600 });
    expect(() => loadOrCreateSchemeRoot(garbage)).toThrow(
      expect.objectContaining({ code: 'invalid_configuration', message: expect.stringContaining('P-256 private JWK') }),
    );
  });
});

describe('root rotation files', () => {
  it('announce makes the next root once (0600), refuses a second announce and a data directory with no root', () => {
    const empty = fresh();
    expect(() => announceNextSchemeRoot(empty)).toThrow(/does not exist yet: start the server once/);
    expect(existsSync(join(empty, SCHEME_NEXT_ROOT_KEY_FILE))).toBe(false);

    const dir = fresh();
    const root = loadOrCreateSchemeRoot(dir);
    expect(loadNextSchemeRoot(dir, root.signer)).toBeUndefined();
    const announced = announceNextSchemeRoot(dir);
    expect(announced).toMatchObject({ pin: root.signer.kid, file: join(dir, SCHEME_NEXT_ROOT_KEY_FILE) });
    expect(announced.nextPin).not.toBe(root.signer.kid);
    expect(statSync(announced.file).mode & 0o777).toBe(0o600);
    expect(loadNextSchemeRoot(dir, root.signer)?.signer.kid).toBe(announced.nextPin);
    expect(schemeRootStatus(dir)).toEqual({ pin: root.signer.kid, nextPin: announced.nextPin });
    const before = readFileSync(announced.file, 'utf8');
    expect(() => announceNextSchemeRoot(dir)).toThrow(new RegExp(`already announces the next root ${announced.nextPin}`));
    expect(readFileSync(announced.file, 'utf8')).toBe(before);
  });

  it('refuses a loose, linked or garbage next root file, and one that holds the current root', () => {
    const loose = fresh();
    loadOrCreateSchemeRoot(loose);
    chmodSync(announceNextSchemeRoot(loose).file, 0o644);
    expect(() => loadNextSchemeRoot(loose)).toThrow(new RegExp(`${SCHEME_NEXT_ROOT_KEY_FILE}.*mode 0644`));

    const linked = fresh();
    const root = loadOrCreateSchemeRoot(linked);
    symlinkSync(root.file, join(linked, SCHEME_NEXT_ROOT_KEY_FILE));
    expect(() => loadNextSchemeRoot(linked, root.signer)).toThrow(/not a regular file/);

    const same = fresh();
    const sameRoot = loadOrCreateSchemeRoot(same);
    writeFileSync(join(same, SCHEME_NEXT_ROOT_KEY_FILE), readFileSync(sameRoot.file), { mode: 0o600 });
    expect(() => loadNextSchemeRoot(same, sameRoot.signer)).toThrow(/holds the current root itself/);

    const garbage = fresh();
    loadOrCreateSchemeRoot(garbage);
    writeFileSync(join(garbage, SCHEME_NEXT_ROOT_KEY_FILE), 'nope', { mode: 0o600 });
    expect(() => schemeRootStatus(garbage)).toThrow(/P-256 private JWK/);
  });

  it('switch refuses without an announced root; then keeps the old root aside (0600) and makes the next one current', () => {
    const dir = fresh();
    const old = loadOrCreateSchemeRoot(dir);
    expect(() => switchToNextSchemeRoot(dir)).toThrow(/announce a next root first/);
    const { nextPin } = announceNextSchemeRoot(dir);
    const switched = switchToNextSchemeRoot(dir);
    expect(switched).toEqual({ pin: nextPin, retiredPin: old.signer.kid, retiredFile: join(dir, retiredRootFile(old.signer.kid)) });
    expect(statSync(switched.retiredFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(switched.retiredFile, 'utf8'))).toEqual(old.signer.toPrivateJwk());
    expect(existsSync(join(dir, SCHEME_NEXT_ROOT_KEY_FILE))).toBe(false);
    const now = loadOrCreateSchemeRoot(dir);
    expect(now).toMatchObject({ created: false });
    expect(now.signer.kid).toBe(nextPin);
    expect(schemeRootStatus(dir)).toEqual({ pin: nextPin });
    expect(() => switchToNextSchemeRoot(dir)).toThrow(/announce a next root first/);
  });

  it('a switch interrupted after keeping the old root aside completes when run again; another key under the retired name is refused', () => {
    const dir = fresh();
    const old = loadOrCreateSchemeRoot(dir);
    const { nextPin } = announceNextSchemeRoot(dir);
    linkSync(old.file, join(dir, retiredRootFile(old.signer.kid)));
    expect(switchToNextSchemeRoot(dir).pin).toBe(nextPin);

    const clash = fresh();
    const clashRoot = loadOrCreateSchemeRoot(clash);
    announceNextSchemeRoot(clash);
    writeFileSync(join(clash, retiredRootFile(clashRoot.signer.kid)), readFileSync(join(clash, SCHEME_NEXT_ROOT_KEY_FILE)), { mode: 0o600 });
    expect(() => switchToNextSchemeRoot(clash)).toThrow(/exists and holds another key/);
    expect(loadOrCreateSchemeRoot(clash).signer.kid).toBe(clashRoot.signer.kid);
  });
});
