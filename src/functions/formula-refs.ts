// Reading a formula the way Sheets copies it down a column: two cells hold "the same formula" when
// their formulas are equal once every reference is written relative to the cell (R1C1 style), so
// `=GPT_SENTIMENT(A5)` in B5 and `=GPT_SENTIMENT(A6)` in B6 are the same, and `=GPT_SENTIMENT(A6,
// "x,y,z")` is not. Only formulas of the plain form `=NAME(arguments)` are read; anything else is
// not shared.

export interface CellRef {
  /** The tab named in the reference, or undefined for the formula's own tab. */
  sheet?: string;
  row: number;
  column: number;
  rowAbsolute: boolean;
  columnAbsolute: boolean;
}

export interface ParsedCall {
  name: string;
  /** The arguments' source text, trimmed. */
  args: string[];
}

const CALL = /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/;
const SHEET = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!`;
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?[0-9]+`;
/** A reference (optionally on another tab, optionally a range) not followed by "(" (a function). */
const REFERENCE = new RegExp(
  String.raw`(?<![A-Za-z0-9_.$'])(${SHEET})?(${CELL})(?::(${CELL}))?(?![A-Za-z0-9_.(!])`,
  'g',
);
const SINGLE_CELL = new RegExp(String.raw`^(${SHEET})?(${CELL})$`);

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseCell(text: string, sheetPart?: string): CellRef {
  const m = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$/.exec(text) as RegExpExecArray;
  const sheet = sheetPart ? unquoteSheet(sheetPart.slice(0, -1)) : undefined;
  return {
    sheet,
    column: columnNumber(m[2]),
    row: Number(m[4]),
    columnAbsolute: m[1] === '$',
    rowAbsolute: m[3] === '$',
  };
}

function unquoteSheet(name: string): string {
  return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** Splits the formula into code and string literals, so references are only looked for in code. */
function pieces(formula: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  const re = /"(?:[^"]|"")*"/g;
  let last = 0;
  for (let m; (m = re.exec(formula));) {
    out.push({ code: true, text: formula.slice(last, m.index) }, { code: false, text: m[0] });
    last = m.index + m[0].length;
  }
  out.push({ code: true, text: formula.slice(last) });
  return out;
}

function relativeCell(ref: CellRef, row: number, column: number): string {
  const r = ref.rowAbsolute ? `R${ref.row}` : `R[${ref.row - row}]`;
  const c = ref.columnAbsolute ? `C${ref.column}` : `C[${ref.column - column}]`;
  return `${r}${c}`;
}

/** The formula with every reference written relative to (row, column): equal for copies of one formula. */
export function relativeForm(formula: string, row: number, column: number): string {
  return pieces(formula.trim())
    .map((p) =>
      p.code
        ? p.text.replace(
            REFERENCE,
            (_all, sheet: string | undefined, from: string, to: string | undefined) => {
              const tab = sheet ? `${unquoteSheet(sheet.slice(0, -1)).toLowerCase()}!` : '';
              const start = relativeCell(parseCell(from), row, column);
              return to ? `${tab}${start}:${relativeCell(parseCell(to), row, column)}` : `${tab}${start}`;
            },
          )
        : p.text,
    )
    .join('');
}

/** `=NAME(a, b)` -> {name, args}; undefined for any other shape. Arguments split on "," or ";". */
export function parseCall(formula: string): ParsedCall | undefined {
  const m = CALL.exec(formula.trim());
  if (!m) return undefined;
  const args: string[] = [];
  let depth = 0;
  let current = '';
  const separator = topLevelHas(m[2], ';') ? ';' : ',';
  for (const p of pieces(m[2])) {
    if (!p.code) {
      current += p.text;
      continue;
    }
    for (const ch of p.text) {
      if (ch === '(' || ch === '{') depth++;
      if (ch === ')' || ch === '}') depth--;
      if (depth < 0) return undefined;
      if (depth === 0 && ch === separator) {
        args.push(current.trim());
        current = '';
      } else current += ch;
    }
  }
  if (depth !== 0) return undefined;
  args.push(current.trim());
  return { name: m[1], args: m[2].trim() === '' ? [] : args };
}

/** Decimal-comma locales separate arguments with ";" and write 0,5: then only ";" separates. */
function topLevelHas(body: string, separator: string): boolean {
  let depth = 0;
  for (const p of pieces(body)) {
    if (!p.code) continue;
    for (const ch of p.text) {
      if (ch === '(' || ch === '{') depth++;
      else if (ch === ')' || ch === '}') depth--;
      else if (depth === 0 && ch === separator) return true;
    }
  }
  return false;
}

/** The argument as a single-cell reference (`A5`, `'My tab'!$A5`), or undefined. */
export function singleCell(arg: string): CellRef | undefined {
  const m = SINGLE_CELL.exec(arg.trim());
  return m ? parseCell(m[2], m[1]) : undefined;
}

/** Whether any reference in `text` moves with the row it is copied to. */
export function hasRowRelativeReference(text: string): boolean {
  return pieces(text).some(
    (p) =>
      p.code &&
      [...p.text.matchAll(REFERENCE)].some(
        (m) => !parseCell(m[2]).rowAbsolute || (m[3] !== undefined && !parseCell(m[3]).rowAbsolute),
      ),
  );
}
