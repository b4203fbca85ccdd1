import { describe, expect, it } from 'vitest';
import { en } from '../../../../../shared/render/i18n/en.ts';
import { LANGUAGES, languageByTag, negotiateLanguage } from '../../../../../shared/render/i18n/languages.ts';
import { zhCN } from '../../../../../shared/render/i18n/zh-CN.ts';
import { chooseLanguage } from '../../../../../shared/render/pages/verification-page.ts';
import { VERDICT_STATUSES } from '../../../../../shared/verification/verdict.ts';

describe('languages', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR, zh;q=0.5, en;q=0.4', 'zh-CN'],
    ['en;q=0.2, zh-CN;q=0.8', 'zh-CN'],
    ['zh-CN;q=0, en', 'en'],
    ['de, fr', 'en'],
    ['*', 'en'],
    ['garbage;;;q=x,,', 'en'],
  ])('Accept-Language %j → %s', (header, lang) => {
    expect(negotiateLanguage(header).lang).toBe(lang);
  });

  it('?lang= wins over Accept-Language; an unknown one falls back to it', () => {
    expect(chooseLanguage({ lang: 'en' }, 'zh-CN')).toBe(en);
    expect(chooseLanguage({ lang: 'zh-cn' }, 'en')).toBe(zhCN);
    expect(chooseLanguage({ lang: 'xx' }, 'zh-CN')).toBe(zhCN);
    expect(chooseLanguage({ lang: 'x'.repeat(100), utm_source: 'poster' }, undefined)).toBe(en);
    expect(chooseLanguage(undefined, undefined)).toBe(en);
  });

  it('every language names every verdict and has a distinct tag', () => {
    expect(new Set(LANGUAGES.map((l) => l.lang)).size).toBe(LANGUAGES.length);
    for (const l of LANGUAGES) {
      expect(languageByTag(l.lang)).toBe(l);
      for (const status of VERDICT_STATUSES) {
        expect(l.verdictTitle[status].length).toBeGreaterThan(0);
        expect(l.verdictAdvice[status].length).toBeGreaterThan(0);
      }
    }
    // Words differ between a pass and every non-pass, in every language.
    for (const l of LANGUAGES) {
      for (const status of VERDICT_STATUSES.filter((s) => s !== 'valid')) expect(l.verdictTitle[status]).not.toBe(l.verdictTitle.valid);
    }
  });
});
