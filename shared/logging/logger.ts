/**
 * A tiny structured logger: one JSON line per event on stderr (CloudWatch-friendly). Secrets are
 * never passed in; as a second line of defence, values that look like credentials are masked.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Matches our API keys and bearer credentials anywhere in a string. */
const SECRET = /clk_org_[0-9a-z]{12}_[A-Za-z0-9_-]+|Bearer\s+\S+/g;

/** Masks anything that looks like a credential. */
export function redact(value: string): string {
  return value.replace(SECRET, '[redacted]');
}

/** Structured logger. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** An audit record (`level: "audit"`): written at every level but `silent`. */
  audit(message: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to `write` (stderr by default). */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const emit = (at: LogLevel | 'audit', message: string, fields?: Record<string, unknown>) => {
    if (at === 'audit' ? level === 'silent' : ORDER[at] < ORDER[level]) return;
    const line = JSON.stringify({ level: at, time: new Date().toISOString(), message, ...fields }, (_key, value: unknown) => {
      if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
      return value;
    });
    write(redact(line));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    audit: (m, f) => emit('audit', m, f),
  };
}
