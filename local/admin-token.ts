/**
 * The local admin credential: `ADMIN_TOKEN` from the environment, else `DATA_DIR/admin-token`,
 * generated on first start (mode 0600) and printed once.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminTokenProblem } from './config/local-config.ts';
import { ConfigurationError } from '../shared/errors/errors.ts';

/** Name of the admin token file inside `DATA_DIR`. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Returns the admin token and whether it was generated just now.
 * @throws {ConfigurationError} when the file holds a token that could never match or is weak
 *   (an empty file counts as none and is replaced).
 */
export function resolveAdminToken(dataDir: string, fromEnv: string | undefined): { token: string; source: 'env' | 'file' | 'generated' } {
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  let stored = '';
  try {
    stored = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored !== '') {
    const problem = adminTokenProblem(stored);
    if (problem)
      throw new ConfigurationError(`The admin token in ${file} ${problem}. Fix it, or delete the file to have a new one generated.`, [
        { path: file, message: problem },
      ]);
    return { token: stored, source: 'file' };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated' };
}
