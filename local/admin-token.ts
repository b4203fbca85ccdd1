/**
 * The local admin credential: `ADMIN_TOKEN` from the environment, else `DATA_DIR/admin-token`,
 * generated on first start (mode 0600) and printed once.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the admin token file inside `DATA_DIR`. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** Returns the admin token and whether it was generated just now. */
export function resolveAdminToken(dataDir: string, fromEnv: string | undefined): { token: string; source: 'env' | 'file' | 'generated' } {
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, source: 'file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated' };
}
