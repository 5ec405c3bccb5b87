// Translation machinery shared by every page, and the few strings every page shows while it loads.
// Each page merges these with its own catalog (and the job strings when it shows jobs), so one
// translator covers the whole page. Placeholders in {braces} are filled with plain text; pages
// only ever put text into the DOM.

export type Locale = 'en' | 'ja';

/** The same keys in English and Japanese. */
export type Catalog<K extends string> = Readonly<Record<Locale, Readonly<Record<K, string>>>>;

export type Translate<K extends string> = (key: K, params?: Record<string, string>) => string;

/** A catalog from its English table and a Japanese table that must have exactly the same keys. */
export function catalog<E extends Record<string, string>>(
  en: E,
  ja: Record<keyof E & string, string>,
): Catalog<keyof E & string> {
  return { en, ja };
}

export function mergeCatalogs<A extends string, B extends string>(
  a: Catalog<A>,
  b: Catalog<B>,
): Catalog<A | B> {
  return { en: { ...a.en, ...b.en }, ja: { ...a.ja, ...b.ja } } as Catalog<A | B>;
}

export function toLocale(tag: unknown): Locale {
  return typeof tag === 'string' && /^ja(\b|[-_])/i.test(tag) ? 'ja' : 'en';
}

export function translator<K extends string>(texts: Catalog<K>, locale: Locale): Translate<K> {
  const table = texts[locale];
  return (key, params = {}) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? params[name] : whole,
    );
}

/** Shown before the page knows the reader's language, and if it cannot load. */
export const COMMON_TEXT = catalog(
  {
    loading: 'Loading…',
    load_failed: 'This page could not be loaded: {message}',
    retry: 'Try again',
    no_bridge: 'This page only works inside Google Sheets (Extensions > GPT Functions).',
  },
  {
    loading: '読み込み中…',
    load_failed: 'このページを読み込めませんでした: {message}',
    retry: '再試行',
    no_bridge: 'このページは Google スプレッドシートの中でのみ動作します（拡張機能 > GPT Functions）。',
  },
);

export type CommonKey = keyof typeof COMMON_TEXT.en;
