// Picks one value of an enum for a text: by sentiment when the labels are sentiment labels,
// otherwise by the words a label shares with the text.

import { stableHash } from '../random';
import { sentimentOf, type Sentiment } from './sentiment';

const SENTIMENT_ORDER: readonly Sentiment[] = ['positive', 'neutral', 'negative'];

export function chooseLabel(values: readonly unknown[], text: string, system: string): unknown {
  const labels = values.filter((v): v is string => typeof v === 'string');
  if (labels.length === 0) return values[stableHash(text) % values.length];
  const sentimentLabel = bySentiment(labels, text, system);
  return (
    sentimentLabel ??
    byTopic(labels, text) ??
    byExample(labels, text, examplesIn(system)) ??
    otherLabel(labels) ??
    byOverlap(labels, text)
  );
}

export interface ShownExample {
  text: string;
  answer: string;
}

/** The examples the add-on puts in the system message, one JSON object a line after its heading. */
export function examplesIn(system: string): ShownExample[] {
  const at = system.indexOf('Examples of texts');
  if (at < 0) return [];
  const examples: ShownExample[] = [];
  for (const line of system.slice(at).split('\n').slice(1)) {
    try {
      const e = JSON.parse(line) as Partial<ShownExample>;
      if (typeof e.text === 'string' && typeof e.answer === 'string') examples.push(e as ShownExample);
    } catch {
      break; // the block ends at the first line that is not an example
    }
  }
  return examples;
}

/** Words of four letters or more, and pairs of CJK characters: what two texts can share. */
function wordsOf(text: string): Set<string> {
  const lower = text.toLowerCase();
  const words = lower.match(/[a-z0-9]{4,}/g) ?? [];
  const cjk = lower.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu) ?? [];
  const pairs = cjk.flatMap((run) => [...run].slice(1).map((ch, i) => run[i] + ch));
  return new Set([...words, ...pairs]);
}

/**
 * Where the keywords know nothing, a model shown examples answers like the example most like the
 * text (most shared words): few-shot examples help exactly where the task alone is unclear.
 */
function byExample(labels: string[], text: string, examples: ShownExample[]): string | null {
  const words = wordsOf(text);
  let best: string | null = null;
  let bestScore = 0;
  for (const e of examples) {
    const label = labels.find((l) => l.toLowerCase() === e.answer.toLowerCase());
    if (!label) continue;
    let score = 0;
    for (const w of wordsOf(e.text)) if (words.has(w)) score++;
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  return best;
}

/** "other" when the labels are ones the keyword model knows and nothing matched. */
function otherLabel(labels: string[]): string | null {
  const other = labels.find((l) => ['other', 'others', 'その他'].includes(l.toLowerCase()));
  const known = labels.some((l) => TOPIC_KEYWORDS[l.toLowerCase()]);
  return known && other ? other : null;
}

/**
 * A small keyword model for the categories people use most, in English and Japanese, so offline
 * answers look plausible: a broken zipper is "quality", a late parcel "delivery". A label that is
 * not in the table, or a text that hits no keyword, falls back to word overlap (then "other").
 */
const TOPIC_KEYWORDS: Record<string, readonly string[]> = {
  quality: [
    'broke',
    'broken',
    'flicker',
    'defect',
    'faulty',
    'stopped working',
    'cheap material',
    'zipper',
    'quality',
    'sound',
    'battery',
    'noise',
    '壊れ',
    '故障',
    '品質',
    '不良',
    'ファスナー',
    '音質',
    '最悪',
  ],
  delivery: [
    'arrived',
    'delivery',
    'delivered',
    'shipping',
    'shipped',
    'parcel',
    'package',
    'box',
    'late',
    'courier',
    '届',
    '配送',
    '配達',
    '発送',
    '遅',
  ],
  shipping: [
    'arrived',
    'delivery',
    'delivered',
    'shipping',
    'shipped',
    'parcel',
    'package',
    'late',
    '届',
    '配送',
    '配達',
    '発送',
  ],
  price: [
    'price',
    'expensive',
    'cheap',
    'cost',
    'value',
    'money',
    'worth',
    '値段',
    '価格',
    '高い',
    '安い',
    '相応',
  ],
  billing: ['invoice', 'charged', 'charge', 'refund', 'billing', 'payment', 'paid', '請求', '返金', '支払'],
  product: [
    'design',
    'boils',
    'light',
    'works',
    'feature',
    'size',
    'color',
    'colour',
    'デザイン',
    '機能',
    'サイズ',
  ],
  support: [
    'support',
    'help desk',
    'customer service',
    'reply',
    'answered',
    'サポート',
    '問い合わせ',
    '対応',
  ],
  praise: ['love', 'great', 'excellent', 'best', 'perfect', '最高', '素晴らし', '満足'],
  complaint: ['terrible', 'awful', 'disappoint', 'bad', 'return', '残念', 'ひどい', '最悪'],
};

function byTopic(labels: string[], text: string): string | null {
  const lower = text.toLowerCase();
  let best: string | null = null;
  let bestScore = 0;
  for (const label of labels) {
    const words = TOPIC_KEYWORDS[label.toLowerCase()];
    if (!words) continue;
    const score = words.filter((w) => lower.includes(w)).length;
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  return best;
}

function bySentiment(labels: string[], text: string, system: string): string | null {
  const lower = labels.map((l) => l.toLowerCase());
  const standard = lower.length === 3 && SENTIMENT_ORDER.every((s) => lower.includes(s));
  if (standard) return labels[lower.indexOf(sentimentOf(text))];
  if (labels.length === 3 && /sentiment|感情/i.test(system)) {
    return labels[SENTIMENT_ORDER.indexOf(sentimentOf(text))];
  }
  return null;
}

/** The label with the most words found in the text; ties go to a stable hash of the text. */
function byOverlap(labels: string[], text: string): string {
  const lowerText = text.toLowerCase();
  const textWords = lowerText.match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  const scores = labels.map((label) => overlapScore(label.toLowerCase(), lowerText, textWords));
  const best = Math.max(...scores);
  const tied = labels.filter((_, i) => scores[i] === best);
  return tied[stableHash(text) % tied.length];
}

function overlapScore(label: string, text: string, textWords: string[]): number {
  const words = label.split(/[\s,/_\-()]+/).filter((w) => w.length >= 2 || w.charCodeAt(0) > 127);
  let score = text.includes(label) ? 1 : 0;
  for (const word of words) {
    if (text.includes(word)) score += 2;
    else if (word.length >= 4 && textWords.some((t) => sharesStem(t, word))) score += 1;
  }
  return score;
}

/** "billing" and "billed", "refunds" and "refund": a common start of four or more letters. */
function sharesStem(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 4 && common >= Math.min(a.length, b.length) - 3;
}
