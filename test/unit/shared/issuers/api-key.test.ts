import { describe, expect, it } from 'vitest';
import { constantTimeEquals, hashSecret, mintApiKey, parseApiKey, secretMatches } from '../../../../shared/issuers/api-key.ts';
import { newIssuerId } from '../../../../shared/ids.ts';
import { withLastCharacterChanged } from '../../../support/altered.ts';

describe('issuer API keys', () => {
  it('mints clk_<issuerId>_<secret> and stores only the hash of the secret', () => {
    const id = newIssuerId();
    const { apiKey, apiKeyHash } = mintApiKey(id);
    const parsed = parseApiKey(apiKey);
    expect(parsed?.issuerId).toBe(id);
    expect(apiKeyHash).toBe(hashSecret(parsed!.secret));
    expect(apiKeyHash).not.toContain(parsed!.secret);
    expect(secretMatches(parsed!.secret, apiKeyHash)).toBe(true);
  });

  it('refuses look-alikes', () => {
    const { apiKey, apiKeyHash } = mintApiKey(newIssuerId());
    const secret = parseApiKey(apiKey)!.secret;
    expect(secretMatches(withLastCharacterChanged(secret), apiKeyHash)).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
    expect(parseApiKey(`${apiKey}x`)).toBeUndefined();
    expect(parseApiKey(apiKey.replace('clk_', 'clx_'))).toBeUndefined();
    expect(parseApiKey('')).toBeUndefined();
  });

  it('compares arbitrary strings in constant time by their digests', () => {
    expect(constantTimeEquals('admin-token-123456', 'admin-token-123456')).toBe(true);
    expect(constantTimeEquals('admin-token-123456', 'admin-token-12345')).toBe(false);
  });
});
