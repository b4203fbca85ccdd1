import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactUrl, fullVerifyUrl, parseLabelUrl } from '../../../../shared/label/label-urls.ts';
import { extractToken } from '../../../../shared/verification/verify-request.ts';

const BASE = 'https://labels.example.com';
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwMTIzNDU2Nzg5YWJjZGVmIn0.c2lnbmF0dXJl';
const ID = '0123456789abcdef';

const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 60 });
const token = fc.tuple(base64url, base64url, base64url).map((parts) => parts.join('.'));
const labelId = fc.string({ unit: fc.constantFrom(...'0123456789abcdefghjkmnpqrstvwxyz'), minLength: 16, maxLength: 16 });
const baseUrl = fc.constantFrom(BASE, 'http://localhost:3000', 'https://example.org/carbon', 'HTTPS://Labels.Example.com:8443/a/b');

describe('building label URLs', () => {
  it('puts the token under /v/ and the id under /l/', () => {
    expect(fullVerifyUrl(BASE, TOKEN)).toBe(`${BASE}/v/${TOKEN}`);
    expect(compactUrl(BASE, ID)).toBe(`${BASE}/l/${ID}`);
  });

  it('escapes an id that is not one of ours rather than letting it change the path', () => {
    expect(compactUrl(BASE, 'a/../b?c')).toBe(`${BASE}/l/a%2F..%2Fb%3Fc`);
  });
});

describe('parseLabelUrl', () => {
  it('reads back what was built, under any base', () => {
    fc.assert(
      fc.property(baseUrl, token, labelId, (base, t, id) => {
        expect(parseLabelUrl(fullVerifyUrl(base, t))).toEqual({ kind: 'token', token: t });
        expect(parseLabelUrl(compactUrl(base, id))).toEqual({ kind: 'id', id });
      }),
    );
  });

  it.each([
    ['spaces and a newline around it', `  ${BASE}/v/${TOKEN}\n`],
    ['a trailing slash', `${BASE}/v/${TOKEN}/`],
    ['the scheme in capitals', `HTTPS://labels.example.com/v/${TOKEN}`],
    ['plain http and a port', `http://localhost:3000/v/${TOKEN}`],
    ['a path before /v/', `${BASE}/carbon/labels/v/${TOKEN}`],
    ['a query and a fragment', `${BASE}/v/${TOKEN}?lang=zh-CN#claim`],
    ['percent-encoding', `${BASE}/v/${TOKEN.replace('.', '%2E').replace('e', '%65')}`],
  ])('reads a full URL with %s', (_, text) => {
    expect(parseLabelUrl(text)).toEqual({ kind: 'token', token: TOKEN });
  });

  it.each([
    ['a trailing slash', `${BASE}/l/${ID}/`],
    ['percent-encoding', `${BASE}/l/%30123456789abcdef`],
    ['a query', `${BASE}/l/${ID}?lang=zh-CN`],
  ])('reads a compact URL with %s', (_, text) => {
    expect(parseLabelUrl(text)).toEqual({ kind: 'id', id: ID });
  });

  it('keeps an upper-case id as written (the CLI has always accepted one)', () => {
    expect(parseLabelUrl(`${BASE}/l/0123456789ABCDEF`)).toEqual({ kind: 'id', id: '0123456789ABCDEF' });
  });

  it.each([
    ['a bare token', TOKEN],
    ['an empty string', ''],
    ['another scheme', `ftp://labels.example.com/v/${TOKEN}`],
    ['no scheme', `labels.example.com/v/${TOKEN}`],
    ['another path', `${BASE}/labels/${ID}`],
    ['an empty token', `${BASE}/v/`],
    ['more after the token', `${BASE}/v/${TOKEN}/extra`],
    ['a malformed percent-escape', `${BASE}/v/%zz${TOKEN}`],
    ['an unparseable URL', 'https://exa mple.com/v/abc'],
    ['an /l/ segment that is not a label id', `${BASE}/l/not-a-label-id`],
    ['an id of the wrong length', `${BASE}/l/0123456789abcde`],
    ['an id with a letter outside the alphabet', `${BASE}/l/0123456789abcdei`],
  ])('answers undefined for %s', (_, text) => {
    expect(parseLabelUrl(text)).toBeUndefined();
  });
});

describe('extractToken (POST /verify and offline verification)', () => {
  it('takes the token out of a full URL', () => {
    expect(extractToken(` ${BASE}/v/${TOKEN}/ `)).toBe(TOKEN);
  });

  it('returns anything else trimmed, as given, a compact URL included', () => {
    expect(extractToken(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(extractToken(` ${BASE}/l/${ID} `)).toBe(`${BASE}/l/${ID}`);
    expect(extractToken(`${BASE}/v/%zz`)).toBe(`${BASE}/v/%zz`);
    expect(extractToken('garbage')).toBe('garbage');
  });
});
