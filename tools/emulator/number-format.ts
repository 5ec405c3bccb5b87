// The text a cell shows (Range.getDisplayValues): its value through its number format, in the
// spreadsheet's locale and time zone. A small subset of the Sheets format syntax: date/time tokens
// (y m d h s, am/pm), digit placeholders (0 # , .), percent, scientific and quoted or [$X] literals.
import { isDate } from './dates';
import { decimalSeparator } from './locale';
import type { Cell } from './state/cell';
import { wallClockOf } from './zoned-time';

export interface DisplayContext {
  locale: string;
  timeZone: string;
}

/** What getNumberFormat() returns for a cell nobody formatted (REPORTED; README, "Number formats"). */
export const DEFAULT_NUMBER_FORMAT = '0.###############';

export function displayText(cell: Cell | undefined, format: string | undefined, ctx: DisplayContext): string {
  if (!cell) return '';
  const value = cell.value;
  const pattern = format ?? cell.autoFormat;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value))
    return pattern && isDatePattern(pattern) ? formatDateValue(value, pattern, ctx) : defaultDate(value, ctx);
  if (!pattern || pattern === '@' || pattern === DEFAULT_NUMBER_FORMAT || isDatePattern(pattern)) {
    return generalNumber(value, ctx.locale);
  }
  return formatNumber(value, pattern, ctx.locale);
}

function generalNumber(value: number, locale: string): string {
  if (!Number.isFinite(value)) return String(value);
  const text =
    Number.isInteger(value) || Math.abs(value) >= 1e15 ? String(value) : trimZeros(value.toFixed(15));
  return decimalSeparator(locale) === ',' ? text.replace('.', ',') : text;
}

function trimZeros(fixed: string): string {
  return String(Number(fixed)) === fixed ? fixed : fixed.replace(/\.?0+$/, '');
}

function defaultDate(d: Date, ctx: DisplayContext): string {
  const w = wallClockOf(d, ctx.timeZone);
  const date = `${w.month}/${w.day}/${w.year}`;
  if (w.hour === 0 && w.minute === 0 && w.second === 0) return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date} ${w.hour}:${pad(w.minute)}:${pad(w.second)}`;
}

function stripLiterals(pattern: string): string {
  return pattern.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
}

function isDatePattern(pattern: string): boolean {
  const bare = stripLiterals(pattern);
  return /[ymdhs]/i.test(bare) && !/[0#]/.test(bare.replace(/[hs]\.0+/gi, ''));
}

type Token = { kind: 'field'; text: string } | { kind: 'literal'; text: string };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|\\(.)|(am\/pm|a\/p)|(y+|m+|d+|h+|s+)|(.)/gi;
  for (const m of pattern.matchAll(re)) {
    if (m[4] || m[3]) tokens.push({ kind: 'field', text: m[4] ?? m[3] });
    else tokens.push({ kind: 'literal', text: m[1] ?? m[2] ?? m[5] });
  }
  return tokens;
}

const MONTH_NAMES =
  'January February March April May June July August September October November December'.split(' ');
const DAY_NAMES = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');

function formatDateValue(d: Date, pattern: string, ctx: DisplayContext): string {
  const w = wallClockOf(d, ctx.timeZone);
  const tokens = tokenize(pattern);
  const fields = tokens.filter((t) => t.kind === 'field').map((t) => t.text.toLowerCase());
  const twelveHour = fields.some((f) => f.includes('/'));
  let fieldIndex = -1;
  return tokens
    .map((t) => {
      if (t.kind === 'literal') return t.text;
      fieldIndex++;
      const f = t.text.toLowerCase();
      const minute =
        f[0] === 'm' && (fields[fieldIndex - 1]?.[0] === 'h' || fields[fieldIndex + 1]?.[0] === 's');
      return dateField(f, minute, twelveHour, w);
    })
    .join('');
}

function dateField(
  f: string,
  minute: boolean,
  twelveHour: boolean,
  w: ReturnType<typeof wallClockOf>,
): string {
  const pad = (n: number) => String(n).padStart(f.length >= 2 ? 2 : 1, '0');
  if (f.includes('/')) return (w.hour < 12 ? f.split('/')[0] : f.split('/')[1]).toUpperCase();
  switch (f[0]) {
    case 'y':
      return f.length <= 2 ? String(w.year % 100).padStart(2, '0') : String(w.year);
    case 'm':
      if (minute) return pad(w.minute);
      if (f.length >= 4) return MONTH_NAMES[w.month - 1];
      return f.length === 3 ? MONTH_NAMES[w.month - 1].slice(0, 3) : pad(w.month);
    case 'd':
      if (f.length >= 4) return DAY_NAMES[w.weekday];
      return f.length === 3 ? DAY_NAMES[w.weekday].slice(0, 3) : pad(w.day);
    case 'h':
      return pad(twelveHour ? w.hour % 12 || 12 : w.hour);
    default:
      return pad(w.second);
  }
}

interface NumberPattern {
  prefix: string;
  suffix: string;
  minInt: number;
  grouped: boolean;
  minDecimals: number;
  maxDecimals: number;
  percent: boolean;
  exponentDigits?: number;
}

function parseNumberPattern(pattern: string): NumberPattern {
  const section = pattern.split(';')[0];
  const literal = (text: string) =>
    text.replace(
      /"([^"]*)"|\[\$([^\]-]*)[^\]]*\]|\\(.)|[_*]./g,
      (_m, q?: string, cur?: string, esc?: string) => q ?? cur ?? esc ?? '',
    );
  const start = section.search(/[0#?.,]/);
  const end = Math.max(...['0', '#', '?'].map((c) => section.lastIndexOf(c))) + 1;
  const exponent = /E[+-](0+)/i.exec(section);
  const body = start < 0 ? '' : section.slice(start, exponent ? exponent.index : end);
  const tail = start < 0 ? section : section.slice(exponent ? exponent.index + exponent[0].length : end);
  const [intPart, decPart = ''] = body.split('.');
  return {
    prefix: literal(start < 0 ? '' : section.slice(0, start)).replace('%', ''),
    suffix: literal(tail).replace('%', section.includes('%') ? '%' : ''),
    minInt: (intPart.match(/0/g) ?? []).length,
    grouped: intPart.includes(','),
    minDecimals: (decPart.match(/0/g) ?? []).length,
    maxDecimals: (decPart.match(/[0#?]/g) ?? []).length,
    percent: section.includes('%'),
    exponentDigits: exponent?.[1].length,
  };
}

function formatNumber(value: number, pattern: string, locale: string): string {
  const p = parseNumberPattern(pattern);
  const negative = value < 0;
  let n = Math.abs(value) * (p.percent ? 100 : 1);
  let exponent = '';
  if (p.exponentDigits !== undefined) {
    const e = n === 0 ? 0 : Math.floor(Math.log10(n));
    n /= 10 ** e;
    exponent = `E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(p.exponentDigits, '0')}`;
  }
  const [int, dec = ''] = n.toFixed(p.maxDecimals).split('.');
  const decimals = dec.replace(new RegExp(`0{0,${p.maxDecimals - p.minDecimals}}$`), '');
  const groupSep = decimalSeparator(locale) === ',' ? '.' : ',';
  let digits = int.replace(/^0+(?=\d)/, '').padStart(p.minInt, '0');
  if (digits === '0' && p.minInt === 0) digits = '';
  if (p.grouped) digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, groupSep);
  const text = decimals ? `${digits}${decimalSeparator(locale)}${decimals}` : digits || (decimals ? '' : '0');
  return `${negative ? '-' : ''}${p.prefix}${text}${exponent}${p.suffix}`;
}
