// Turning what Sheets passes to a custom function into text, and grids back into the shape given.

export type Cell = string | number | boolean | Date | null | undefined;
export type Grid<T> = T[][];

/** Sheets passes a Date from its own realm; test for it without instanceof. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A cell as the text a model should see: trimmed strings, plain numbers, ISO dates, TRUE/FALSE. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) return dateText(value);
  return String(value).trim();
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const hasTime = d.getHours() || d.getMinutes() || d.getSeconds();
  return hasTime ? `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : date;
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
  const parts = Array.isArray(value) ? value.flat().map(cellText) : cellText(value).split(/[,、，\n]/);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function isBlank(value: unknown): boolean {
  return cellText(value) === '';
}
