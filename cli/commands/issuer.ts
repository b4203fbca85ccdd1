/** `carbon-label issuer …`: admin operations on issuers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.ts';
import { requestJson, serviceUrl } from '../http-client.ts';
import { printable as p, writeJson, writeOut } from '../terminal-text.ts';

interface Flags {
  name?: string | undefined;
  url?: string | undefined;
  'admin-token'?: string | undefined;
  json?: boolean | undefined;
}

/** The admin token: flag, then ADMIN_TOKEN, then the local data directory's token file. */
export function adminToken(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const file = join(process.env.DATA_DIR ?? './.data', 'admin-token');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new CliError(`no admin token: pass --admin-token, set ADMIN_TOKEN, or run where ${file} exists (npm start creates it)`);
  }
}

export async function issuerCommand(args: string[], flags: Flags): Promise<number> {
  const [action, id] = args;
  const base = serviceUrl(flags.url);
  const bearer = adminToken(flags['admin-token']);
  // Names, ids and keys are the server's words: every field goes through `p` (printable).
  const print = (value: unknown, text: string) => (flags.json ? writeJson(value) : writeOut(text));
  switch (action) {
    case 'create': {
      if (!flags.name) throw new CliError('issuer create needs --name "Organisation name"', 2);
      const issuer = (await requestJson('POST', `${base}/admin/issuers`, { body: { name: flags.name }, bearer })) as {
        id: string;
        name: string;
        apiKey: string;
      };
      print(issuer, `Issuer created: ${p(issuer.name)} (${p(issuer.id)})\nAPI key (shown once, store it now):\n${p(issuer.apiKey)}\n`);
      return 0;
    }
    case 'list': {
      const page = (await requestJson('GET', `${base}/admin/issuers?limit=100`, { bearer })) as { items: { id: string; name: string; status: string }[] };
      print(page, page.items.map((i) => `${p(i.id)}  ${p(i.status).padEnd(9)}  ${p(i.name)}`).join('\n') + (page.items.length ? '\n' : 'no issuers\n'));
      return 0;
    }
    case 'suspend': {
      if (!id) throw new CliError('issuer suspend needs an issuer id', 2);
      const issuer = (await requestJson('POST', `${base}/admin/issuers/${encodeURIComponent(id)}/suspend`, { bearer })) as { id: string; name: string };
      print(issuer, `Issuer suspended: ${p(issuer.name)} (${p(issuer.id)})\n`);
      return 0;
    }
    case 'reinstate': {
      if (!id) throw new CliError('issuer reinstate needs an issuer id', 2);
      const issuer = (await requestJson('POST', `${base}/admin/issuers/${encodeURIComponent(id)}/reinstate`, { bearer })) as { id: string; name: string };
      print(issuer, `Issuer reinstated: ${p(issuer.name)} (${p(issuer.id)}) may issue again\n`);
      return 0;
    }
    case 'rotate-key': {
      if (!id) throw new CliError('issuer rotate-key needs an issuer id', 2);
      const issuer = (await requestJson('POST', `${base}/admin/issuers/${encodeURIComponent(id)}/rotate-key`, { bearer })) as {
        id: string;
        name: string;
        apiKey: string;
      };
      print(
        issuer,
        `API key replaced for ${p(issuer.name)} (${p(issuer.id)}); the old key no longer works.\nNew API key (shown once, store it now):\n${p(issuer.apiKey)}\n`,
      );
      return 0;
    }
    default:
      throw new CliError('usage: carbon-label issuer create --name NAME | issuer list | issuer suspend ID | issuer reinstate ID | issuer rotate-key ID', 2);
  }
}
