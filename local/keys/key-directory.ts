/**
 * Private signing keys on local disk: `DATA_DIR/keys/<kid>.jwk`, one JSON private JWK per file,
 * file mode 0600 in a 0700 directory. Written with exclusive create, so a key is never overwritten.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalKeySigner } from './local-key-signer.ts';

/** A directory of local private keys. */
export class LocalKeyDirectory {
  constructor(readonly dir: string) {}

  private fileOf(kid: string): string {
    if (!/^[A-Za-z0-9_-]{43}$/.test(kid)) throw new TypeError(`not a key id: ${kid}`);
    return join(this.dir, `${kid}.jwk`);
  }

  /** `true` when the private key of `kid` is here. */
  has(kid: string): boolean {
    return existsSync(this.fileOf(kid));
  }

  /** Loads the signer of `kid`. */
  load(kid: string): LocalKeySigner {
    const signer = LocalKeySigner.fromPrivateJwk(JSON.parse(readFileSync(this.fileOf(kid), 'utf8')) as Record<string, unknown>);
    if (signer.kid !== kid) throw new Error(`key file ${kid}.jwk holds key ${signer.kid}`);
    return signer;
  }

  /** Generates a key and saves it (0600). */
  create(): LocalKeySigner {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const signer = LocalKeySigner.generate();
    writeFileSync(this.fileOf(signer.kid), `${JSON.stringify(signer.toPrivateJwk())}\n`, { mode: 0o600, flag: 'wx' });
    return signer;
  }
}
