// What a spreadsheet locale changes in formulas and typed input. Decimal-comma locales ("most European
// countries") write 1,5 and separate arguments with ";"; decimal-point locales (US, UK, Japan...) write 1.5
// and use "," (REPORTED: benlcollins.com/spreadsheets/sheets-location; see the README, "Locales").

const DECIMAL_COMMA = new Set(
  'af az be bg ca cs da de el es et eu fi fr gl hr hu hy id is it ka kk ky lt lv mk mn nb nl nn no pl pt ro ru sk sl sq sr sv tr uk uz vi'.split(
    ' ',
  ),
);
/** Regions whose language would say comma but which write a decimal point. */
const DECIMAL_POINT_REGIONS = new Set(['de_CH', 'it_CH', 'fr_CH', 'es_MX', 'es_US', 'es_PR', 'es_419']);
const YEAR_FIRST = new Set(['ja', 'zh', 'ko', 'hu', 'lt', 'sv', 'mn']);
const MONTH_FIRST = new Set(['en_US', 'en', 'en_PH', 'es_US']);

function normalized(locale: string): { language: string; tag: string } {
  const tag = locale.replace('-', '_');
  return { language: tag.split('_')[0].toLowerCase(), tag };
}

export function usesDecimalComma(locale: string): boolean {
  const { language, tag } = normalized(locale);
  return DECIMAL_COMMA.has(language) && !DECIMAL_POINT_REGIONS.has(tag);
}

export function decimalSeparator(locale: string): ',' | '.' {
  return usesDecimalComma(locale) ? ',' : '.';
}

/** Thousands separators accepted in typed numbers. */
export function groupSeparators(locale: string): string[] {
  return usesDecimalComma(locale) ? ['.', ' ', '\u00a0', '\u202f'] : [','];
}

/** Separator between a formula's arguments. */
export function argumentSeparator(locale: string): ';' | ',' {
  return usesDecimalComma(locale) ? ';' : ',';
}

export type DateOrder = 'YMD' | 'MDY' | 'DMY';

/** How a typed d/m/y date is read: 5/1/2024 is May 1 in en_US and 5 January in en_GB. */
export function dateOrder(locale: string): DateOrder {
  const { language, tag } = normalized(locale);
  if (YEAR_FIRST.has(language)) return 'YMD';
  return MONTH_FIRST.has(tag) ? 'MDY' : 'DMY';
}

export function isEnglish(locale: string): boolean {
  return normalized(locale).language === 'en';
}
