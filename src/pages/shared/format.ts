// Numbers in the reader's locale, and reading a token count typed by a person.
import type { Locale } from './i18n';

export interface Formatters {
  number(n: number): string;
  /** US dollars; null (a model with no known price) is "price unknown", never $0.00. */
  usd(n: number | null): string;
  /** A moment as a date and time in a time zone (the spreadsheet's). */
  dateTime(ms: number, timeZone?: string): string;
}

const PRICE_UNKNOWN: Record<Locale, string> = { en: 'price unknown', ja: '料金不明' };

export function formatters(locale: Locale): Formatters {
  const tag = locale === 'ja' ? 'ja-JP' : 'en-US';
  const numbers = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const cents = new Intl.NumberFormat(tag, { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });
  const small = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  const smallest = 0.0001;
  const dateTime = (ms: number, timeZone?: string) => {
    try {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
    } catch {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
    }
  };
  return {
    dateTime,
    number: (n) => numbers.format(n),
    usd: (n) => {
      if (n === null) return PRICE_UNKNOWN[locale];
      if (n > 0 && n < smallest) return `< ${small.format(smallest)}`;
      return (n !== 0 && Math.abs(n) < 1 ? small : cents).format(n);
    },
  };
}

/**
 * "1,000,000", "1 000 000", "１０００" -> a whole number; "" -> null; anything else -> NaN.
 * Separators a person may type are ignored; decimals and signs are not accepted.
 */
export function parseTokens(text: string): number | null {
  const plain = text.normalize('NFKC').replace(/[\s,_']/g, '');
  if (plain === '') return null;
  return /^\d{1,13}$/.test(plain) ? Number(plain) : NaN;
}
