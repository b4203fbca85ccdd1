import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../../shared/logging/logger.ts';

describe('logger', () => {
  it('writes one JSON line per event at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('label issued', { labelId: 'abc' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', message: 'label issued', labelId: 'abc' });
  });

  it('masks anything that looks like a credential', () => {
    const key = 'clk_org_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
    expect(redact(`auth ${key} and Bearer adm_secret`)).toBe('auth [redacted] and [redacted]');
    const lines: string[] = [];
    createLogger('debug', (l) => lines.push(l)).error('boom', { header: `Bearer ${key}` });
    expect(lines.join('')).not.toContain('abcdefghijklmnop');
  });
});
