// A1 notation: parsing and formatting of cell and range references.

export interface GridRange {
  row: number; // 1-based
  col: number; // 1-based
  numRows: number;
  numCols: number;
}

export interface ParsedA1 {
  sheet?: string;
  startRow?: number;
  startCol?: number;
  endRow?: number;
  endCol?: number;
}

const REF = /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?$/;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function parseA1(text: string): ParsedA1 | undefined {
  const m = REF.exec(text.trim());
  if (!m) return undefined;
  const [, quoted, bare, c1, r1, c2, r2] = m;
  if (!c1 && !r1) return undefined;
  const isRange = m[0].includes(':') && (c2 || r2);
  const out: ParsedA1 = {
    sheet: quoted !== undefined ? quoted.replace(/''/g, "'") : bare,
    startCol: c1 ? columnNumber(c1) : undefined,
    startRow: r1 ? Number(r1) : undefined,
  };
  if (isRange) {
    out.endCol = c2 ? columnNumber(c2) : undefined;
    out.endRow = r2 ? Number(r2) : undefined;
  } else {
    if (!c1 || !r1) return undefined; // a single reference must be a cell
    out.endCol = out.startCol;
    out.endRow = out.startRow;
  }
  return out;
}

/** Resolves open-ended references ('A:A', 'A2:B', '3:4') against the sheet size. */
export function resolveA1(parsed: ParsedA1, maxRows: number, maxCols: number): GridRange {
  const r1 = parsed.startRow ?? 1;
  const c1 = parsed.startCol ?? 1;
  const r2 = parsed.endRow ?? maxRows;
  const c2 = parsed.endCol ?? maxCols;
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { row, col, numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
}

export function formatA1(range: GridRange): string {
  const start = `${columnLetters(range.col)}${range.row}`;
  if (range.numRows === 1 && range.numCols === 1) return start;
  return `${start}:${columnLetters(range.col + range.numCols - 1)}${range.row + range.numRows - 1}`;
}
