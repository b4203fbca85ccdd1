/**
 * `carbon-label issuer …`: the scheme operator's commands: register issuers (with a first
 * accreditation), accredit them, suspend, reinstate or withdraw accreditations and issuers, and
 * revoke any label. Every word the server sends back is printed through `printable`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.ts';
import { requestJson, serviceUrl } from '../http-client.ts';
import { printable as p, writeJson, writeOut } from '../terminal-text.ts';

interface Flags {
  name?: string | undefined;
  role?: string | undefined;
  category?: string[] | undefined;
  standard?: string[] | undefined;
  market?: string[] | undefined;
  'gtin-prefix'?: string[] | undefined;
  'accredited-by'?: string | undefined;
  reference?: string | undefined;
  'valid-until'?: string | undefined;
  reason?: string | undefined;
  'superseded-by'?: string | undefined;
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

/** The accreditation the flags describe; `undefined` when they name none (no --category). */
function accreditationFromFlags(flags: Flags, command: string): Record<string, unknown> | undefined {
  const scopeFlags = flags.standard ?? flags.market ?? flags['gtin-prefix'] ?? flags['accredited-by'] ?? flags.reference ?? flags['valid-until'];
  if (!flags.category?.length) {
    if (scopeFlags !== undefined) throw new CliError(`${command}: an accreditation needs at least one --category HS (e.g. --category 7208)`, 2);
    return undefined;
  }
  const missing = (['accredited-by', 'reference', 'valid-until'] as const).filter((f) => !flags[f]);
  if (missing.length > 0) throw new CliError(`${command}: an accreditation needs ${missing.map((f) => `--${f}`).join(', ')}`, 2);
  const until = flags['valid-until']!;
  // A bare date means the end of that day (UTC); the service wants a full RFC 3339 time.
  const validUntil = /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59Z` : until;
  return {
    productCategories: flags.category,
    ...(flags.standard?.length ? { standards: flags.standard } : {}),
    ...(flags.market?.length ? { markets: flags.market } : {}),
    ...(flags['gtin-prefix']?.length ? { gtinPrefixes: flags['gtin-prefix'] } : {}),
    validUntil,
    accreditedBy: flags['accredited-by'],
    reference: flags.reference,
  };
}

interface AccreditationView {
  id: string;
  status: string;
  productCategories: string[];
  standards?: string[];
  markets?: string[];
  gtinPrefixes?: string[];
  validUntil: string;
  accreditedBy: string;
  reference: string;
  statusReason?: string;
}

/** One accreditation in a line: id, status, scope, body and reference, end. */
export function accreditationLine(a: AccreditationView): string {
  const scope = [
    `HS ${a.productCategories.map(p).join(',')}`,
    ...(a.standards ? [`standards ${a.standards.map(p).join(',')}`] : []),
    ...(a.markets ? [`markets ${a.markets.map(p).join(',')}`] : []),
    ...(a.gtinPrefixes ? [`GTIN prefixes ${a.gtinPrefixes.map(p).join(',')}`] : []),
  ].join('; ');
  return `${p(a.id)}  ${p(a.status).padEnd(9)}  ${scope}  by ${p(a.accreditedBy)} (${p(a.reference)}), until ${p(a.validUntil)}${a.statusReason ? `  reason: ${p(a.statusReason)}` : ''}`;
}

const ISSUER_USAGE = `usage:
  carbon-label issuer create --name NAME [--role manufacturer|certification_body]
      [--category HS ... --accredited-by BODY --reference REF --valid-until DATE
       [--standard STD ...] [--market CODE ...] [--gtin-prefix PREFIX ...]]
  carbon-label issuer accredit ID --category HS ... --accredited-by BODY --reference REF --valid-until DATE [...]
  carbon-label issuer accreditations ID
  carbon-label issuer accreditation suspend|reinstate|withdraw ID AID --reason TEXT
  carbon-label issuer list | suspend ID | reinstate ID | rotate-key ID
  carbon-label issuer withdraw ID --reason TEXT
  carbon-label issuer revoke-label LABEL_ID --reason TEXT [--superseded-by LABEL_ID]`;

const needReason = (flags: Flags, command: string): string => {
  if (!flags.reason?.trim()) throw new CliError(`${command} needs --reason TEXT`, 2);
  return flags.reason;
};

export async function issuerCommand(args: string[], flags: Flags): Promise<number> {
  const [action, id] = args;
  const base = serviceUrl(flags.url);
  const bearer = adminToken(flags['admin-token']);
  // Names, ids and keys are the server's words: every field goes through `p` (printable).
  const print = (value: unknown, text: string) => (flags.json ? writeJson(value) : writeOut(text));
  switch (action) {
    case 'create': {
      if (!flags.name) throw new CliError('issuer create needs --name "Organisation name"', 2);
      if (flags.role !== undefined && flags.role !== 'manufacturer' && flags.role !== 'certification_body') {
        throw new CliError('issuer create: --role is manufacturer or certification_body', 2);
      }
      const accreditation = accreditationFromFlags(flags, 'issuer create');
      const body = { name: flags.name, ...(flags.role ? { role: flags.role } : {}), ...(accreditation ? { accreditation } : {}) };
      const issuer = (await requestJson('POST', `${base}/admin/issuers`, { body, bearer })) as {
        id: string;
        name: string;
        role: string;
        apiKey: string;
        accreditations?: AccreditationView[];
      };
      const accredited = issuer.accreditations?.length
        ? `Accreditation:\n  ${issuer.accreditations.map(accreditationLine).join('\n  ')}\n`
        : 'No accreditation yet: it cannot issue until "carbon-label issuer accredit ID ..."\n';
      print(
        issuer,
        `Issuer created: ${p(issuer.name)} (${p(issuer.id)}), ${p(issuer.role)}\n${accredited}API key (shown once, store it now):\n${p(issuer.apiKey)}\n`,
      );
      return 0;
    }
    case 'accredit': {
      if (!id) throw new CliError('issuer accredit needs an issuer id', 2);
      const accreditation = accreditationFromFlags(flags, 'issuer accredit');
      if (!accreditation) throw new CliError('issuer accredit needs --category HS (one or more)', 2);
      const created = (await requestJson('POST', `${base}/admin/issuers/${encodeURIComponent(id)}/accreditations`, {
        body: accreditation,
        bearer,
      })) as AccreditationView;
      print(created, `Accreditation recorded for ${p(id)}:\n  ${accreditationLine(created)}\n`);
      return 0;
    }
    case 'accreditations': {
      if (!id) throw new CliError('issuer accreditations needs an issuer id', 2);
      const list = (await requestJson('GET', `${base}/admin/issuers/${encodeURIComponent(id)}/accreditations`, { bearer })) as { items: AccreditationView[] };
      print(list, list.items.length ? `${list.items.map(accreditationLine).join('\n')}\n` : 'no accreditations\n');
      return 0;
    }
    case 'accreditation': {
      const [, change, issuerId, accreditationId] = args;
      if ((change !== 'suspend' && change !== 'reinstate' && change !== 'withdraw') || !issuerId || !accreditationId) {
        throw new CliError('usage: carbon-label issuer accreditation suspend|reinstate|withdraw ID AID --reason TEXT', 2);
      }
      const reason = needReason(flags, `issuer accreditation ${change}`);
      const path = `${base}/admin/issuers/${encodeURIComponent(issuerId)}/accreditations/${encodeURIComponent(accreditationId)}/${change}`;
      const changed = (await requestJson('POST', path, { body: { reason }, bearer })) as AccreditationView;
      const done = { suspend: 'suspended', reinstate: 'reinstated', withdraw: 'withdrawn (final)' }[change];
      print(changed, `Accreditation ${done}:\n  ${accreditationLine(changed)}\n`);
      return 0;
    }
    case 'withdraw': {
      if (!id) throw new CliError('issuer withdraw needs an issuer id', 2);
      const reason = needReason(flags, 'issuer withdraw');
      const withdrawn = (await requestJson('POST', `${base}/admin/issuers/${encodeURIComponent(id)}/withdraw`, { body: { reason }, bearer })) as {
        id: string;
        name: string;
        accreditations: AccreditationView[];
      };
      print(
        withdrawn,
        `Issuer withdrawn for good: ${p(withdrawn.name)} (${p(withdrawn.id)}); it can never issue again and its labels verify as accreditation_withdrawn.\n` +
          `Accreditations withdrawn: ${withdrawn.accreditations.length}\n`,
      );
      return 0;
    }
    case 'revoke-label': {
      if (!id) throw new CliError('issuer revoke-label needs a label id', 2);
      const reason = needReason(flags, 'issuer revoke-label');
      const body = { reason, ...(flags['superseded-by'] ? { supersededBy: flags['superseded-by'] } : {}) };
      const label = (await requestJson('POST', `${base}/admin/labels/${encodeURIComponent(id)}/revoke`, { body, bearer })) as {
        id: string;
        issuer: { id: string; name: string };
        revocation?: { reason: string; by?: string };
      };
      print(
        label,
        `Label revoked by the scheme: ${p(label.id)} (issuer ${p(label.issuer.name)}, ${p(label.issuer.id)})\nReason: ${p(label.revocation?.reason ?? reason)}\n`,
      );
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
      throw new CliError(ISSUER_USAGE, 2);
  }
}
