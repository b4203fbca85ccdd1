/** Which service URLs `trust pull` warns about: plain HTTP to anything but this machine. */
import { describe, expect, it } from 'vitest';
import { plainHttpWarning } from '../../../cli/http-client.ts';

describe('plainHttpWarning', () => {
  it.each([
    ['http://labels.example', true],
    ['http://LABELS.example:8080/base', true],
    ['http://10.0.0.7:3000', true],
    ['http://0.0.0.0:3000', true],
    ['http://localhost.evil.example', true],
    ['http://[::ffff:10.0.0.1]', true],
    ['https://labels.example', false],
    ['http://localhost:3000', false],
    ['http://LOCALHOST:3000', false],
    ['http://127.0.0.1:3000', false],
    ['http://127.1.2.3', false],
    ['http://[::1]:3000', false],
    ['http://[::ffff:127.0.0.1]:3000', false],
  ])('%s warns: %s', (url, warns) => {
    const warning = plainHttpWarning(url);
    expect(warning !== undefined).toBe(warns);
    if (warning) expect(warning).toContain('is plain HTTP');
  });
});
