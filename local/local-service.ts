/** Starts and stops the whole embedded default: storage, keys, HTTP server. */
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../shared/logging/logger.ts';
import { loadLocalConfig, type LocalConfig } from './config/local-config.ts';
import { startEmbeddedServices, type EmbeddedServices, type EmbeddedServicesOptions } from './embedded-services.ts';
import { createLocalServer } from './http-server.ts';
import { removeServerRecord, writeServerRecord } from './server-record.ts';

/** A running local service. */
export interface LocalService extends Omit<EmbeddedServices, 'close'> {
  readonly url: string;
  readonly config: LocalConfig;
  /** Stops accepting connections, lets in-flight requests finish, then closes storage. */
  close(): Promise<void>;
}

/** The host of the server's own URL: `localhost` for loopback and wildcard binds, else the address bound. */
function urlHost(host: string): string {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the service from an environment (defaults: 127.0.0.1:3000, data in ./.data). */
export async function startLocalService(
  env: Record<string, string | undefined> = process.env,
  logger?: Logger,
  options: EmbeddedServicesOptions = {},
): Promise<LocalService> {
  let config = loadLocalConfig(env);
  const log = logger ?? createLogger(config.LOG_LEVEL);
  const embedded = await startEmbeddedServices(config, log, options);
  const server = createLocalServer(embedded.services);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback by default (HOST): a local server with an admin API is no business of the network.
      server.listen(config.PORT, config.HOST, () => resolve());
    });
  } catch (error) {
    await embedded.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  if (config.PORT === 0) {
    // A random port (tests): links must point at the port actually bound.
    config = loadLocalConfig({ ...env, PORT: String(port) });
    (embedded.services as { publicBaseUrl: string }).publicBaseUrl = config.PUBLIC_BASE_URL;
  }
  const url = `http://${urlHost(config.HOST)}:${port}`;
  // The CLI run against this data directory finds the server here, whatever its port.
  const record = { url, pid: process.pid };
  try {
    writeServerRecord(config.DATA_DIR, record);
  } catch (error) {
    log.warn('could not record the server URL; the CLI needs --url or CARBON_LABEL_URL', { error: String(error) });
  }
  let closing: Promise<void> | undefined;
  return {
    ...embedded,
    url,
    config,
    close() {
      closing ??= (async () => {
        try {
          removeServerRecord(config.DATA_DIR, record);
        } catch {
          // a stale record is ignored by readers once this process is gone
        }
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await embedded.close();
      })();
      return closing;
    },
  };
}
