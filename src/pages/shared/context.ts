import type { Formatters } from './format';
import type { Locale, Translate } from './i18n';

/** What every section of a page needs: the reader's language and number formats. */
export interface Context<K extends string> {
  locale: Locale;
  t: Translate<K>;
  fmt: Formatters;
}
