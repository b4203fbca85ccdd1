/**
 * `carbon-label` command line: talks to a running service over HTTP.
 *
 *   carbon-label issuer create --name "Acme Steel" [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer list   [--url URL] [--admin-token TOKEN]
 *   carbon-label issuer suspend <id> [--url URL] [--admin-token TOKEN]
 */
import { parseArgs } from 'node:util';
import { issuerCommand } from './commands/issuer.ts';
import { CliError } from './cli-error.ts';

const USAGE = `carbon-label <command>

Commands:
  issuer create --name NAME     register an issuer; prints its API key (shown once)
  issuer list                   list issuers
  issuer suspend ID             stop an issuer from issuing

Common options:
  --url URL            service base URL (default: $CARBON_LABEL_URL or http://localhost:3000)
  --admin-token TOKEN  admin credential (default: $ADMIN_TOKEN, else $DATA_DIR/admin-token, else ./.data/admin-token)
  --json               print JSON
  -h, --help           this help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      url: { type: 'string' },
      'admin-token': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'issuer':
      return issuerCommand(rest, values);
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`carbon-label: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`carbon-label: ${message}\n`);
    process.exit(2);
  },
);
