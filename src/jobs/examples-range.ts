// Examples given to a job or an evaluation as A1 text ("D2:E6", "'Labelled reviews'!A2:B9"): the two
// columns read from the sheet once, when the job starts, so later edits of those cells do not change
// a running job's prompt (nor its cache key) halfway.
import { UserError } from '../i18n/messages';
import type { SheetPort } from '../platform/ports';
import { lettersToNumber } from './columns';

/** More rows than this cannot fit the examples' token cap anyway (engine/context.ts). */
const MAX_EXAMPLE_ROWS = 200;

export interface ExamplesRange {
  sheet: string;
  top: number;
  bottom: number;
  left: number;
}

const A1 = /^(?:(?:'((?:[^']|'')+)'|([^!'][^!]*))!)?\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/i;

export function parseExamplesRange(text: string, defaultSheet: string): ExamplesRange {
  const m = A1.exec(text.trim());
  if (!m) throw new UserError('examples_range_text');
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2]?.trim() ?? defaultSheet);
  const [left, right] = [lettersToNumber(m[3]), lettersToNumber(m[5])];
  const [top, bottom] = [Number(m[4]), Number(m[6])];
  if (right !== left + 1 || top < 1 || bottom < top || bottom - top + 1 > MAX_EXAMPLE_ROWS)
    throw new UserError('examples_range_text');
  return { sheet, top, bottom, left };
}

/**
 * The job's input with `examples` as the rows of cells when given as A1 text, and where they came
 * from (an evaluation refuses examples among the rows it evaluates).
 */
export function withExampleCells(
  input: unknown,
  sheets: SheetPort,
): { input: unknown; range?: ExamplesRange } {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (typeof o.examples !== 'string') return { input };
  if (!o.examples.trim()) return { input: { ...o, examples: undefined } };
  const range = parseExamplesRange(o.examples, String(o.sheet ?? ''));
  const tab = sheets.tabByName(range.sheet);
  if (!tab) throw new UserError('sheet_not_found', { sheet: range.sheet });
  const texts = sheets.readColumn(tab.id, range.left, range.top, range.bottom);
  const answers = sheets.readColumn(tab.id, range.left + 1, range.top, range.bottom);
  return { input: { ...o, examples: texts.map((t, i) => [t, answers[i]]) }, range };
}
