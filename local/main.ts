/** `npm start`: the embedded default on http://localhost:3000 (or $PORT; bound to 127.0.0.1 unless $HOST) with data in ./.data. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // the lockfile pins an SDK that supports Node 20
import { ConfigurationError } from '../shared/errors/errors.ts';
import { DataDirInUseError } from './data-dir-lock.ts';
import { startLocalService } from './local-service.ts';

async function main(): Promise<void> {
  const service = await startLocalService();
  const { url, config, adminToken, signingKey, schemeRoot } = service;
  const lines = [
    `carbon-label listening on ${url}  (public links: ${config.PUBLIC_BASE_URL})`,
    `  storage: ${service.storage === 'embedded' ? `embedded DynamoDB API (dynalite), data in ${config.DATA_DIR}` : service.storage} · table ${config.TABLE_NAME}`,
    `  signing key: ${signingKey.kid}${signingKey.created ? ' (generated now)' : ''}`,
    `  scheme: ${config.SCHEME_NAME} (${config.SCHEME_ID}) · trust list seq ${service.trustList.seq} at ${url}/trust-list`,
    // The pin: what a verifier is told to trust (compare it out of band, never from this server's pages).
    `Scheme root pin: ${schemeRoot.pin}${schemeRoot.created ? `  (root generated now, kept in ${schemeRoot.file}; back it up)` : ''}`,
  ];
  if (schemeRoot.nextPin) {
    lines.push(`Next root pin:   ${schemeRoot.nextPin}  (announced in every trust list; npm run scheme-root -- switch once every verifier has pulled one)`);
  }
  if (adminToken.source === 'generated') {
    lines.push(`  admin token (generated now, shown once; kept in ${config.DATA_DIR}/admin-token):`, `    ${adminToken.token}`);
  } else {
    lines.push(`  admin token: from ${adminToken.source === 'env' ? 'ADMIN_TOKEN' : `${config.DATA_DIR}/admin-token`}`);
  }
  // The CLI finds this server through DATA_DIR/server.json; name DATA_DIR when it is not the default.
  const dataDir = /^[\w./-]+$/.test(config.DATA_DIR) ? config.DATA_DIR : `'${config.DATA_DIR.replaceAll("'", "'\\''")}'`;
  const cli = config.DATA_DIR === './.data' ? 'npx carbon-label' : `DATA_DIR=${dataDir} npx carbon-label`;
  lines.push(
    '',
    `Next steps (the CLI finds this server through ${config.DATA_DIR}/server.json):`,
    `  ${cli} issuer create --name "Acme Steel" --category 72 --accredited-by CNAS \\`,
    '       --reference CNAS-C-0001 --valid-until 2030-12-31   # accredited for steel; prints an API key',
    `  curl -X POST ${url}/labels -H "Authorization: Bearer <api key>" \\`,
    '       -H "Content-Type: application/json" --data @test/fixtures/valid/steel-hot-rolled-coil.json',
    `  curl -X POST ${url}/verify -H "Content-Type: application/json" -d '{"token":"<token>"}'`,
    `  ${cli} labels list --api-key <api key>`,
    `  README walkthrough: use ${url} in its curl lines`,
    `  API description: ${url}/openapi.json`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: finishing in-flight requests and closing storage…\n`);
    service.close().then(
      () => {
        process.stdout.write('stopped; all data is on disk.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`Port in use: ${(error as Error).message}. Set PORT to another port.\n`);
  } else {
    process.stderr.write(`carbon-label failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
