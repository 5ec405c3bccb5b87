// Personal data in a cell's text: e-mail addresses, phone numbers, My Numbers (個人番号) and card
// numbers, found by pattern and checked where the number carries a check digit; masked with typed
// placeholders before a text is sent, and put back where an answer repeats a placeholder.
// Names and postal addresses are not found: they need more than patterns (docs/personal-data.md).

export type PersonalKind = 'email' | 'phone' | 'mynumber' | 'card';
export const PERSONAL_KINDS: readonly PersonalKind[] = ['email', 'phone', 'mynumber', 'card'];

/** What a column job or an evaluation does with rows holding personal data. */
export type PersonalDataRule = 'mask' | 'skip' | 'send';
export const PERSONAL_DATA_RULES: readonly PersonalDataRule[] = ['mask', 'skip', 'send'];

/** Whether a row is left unsent under `rule`. */
export function skipsRow(rule: PersonalDataRule, text: string): boolean {
  return rule === 'skip' && findPersonalData(text).length > 0;
}

export interface Finding {
  kind: PersonalKind;
  /** Its place in the original text (UTF-16 offsets, end exclusive) and the original characters. */
  start: number;
  end: number;
  value: string;
}

const PLACEHOLDER_NAMES: Record<PersonalKind, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  mynumber: 'MYNUMBER',
  card: 'CARD',
};

// Hyphen-like characters people type between digits, after NFKC (which already turns ー's
// half-width form ｰ into ー, and － ﹣ into -).
const HYPHENS = /[\u2010-\u2015\u2212\u30FC\u2043\uFE58\u02D7]/;

/**
 * The text as the patterns see it, one unit per original code point when possible: NFKC (full-width
 * digits and letters, ＠), hyphen variants as '-'. `origin[i]` is the original offset where
 * normalized unit i came from, with one extra entry for the end.
 */
function normalize(text: string): { norm: string; origin: number[] } {
  let norm = '';
  const origin: number[] = [];
  let offset = 0;
  for (const ch of text) {
    let n = ch.normalize('NFKC');
    if (HYPHENS.test(n)) n = '-';
    for (let k = 0; k < n.length; k++) origin.push(offset);
    norm += n;
    offset += ch.length;
  }
  origin.push(offset);
  return { norm: withDigitLookalikes(norm), origin };
}

/** O, o as 0 and I, l, | as 1 where they sit inside a run of digits ("090-l234-5678"). */
function withDigitLookalikes(norm: string): string {
  return norm.replace(/[OoIl|](?=[0-9])|(?<=[0-9])[OoIl|]/g, (c, i: number) => {
    const before = norm.slice(Math.max(0, i - 2), i);
    const after = norm.slice(i + 1, i + 4);
    // Only within a number: digits on both sides, or a digit on one side and a digit or separator on the other.
    const digitsAround = /[0-9]$/.test(before) && /^[-\s]?[0-9]/.test(after);
    const digitsAfter = !/[A-Za-z]$/.test(before) && /^[0-9]([0-9]|[-\s][0-9])/.test(after);
    const digitsBefore = /[0-9]{2}$/.test(before) && /^([0-9-]|$)/.test(after);
    if (!(digitsAround || digitsAfter || digitsBefore)) return c;
    return /[Oo]/.test(c) ? '0' : '1';
  });
}

const EMAIL =
  /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*(?:@|\s*[([](?:at|AT)[)\]]\s*)[A-Za-z0-9-]+(?:(?:\.|\s*[([](?:dot|DOT)[)\]]\s*)[A-Za-z0-9-]+)*(?:\.|\s*[([](?:dot|DOT)[)\]]\s*)[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

// A run of digits with single separators between them, not touching other digits or letters.
const SEP = '[-\\s.]';
const NUMBER_RUN = new RegExp(
  `(?<![A-Za-z0-9+\\-])(?:\\+\\s?)?\\(?[0-9]+\\)?(?:${SEP}?\\(?[0-9]+\\)?)*(?![A-Za-z0-9]|-[0-9])`,
  'g',
);

function digitsOf(s: string): string {
  return s.replace(/[^0-9]/g, '');
}

/** My Number's check digit (個人番号の検査用数字), 平成26年総務省令第85号 第五条. */
export function isMyNumber(digits: string): boolean {
  if (!/^[0-9]{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(digits[11 - n]); // the n-th digit counting from the right of the first 11
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  const check = r <= 1 ? 0 : 11 - r;
  return check === Number(digits[11]);
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** GS1's check digit: weights 1 and 3 from the left over the first 12 digits. */
function isEan13(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits[12]);
}

/** Issuer prefixes of the card networks (Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, JCB 35, Diners 30/36/38, Discover and UnionPay 6). */
function looksLikeCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return false;
  // 13 digits with a valid GS1 check digit are far more often a product barcode (JAN/EAN-13) than a
  // 13-digit Visa number, which the networks stopped issuing.
  if (digits.length === 13 && isEan13(digits)) return false;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  return (
    digits[0] === '4' ||
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) ||
    [30, 34, 35, 36, 37, 38].includes(two) ||
    digits[0] === '6'
  );
}

/** Separators as people write a number: single hyphens, spaces or dots between groups. */
function groups(run: string): string[] {
  return run
    .replace(/[()+]/g, ' ')
    .trim()
    .split(/[-\s.]+/)
    .filter(Boolean);
}

function isJapanesePhone(run: string, digits: string): boolean {
  if (!digits.startsWith('0') || digits[1] === '0') return false;
  const parts = groups(run);
  if (parts.length > 3) return false;
  if (parts.length > 1 && parts[parts.length - 1].length < 3) return false;
  if (digits.length === 11) return /^0[5789]0|^0800/.test(digits);
  return digits.length === 10;
}

function isInternationalPhone(run: string, digits: string): boolean {
  if (!run.trimStart().startsWith('+')) return false;
  if (digits.startsWith('81')) {
    const national = digits.slice(2).replace(/^0/, '');
    return national.length === 9 || national.length === 10;
  }
  return digits.length >= 8 && digits.length <= 15;
}

/** North American numbers written with separators: (555) 123-4567, 555-123-4567. */
function isNanpPhone(run: string): boolean {
  return /^\(?[2-9][0-9]{2}\)?[-\s.][0-9]{3}[-.][0-9]{4}$/.test(run.trim());
}

function numberKind(run: string): PersonalKind | undefined {
  const digits = digitsOf(run);
  const parts = groups(run);
  const hasParens = /[()]/.test(run);
  if (!hasParens && !run.includes('+')) {
    if (
      digits.length === 12 &&
      (parts.length === 1 || parts.every((p) => p.length === 4)) &&
      isMyNumber(digits)
    )
      return 'mynumber';
    const cardGroups = parts.length === 1 || parts.every((p) => p.length >= 4 && p.length <= 6);
    if (cardGroups && !run.includes('.') && looksLikeCard(digits)) return 'card';
  }
  if (isInternationalPhone(run, digits) || isJapanesePhone(run, digits) || isNanpPhone(run)) return 'phone';
  return undefined;
}

/** Digits (also full-width: NFKC turns more forms into digits, but people type these), or an at sign. */
const MAYBE_PERSONAL = /[0-9\uFF10-\uFF19@\uFF20\uFE6B]|[([](?:at|AT)[)\]]/;

/** A run without a parenthesis that opens or closes outside it: "(tel 03-1234-5678)" keeps its ")". */
function withoutStrayParens(match: string): { run: string; lead: number } {
  let run = match;
  let lead = 0;
  const opens = () => (run.match(/\(/g) ?? []).length;
  const closes = () => (run.match(/\)/g) ?? []).length;
  if (run.endsWith(')') && closes() > opens()) run = run.slice(0, -1);
  if (run.startsWith('(') && opens() > closes()) [run, lead] = [run.slice(1), 1];
  if (run.startsWith('(') && run.endsWith(')') && opens() === 1 && closes() === 1 && /^\([^)]*\)$/.test(run))
    [run, lead] = [run.slice(1, -1), lead + 1];
  return { run, lead };
}

/** Every piece of personal data in `text`, in order, none overlapping. */
export function findPersonalData(text: string): Finding[] {
  if (!MAYBE_PERSONAL.test(text)) return [];
  const { norm, origin } = normalize(text);
  const spans: Array<{ kind: PersonalKind; start: number; end: number }> = [];
  for (const m of norm.matchAll(EMAIL))
    spans.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  for (const m of norm.matchAll(NUMBER_RUN)) {
    const { run, lead } = withoutStrayParens(m[0]);
    const kind = numberKind(run);
    if (!kind) continue;
    const start = m.index + lead;
    const end = start + run.length;
    if (spans.some((s) => s.start < end && start < s.end)) continue; // inside an e-mail address
    spans.push({ kind, start, end });
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      const start = origin[s.start];
      const end = origin[s.end];
      return { kind: s.kind, start, end, value: text.slice(start, end) };
    });
}

/** Which kinds `text` holds. */
export function personalKinds(text: string): Set<PersonalKind> {
  return new Set(findPersonalData(text).map((f) => f.kind));
}

export interface Masked {
  masked: string;
  /** Placeholder -> the original characters. */
  originals: Map<string, string>;
}

/** `text` with each piece of personal data replaced by `[EMAIL 1]`, `[PHONE 2]`...: the same value, the same placeholder. */
export function maskPersonalData(text: string): Masked {
  const findings = findPersonalData(text);
  const originals = new Map<string, string>();
  if (!findings.length) return { masked: text, originals };
  const byValue = new Map<string, string>();
  const counts: Partial<Record<PersonalKind, number>> = {};
  let masked = '';
  let at = 0;
  for (const f of findings) {
    const id = `${f.kind}\u0000${f.value}`;
    let placeholder = byValue.get(id);
    if (!placeholder) {
      counts[f.kind] = (counts[f.kind] ?? 0) + 1;
      placeholder = `[${PLACEHOLDER_NAMES[f.kind]} ${counts[f.kind]}]`;
      byValue.set(id, placeholder);
      originals.set(placeholder, f.value);
    }
    masked += text.slice(at, f.start) + placeholder;
    at = f.end;
  }
  return { masked: masked + text.slice(at), originals };
}

const PLACEHOLDER = /\[(EMAIL|PHONE|MYNUMBER|CARD)[ _]?([0-9]+)\]/g;

/** The answer with every placeholder the text's masking made put back; others are left as they are. */
export function restorePersonalData(answer: string, originals: Map<string, string>): string {
  if (!originals.size) return answer;
  return answer.replace(
    PLACEHOLDER,
    (whole, name: string, n: string) => originals.get(`[${name} ${n}]`) ?? whole,
  );
}
