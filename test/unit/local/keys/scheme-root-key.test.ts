/** The local scheme root file: made once with mode 0600, reloaded as the same key, refused when loose or odd. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEME_ROOT_KEY_FILE, loadOrCreateSchemeRoot } from '../../../../local/keys/scheme-root-key.ts';

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
