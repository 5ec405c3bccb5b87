// What Sheets stores when a string is entered "as if the user typed it" (setValue/setValues, and a person
// editing a cell): Sheets API ValueInputOption USER_ENTERED - "strings may be converted to numbers, dates,
// etc. following the same rules that are applied when entering text into a cell via the Google Sheets UI".
// The single conversions below are not documented one by one (README, "Typed input").
import { isEnglish, dateOrder, decimalSeparator, groupSeparators } from './locale';
import { type Cell, rawCell } from './state/cell';
import type { WallClock } from './types';
import { wallToInstant } from './zoned-time';

export interface EntryContext {
  locale: string;
  timeZone: string;
  /** The cell's number format; '@' (plain text) keeps strings as they are. */
  format?: string;
}

export const PLAIN_TEXT = '@';

/**
 * A leading apostrophe forces text; '=' makes a formula (also in a plain-text cell: not established,
 * conservative); numbers, percentages, currency, dates and TRUE/FALSE are converted unless the cell is plain
 * text; '+', '-' or '@' followed by something that is not a number is also taken as a formula
 * (conservative: Sheets would try to parse it as one).
 */
export function enteredCell(value: unknown, ctx: EntryContext): Cell {
  if (typeof value !== 'string') return rawCell(value);
  if (value.startsWith("'")) return { value: value.slice(1) };
  if (value.startsWith('=')) return { value: '', formula: value };
  if (ctx.format === PLAIN_TEXT) return { value };
  const typed = typedNumber(value, ctx.locale) ?? typedDate(value, ctx);
  if (typed) return typed;
  if (/^[+\-@]./s.test(value)) return { value: '', formula: value };
  const word = value.trim().toUpperCase();
  if (word === 'TRUE' || word === 'FALSE') return { value: word === 'TRUE' };
  return { value };
}

const CURRENCIES: Record<string, number> = { $: 2, '€': 2, '£': 2, '¥': 0, '₹': 2, '₩': 0 };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function numberPattern(locale: string): RegExp {
  const dec = escape(decimalSeparator(locale));
  const groups = groupSeparators(locale).map(escape).join('');
  const cur = Object.keys(CURRENCIES).map(escape).join('');
  const plain = `\\d+(?:${dec}\\d*)?|${dec}\\d+`;
  const grouped = `\\d{1,3}(?:[${groups}]\\d{3})+(?:${dec}\\d*)?`;
  return new RegExp(
    `^([+-])?([${cur}])?([+-])?(${grouped}|${plain})(e[+-]?\\d+)?\\s?(%)?\\s?([${cur}])?$`,
    'i',
  );
}

/** '00123' -> 123, '1e3' -> 1000, '10%' -> 0.1, '$5' -> 5 (currency), '1,234' -> 1234 (in en_US). */
export function typedNumber(text: string, locale: string): Cell | undefined {
  const m = numberPattern(locale).exec(text.trim());
  if (!m) return undefined;
  const [, sign1, curBefore, sign2, body, exponent, percent, curAfter] = m;
  if ((sign1 && sign2) || (curBefore && curAfter) || ((curBefore || curAfter) && (percent || exponent))) {
    return undefined;
  }
  const dec = decimalSeparator(locale);
  const [intPart, fraction = ''] = body.split(dec);
  const digits = `${intPart.replace(/\D/g, '')}.${fraction}${exponent ?? ''}`;
  let value = Number(digits) * (sign1 === '-' || sign2 === '-' ? -1 : 1);
  if (percent) value = Number((value / 100).toPrecision(15));
  const cell: Cell = { value };
  const format = autoNumberFormat({
    grouped: intPart !== intPart.replace(/\D/g, ''),
    decimals: fraction.length,
    exponent: Boolean(exponent),
    percent: Boolean(percent),
    currency: curBefore ?? curAfter,
    currencyAfter: Boolean(curAfter),
  });
  if (format) cell.autoFormat = format;
  return cell;
}

interface NumberShape {
  grouped: boolean;
  decimals: number;
  exponent: boolean;
  percent: boolean;
  currency?: string;
  currencyAfter: boolean;
}

function autoNumberFormat(shape: NumberShape): string | undefined {
  if (shape.percent) return shape.decimals ? '0.00%' : '0%';
  if (shape.exponent) return '0.00E+00';
  if (shape.currency) {
    const places = CURRENCIES[shape.currency];
    const number = places ? `#,##0.${'0'.repeat(places)}` : '#,##0';
    return shape.currencyAfter ? `${number} "${shape.currency}"` : `"${shape.currency}"${number}`;
  }
  if (shape.grouped) return shape.decimals ? '#,##0.00' : '#,##0';
  return undefined;
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

interface DateMatch {
  wall: WallClock;
  format: string;
}

/** '2024-05-01' (any locale), 'yyyy/m/d', the locale's d/m/y order, and 'Mar 1 2016' in English locales. */
export function typedDate(text: string, ctx: EntryContext): Cell | undefined {
  const match = isoDate(text) ?? slashedDate(text, ctx.locale) ?? namedMonthDate(text, ctx.locale);
  if (!match || !validDate(match.wall)) return undefined;
  return { value: new Date(wallToInstant(match.wall, ctx.timeZone)), autoFormat: match.format };
}

function withTime(date: WallClock, time: string | undefined): WallClock {
  if (!time) return date;
  const [hour, minute, second = '0'] = time.split(':');
  return { ...date, hour: Number(hour), minute: Number(minute), second: Number(second) };
}

function isoDate(text: string): DateMatch | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(text.trim());
  if (!m) return undefined;
  const wall = withTime({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, m[4]);
  return { wall, format: m[4] ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd' };
}

function slashedDate(text: string, locale: string): DateMatch | undefined {
  const m = /^(\d{1,4})([/.])(\d{1,2})\2(\d{1,4})(?: (\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(text.trim());
  if (!m) return undefined;
  const [a, b, c] = [m[1], m[3], m[4]].map(Number);
  const time = m[5] ? ' h:mm:ss' : '';
  if (m[1].length === 4)
    return { wall: withTime({ year: a, month: b, day: c }, m[5]), format: `yyyy/m/d${time}` };
  if (m[4].length !== 4 && m[4].length !== 2) return undefined;
  const year = m[4].length === 2 ? 2000 + c : c;
  const order = dateOrder(locale);
  if (m[2] === '.' && order === 'MDY') return undefined;
  const wall = order === 'MDY' ? { year, month: a, day: b } : { year, month: b, day: a };
  const format = order === 'MDY' ? 'm/d/yyyy' : m[2] === '.' ? 'd.m.yyyy' : 'd/m/yyyy';
  return { wall: withTime(wall, m[5]), format: `${format}${time}` };
}

function namedMonthDate(text: string, locale: string): DateMatch | undefined {
  if (!isEnglish(locale)) return undefined;
  const t = text.trim().toLowerCase();
  const first = /^([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(t);
  const second = /^(\d{1,2}) ([a-z]{3})[a-z]*\.? (\d{4})$/.exec(t);
  const [name, day, year] = first
    ? [first[1], first[2], first[3]]
    : second
      ? [second[2], second[1], second[3]]
      : [];
  const month = name === undefined ? -1 : MONTHS.indexOf(name);
  if (month < 0) return undefined;
  return { wall: { year: Number(year), month: month + 1, day: Number(day) }, format: 'm/d/yyyy' };
}

function validDate(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1) return false;
  if ((w.hour ?? 0) > 23 || (w.minute ?? 0) > 59 || (w.second ?? 0) > 59) return false;
  return w.day <= new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
}
