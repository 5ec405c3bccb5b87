// Parses the formulas evaluate() accepts: =NAME(arg, ...) with references, numbers, strings, booleans and
// skipped arguments, in the spreadsheet locale's syntax: decimal-comma locales separate arguments with ";"
// and write 0,5; the others use "," (";" is accepted there too, as Sheets corrects it to ",").
import { type ParsedA1, parseA1 } from './a1';
import { usesDecimalComma } from './locale';

export type FormulaArg =
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'ref'; ref: ParsedA1; single: boolean }
  /** A skipped argument (`=F(a, , b)`): an empty value (what Sheets passes is not established; README). */
  | { kind: 'empty' };

export interface ParsedFormula {
  name: string;
  args: FormulaArg[];
}

const CALL = /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/;
const POINT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const COMMA_NUMBER = /^[+-]?(\d+,?\d*|,\d+)(e[+-]?\d+)?$/i;

export function parseFormula(formula: string, locale = 'en_US'): ParsedFormula {
  const m = CALL.exec(formula.trim());
  if (!m) throw new Error(`Formula parse error: ${formula}`);
  const body = m[2].trim();
  const comma = usesDecimalComma(locale);
  const separators = comma ? [';'] : [',', ';'];
  const args = body === '' ? [] : splitArgs(body, separators).map((a) => parseArg(a, formula, comma));
  return { name: m[1], args };
}

function splitArgs(body: string, separators: string[]): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (separators.includes(ch)) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function parseArg(text: string, formula: string, decimalComma: boolean): FormulaArg {
  if (text === '') return { kind: 'empty' };
  if (/^".*"$/s.test(text)) return { kind: 'value', value: text.slice(1, -1).replace(/""/g, '"') };
  if (/^(true|false)$/i.test(text)) return { kind: 'value', value: text.toUpperCase() === 'TRUE' };
  if (decimalComma ? COMMA_NUMBER.test(text) : POINT_NUMBER.test(text)) {
    return { kind: 'value', value: Number(decimalComma ? text.replace(',', '.') : text) };
  }
  const ref = parseA1(text);
  if (!ref) throw new Error(`Formula parse error: ${formula}`);
  return { kind: 'ref', ref, single: !text.includes(':') };
}
