// Turning what Sheets passes to a custom function into text, and grids back into the shape given.

export type Cell = string | number | boolean | Date | null | undefined;
export type Grid<T> = T[][];

/** Sheets passes a Date from its own realm; test for it without instanceof. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** An object made by `{}` or JSON (a page's argument), not an array, a Date or a class instance. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** ms to add to UTC for the wall-clock time of the spreadsheet's time zone at a moment. */
export type ZoneOffset = (ms: number) => number;

/**
 * A cell as the text a model should see: trimmed strings, plain numbers, TRUE/FALSE, and dates as
 * the sheet shows them: in the spreadsheet's time zone (`offset`), not the script's.
 */
export function cellText(value: unknown, offset?: ZoneOffset): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) return dateText(value, offset);
  return String(value).trim();
}

function dateText(d: Date, offset?: ZoneOffset): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return '';
  // Without a zone, the script's local time (Apps Script runs the bundle in the script's zone).
  const local = offset ? new Date(ms + offset(ms)) : new Date(ms - d.getTimezoneOffset() * 60_000);
  const iso = local.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** A single value or a range, as a grid, and whether the caller gave a range. */
export function toGrid(input: unknown): { grid: Grid<unknown>; isRange: boolean } {
  if (Array.isArray(input)) {
    const rows = input.map((row) => (Array.isArray(row) ? row : [row]));
    return { grid: rows, isRange: true };
  }
  return { grid: [[input]], isRange: false };
}

/** A list argument: a range, or text separated by commas (also Japanese 、 and line breaks). */
export function listArgument(value: unknown): string[] {
  const parts = Array.isArray(value)
    ? value.flat().map((v) => cellText(v))
    : cellText(value).split(/[,、，\n]/);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function isBlank(value: unknown): boolean {
  return cellText(value) === '';
}
