/**
 * The built-in languages. Each table is its own chunk, loaded only by an element that speaks it; English is built in.
 */
import type { Strings } from '../strings.js';

type Table = { default: Strings };

const TABLES: Record<string, () => Promise<Table>> = {
  ar: () => import('./ar.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  he: () => import('./he.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  ko: () => import('./ko.js'),
  nl: () => import('./nl.js'),
  pl: () => import('./pl.js'),
  'pt-BR': () => import('./pt-BR.js'),
  'zh-Hans': () => import('./zh-Hans.js'),
};

export const LOCALES = Object.keys(TABLES);

const RIGHT_TO_LEFT = new Set(['ar', 'he']);

/** The built-in table for a BCP 47 language tag: `de-AT` → `de`, `pt` → `pt-BR`, `zh-CN` → `zh-Hans`; else none. */
export function localeFor(lang: string): string | undefined {
  const [language, ...subtags] = lang.toLowerCase().split(/[-_]/);
  if (language === 'pt') return 'pt-BR';
  // Traditional Chinese is not built in: better English than the wrong script.
  if (language === 'zh') return subtags.some((tag) => ['hant', 'tw', 'hk', 'mo'].includes(tag)) ? undefined : 'zh-Hans';
  if (language === 'iw') return 'he';
  return language in TABLES ? language : undefined;
}

export async function loadLocale(lang: string): Promise<{ strings: Strings; dir: 'ltr' | 'rtl' } | undefined> {
  const locale = localeFor(lang);
  if (!locale) return undefined;
  const { default: strings } = await TABLES[locale]();
  return { strings, dir: RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr' };
}
