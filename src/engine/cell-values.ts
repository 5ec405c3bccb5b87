// Text the add-on writes into cells must come back exactly as written. Sheets reads strings given to
// setValues as if they were typed: 00123 becomes 123, TRUE a boolean, 2024-05-01 a date, 10% 0.1, and
// =... a formula. So every cell the add-on writes text into is formatted as plain text first (numbers,
// dates, booleans, percentages and currency then stay strings), and a string that starts with = + - @
// or ' gets an apostrophe in front, which Sheets consumes: what remains is the text, never a formula.

/** The number format that makes Sheets keep a string as it is. */
export const PLAIN_TEXT_FORMAT = '@';

const INTERPRETED_START = /^[=+\-@']/;

/** What to type so that a cell formatted as plain text holds exactly `text`. */
export function textCellValue(text: string): string {
  return INTERPRETED_START.test(text) ? `'${text}` : text;
}

const WORDS = /^[\p{L}\p{M}]+(?: [\p{L}\p{M}]+)*$/u;
const BOOLEAN = /^(true|false)$/i;

/**
 * Whether Sheets keeps this text as it is in a cell of any format: words of letters only (labels such
 * as "positive" or "肯定的"), not TRUE or FALSE. Such cells need no plain-text format call first.
 */
export function readsAsItself(text: string): boolean {
  return WORDS.test(text) && !BOOLEAN.test(text);
}

/** Sheets keeps at most 50,000 characters in a cell and refuses to write more (brief, section 4). */
export const CELL_CHARS = 50_000;
/**
 * The mark at the end of an answer cut to fit a cell. Language-neutral (the same cached answer serves
 * every locale): an ellipsis and scissors.
 */
export const CUT_MARK = '…[✂]';

/**
 * An answer that fits a cell: at most CELL_CHARS - 1 characters (room for the apostrophe a text cell
 * may need in front), cut with CUT_MARK when longer, never inside a surrogate pair.
 */
export function fitCell(text: string): string {
  const room = CELL_CHARS - 1;
  if (text.length <= room) return text;
  let end = room - CUT_MARK.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + CUT_MARK;
}
