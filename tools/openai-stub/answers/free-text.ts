// Free-text answers: the task is read from the system message, the answer made from the text.

export type FreeTask = 'summarize' | 'translate' | 'extract' | 'repeat' | 'other';

export function inferTask(system: string): FreeTask {
  const lower = system.toLowerCase();
  // A test instruction with an exact answer: "Repeat the text exactly" gives the text back unchanged.
  if (/\brepeat (?:the|each) text exactly\b/.test(lower)) return 'repeat';
  if (lower.includes('summar')) return 'summarize';
  if (lower.includes('translat')) return 'translate';
  if (lower.includes('extract')) return 'extract';
  return 'other';
}

export function freeAnswer(text: string, system: string): string {
  if (text.trim() === '') return '';
  switch (inferTask(system)) {
    case 'summarize':
      return summarize(text, wordLimit(system));
    case 'translate':
      return translate(text, targetLanguage(system));
    case 'extract':
      return extract(text, system);
    case 'repeat':
      return text;
    default:
      return `This is about "${firstWords(text)}".`;
  }
}

function wordLimit(system: string): number | null {
  const match = /at most (\d+) words/i.exec(system);
  return match ? Number(match[1]) : null;
}

function summarize(text: string, limit: number | null): string {
  const sentence = text.trim().split(/(?<=[.!?。！？])\s*/u)[0] ?? '';
  const words = sentence.split(/\s+/).filter(Boolean);
  return limit !== null && words.length > limit ? words.slice(0, limit).join(' ') : words.join(' ');
}

function sentenceWith(text: string, word: RegExp): string {
  return text.split(/(?<=[.!?\n])\s+/).find((s) => word.test(s)) ?? '';
}

/** "Translate each text from English into Japanese." gives "Japanese". */
function targetLanguage(system: string): string | null {
  const sentence = sentenceWith(system, /translat/i);
  const match = /\binto\s+([^.\n:;,]+)/i.exec(sentence) ?? /\bto\s+([^.\n:;,]+)/i.exec(sentence);
  return match ? match[1].trim() : null;
}

function translate(text: string, target: string | null): string {
  return target ? `[${target}] ${text}` : text;
}

type Kind = 'email' | 'url' | 'date' | 'number';

// One pass, leftmost match first; at the same position the earlier alternative wins, so the
// digits of an address, link or date are not reported again as numbers.
const MATCHER =
  /(?<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?<url>https?:\/\/[^\s<>"'、。]+)|(?<date>\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{4}年\d{1,2}月\d{1,2}日)|(?<number>[-+]?\d+(?:[.,-]\d+)*)/gu;

const KIND_WORDS: Record<Kind, RegExp> = {
  email: /e-?mail|address|メール|アドレス/i,
  url: /\burls?\b|link|website|web site|リンク|サイト/i,
  date: /date|day|日付|日時|年月日/i,
  number: /number|phone|price|amount|total|quantity|count|digit|番号|電話|価格|金額|数/i,
};

/** Emails, links, dates and numbers in the order they appear; only the kinds the system asks for, if it names any. */
function extract(text: string, system: string): string {
  const request = sentenceWith(system, /extract/i);
  const wanted = (Object.keys(KIND_WORDS) as Kind[]).filter((k) => KIND_WORDS[k].test(request));
  const found: string[] = [];
  for (const match of text.matchAll(MATCHER)) {
    const kind = (Object.keys(match.groups ?? {}) as Kind[]).find((k) => match.groups?.[k] !== undefined);
    if (!kind || (wanted.length > 0 && !wanted.includes(kind))) continue;
    const value = kind === 'url' ? match[0].replace(/[.,;:!?)]+$/, '') : match[0];
    if (!found.includes(value)) found.push(value);
  }
  return found.join(', ');
}

/** The first five words, or for text written without spaces, its first fifteen characters. */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/);
  if (words.length === 1 && words[0].length > 15) return words[0].slice(0, 15);
  return words.slice(0, 5).join(' ');
}
