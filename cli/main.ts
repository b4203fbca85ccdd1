/**
 * `carbon-label` command line: talks to a running service over HTTP.
 *
 *   carbon-label issuer create --name "Acme Steel" [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer list   [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer suspend <id> [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer reinstate <id> [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer rotate-key <id> [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer accredit|accreditations|accreditation|withdraw|revoke-label … (see USAGE)
 *   carbon-label trust pull [--url URL] [--pin THUMBPRINT] [--out FILE] | trust show [--trust FILE] | trust root [--url URL]
 *   carbon-label verify <token | verify URL | QR image> [--offline --trust FILE [--trust FILE …]] [--json] [--max-age HOURS]
 *   carbon-label verify --batch FILE [--offline --trust FILE] [--json]
 *   carbon-label keys list | keys rotate | keys compromise KID
 *   carbon-label labels issue|list|show|revoke|qr|art|csv-template …  (see cli/commands/labels.ts)
 */
import { parseArgs } from 'node:util';
import { issuerCommand } from './commands/issuer.ts';
import { keysCommand } from './commands/keys.ts';
import { labelsCommand } from './commands/labels.ts';
import { trustCommand } from './commands/trust.ts';
import { verifyCommand } from './commands/verify.ts';
import { CliError } from './cli-error.ts';
import { flushStdio, writeErr, writeOut } from './terminal-text.ts';

const USAGE = `carbon-label <command>

Commands:
  issuer create --name NAME     register an issuer; prints its API key (shown once)
      [--role manufacturer]     a manufacturer may label only GTINs under its --gtin-prefix
      [--category HS ...]       its first accreditation: HS chapters/headings/subheadings it may
      --accredited-by BODY      certify (repeat the flag), the accrediting body, its reference and
      --reference REF           end date; optionally limited by --standard, --market (ISO code or
      --valid-until DATE        EU) and --gtin-prefix (each repeatable). No accreditation: no labels
  issuer accredit ID ...        record another accreditation (same flags as create)
  issuer accreditations ID      list an issuer's accreditations
  issuer accreditation suspend|reinstate|withdraw ID AID --reason TEXT
                                suspend (no new labels), reinstate, or withdraw for good (its labels
                                then verify as accreditation_withdrawn)
  issuer list                   list issuers
  issuer suspend ID             stop an issuer from issuing
  issuer reinstate ID           let a suspended issuer issue again
  issuer rotate-key ID          give an issuer a new API key (shown once); the old one stops working
  issuer withdraw ID --reason TEXT
                                withdraw an issuer and all its accreditations for good
  issuer revoke-label LABEL_ID --reason TEXT [--superseded-by LABEL_ID]
                                revoke any label as the scheme operator
  trust pull [--out FILE]       save the scheme's signed trust list and revocation list for offline use
      [--pin THUMBPRINT]        (default file: ./trust-bundle.json); refuses a list not signed by the
                                pinned root or older (lower seq) than the one held; without --pin: the
                                held bundle's pin, else trust on first use (with a warning)
  trust root                    the scheme and its root pin, as the service names them
  trust show [--trust FILE]     what a trust bundle holds (scheme, pin, seq, issuers) and how old it is
  verify TOKEN|URL|IMAGE        verify one label: a token, a verify URL, or a PNG/JPEG photo of its QR
  verify --batch FILE           verify a shipment manifest: one token or URL per line (# comments)
      --offline --trust FILE    verify from a trust bundle, without any network access; repeat
                                --trust for several schemes (a key in none of them: untrusted_scheme)
      --max-age HOURS           a bundle whose revocation status is older is stale (default 24)
                                exit codes: 0 every label valid; 1 not all valid, or an error;
                                2 usage; 3 offline bundle stale (verdicts not current)
  keys list                     signing keys and their status
  keys rotate                   sign new labels with a new key; old labels stay valid
  keys compromise KID           every label KID signed then verifies as key_compromised
  labels …                      an issuer's labels: issue (one, --batch JSONL, --csv), list, show, revoke,
                                qr, art, csv-template; "carbon-label labels --help" for options and exit codes

Common options:
  --url URL            service base URL (default: $CARBON_LABEL_URL or http://localhost:3000)
  --admin-token TOKEN  admin credential (default: $ADMIN_TOKEN, else $DATA_DIR/admin-token, else ./.data/admin-token)
  --json               print JSON
  -h, --help           this help
`;

async function main(argv: string[]): Promise<number> {
  // `labels` has options of its own (cli/commands/labels.ts).
  if (argv[0] === 'labels') return labelsCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      category: { type: 'string', multiple: true },
      standard: { type: 'string', multiple: true },
      market: { type: 'string', multiple: true },
      'gtin-prefix': { type: 'string', multiple: true },
      'accredited-by': { type: 'string' },
      reference: { type: 'string' },
      'valid-until': { type: 'string' },
      reason: { type: 'string' },
      'superseded-by': { type: 'string' },
      out: { type: 'string' },
      trust: { type: 'string', multiple: true },
      pin: { type: 'string' },
      offline: { type: 'boolean', default: false },
      batch: { type: 'string' },
      'max-age': { type: 'string' },
      url: { type: 'string' },
      'admin-token': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    writeOut(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'issuer':
      return issuerCommand(rest, values);
    case 'trust':
      return trustCommand(rest, values);
    case 'verify':
      return verifyCommand(rest, values);
    case 'keys':
      return keysCommand(rest, values);
    case 'labels': // reached only when global options come first: `--url URL labels list`
      return labelsCommand([...rest, ...(values.url ? ['--url', values.url] : []), ...(values.json ? ['--json'] : [])]);
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

// Output is flushed before exiting: process.exit drops whatever is still queued for a pipe.
const exit = (code: number) => flushStdio().then(() => process.exit(code));

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  if (error instanceof CliError) {
    writeErr(`carbon-label: ${error.message}\n`);
    return exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  writeErr(`carbon-label: ${message}\n`);
  return exit(2);
});
