/** `carbon-label keys …`: signing-key rotation and compromise (admin). */
import { CliError } from '../cli-error.ts';
import { requestJson, serviceUrl } from '../http-client.ts';
import { printable, writeJson, writeOut } from '../terminal-text.ts';
import { adminToken } from './issuer.ts';

interface Flags {
  url?: string | undefined;
  'admin-token'?: string | undefined;
  json?: boolean | undefined;
}

interface PublishedKey {
  kid: string;
  status: string;
  createdAt: string;
}

/** Runs `keys …`. */
export async function keysCommand(args: string[], flags: Flags): Promise<number> {
  const [action, kid] = args;
  const base = serviceUrl(flags.url);
  const print = (value: unknown, text: string) => (flags.json ? writeJson(value) : writeOut(text));
  switch (action) {
    case 'list': {
      const jwks = (await requestJson('GET', `${base}/.well-known/jwks.json`)) as { keys: PublishedKey[] };
      print(jwks, `${jwks.keys.map((k) => `${printable(k.kid)}  ${printable(k.status).padEnd(11)}  created ${printable(k.createdAt)}`).join('\n')}\n`);
      return 0;
    }
    case 'rotate': {
      const result = (await requestJson('POST', `${base}/admin/signing-keys/rotate`, { bearer: adminToken(flags['admin-token']) })) as {
        active: PublishedKey;
        retired: PublishedKey[];
      };
      print(
        result,
        `New active signing key: ${printable(result.active.kid)}\n${result.retired.map((k) => `Retired (still published; its labels stay valid): ${printable(k.kid)}\n`).join('')}`,
      );
      return 0;
    }
    case 'compromise': {
      if (!kid) throw new CliError('keys compromise needs a key id (see "carbon-label keys list")', 2);
      const result = (await requestJson('POST', `${base}/admin/signing-keys/${encodeURIComponent(kid)}/compromise`, {
        bearer: adminToken(flags['admin-token']),
      })) as {
        compromised: PublishedKey;
        active?: PublishedKey;
      };
      print(
        result,
        `Marked compromised: ${printable(result.compromised.kid)}. Every label it signed now verifies as key_compromised.\n${result.active ? `It was the active key; new labels are signed with ${printable(result.active.kid)}.\n` : ''}Offline verifiers learn this when they next run "carbon-label trust pull".\n`,
      );
      return 0;
    }
    default:
      throw new CliError('usage: carbon-label keys list | keys rotate | keys compromise KID', 2);
  }
}
