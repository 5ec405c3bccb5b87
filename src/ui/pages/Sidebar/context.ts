import type { Formatters } from './format';
import type { Locale, Translate } from './i18n';

/** What every section needs: the reader's language and number formats. */
export interface Context {
  locale: Locale;
  t: Translate;
  fmt: Formatters;
}
