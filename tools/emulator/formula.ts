// Parses the formulas evaluate() accepts: =NAME(arg, ...) with references, numbers, strings and booleans.
import { type ParsedA1, parseA1 } from './a1';

export type FormulaArg =
  { kind: 'value'; value: string | number | boolean } | { kind: 'ref'; ref: ParsedA1; single: boolean };

export interface ParsedFormula {
  name: string;
  args: FormulaArg[];
}

const CALL = /^=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseFormula(formula: string): ParsedFormula {
  const m = CALL.exec(formula.trim());
  if (!m) throw new Error(`Formula parse error: ${formula}`);
  const body = m[2].trim();
  return { name: m[1], args: body === '' ? [] : splitArgs(body).map((a) => parseArg(a, formula)) };
}

function splitArgs(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ',') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

function parseArg(text: string, formula: string): FormulaArg {
  if (/^".*"$/s.test(text)) return { kind: 'value', value: text.slice(1, -1).replace(/""/g, '"') };
  if (/^(true|false)$/i.test(text)) return { kind: 'value', value: text.toUpperCase() === 'TRUE' };
  if (NUMBER.test(text)) return { kind: 'value', value: Number(text) };
  const ref = parseA1(text);
  if (!ref) throw new Error(`Formula parse error: ${formula}`);
  return { kind: 'ref', ref, single: !text.includes(':') };
}
