/**
 * The languages of the pages and the label art, and how one is chosen. Adding a language: write
 * one file like `en.ts` and list it here.
 */
import { en } from './en.ts';
import type { Messages } from './messages.ts';
import { zhCN } from './zh-CN.ts';

/** Every language, the default first. */
export const LANGUAGES: readonly Messages[] = [en, zhCN];

/** The default language (when nothing matches). */
export const DEFAULT_LANGUAGE: Messages = en;

/** The language with this exact tag (case-insensitive), if we have it. */
export function languageByTag(tag: string): Messages | undefined {
  const wanted = tag.toLowerCase();
  return LANGUAGES.find((l) => l.lang.toLowerCase() === wanted);
}

/**
 * Picks a language from an `Accept-Language` header (RFC 9110 §12.5.4): highest q first; a tag
 * matches a language with the same tag or the same primary subtag ("zh", "zh-Hans", "zh-SG" all
 * get Simplified Chinese, our only Chinese).
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Messages {
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranges = acceptLanguage
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.range !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    if (range === '*') return DEFAULT_LANGUAGE;
    const exact = languageByTag(range);
    if (exact) return exact;
    const primary = range.split('-')[0];
    const sameFamily = LANGUAGES.find((l) => l.lang.toLowerCase().split('-')[0] === primary);
    if (sameFamily) return sameFamily;
  }
  return DEFAULT_LANGUAGE;
}
