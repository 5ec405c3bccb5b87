// A word-list sentiment score for English and Japanese text: positive above 0, negative below.

const EN_POSITIVE = new Set([
  'love',
  'loved',
  'loves',
  'lovely',
  'great',
  'excellent',
  'good',
  'amazing',
  'awesome',
  'fantastic',
  'wonderful',
  'perfect',
  'happy',
  'best',
  'recommend',
  'recommended',
  'satisfied',
  'pleased',
  'nice',
  'delighted',
  'superb',
  'outstanding',
  'brilliant',
  'helpful',
  'enjoy',
  'enjoyed',
  'glad',
  'impressed',
  'beautiful',
]);

const EN_NEGATIVE = new Set([
  'terrible',
  'bad',
  'broken',
  'broke',
  'disappointed',
  'disappointing',
  'awful',
  'horrible',
  'worst',
  'poor',
  'hate',
  'hated',
  'useless',
  'waste',
  'defective',
  'faulty',
  'unhappy',
  'rude',
  'refund',
  'angry',
]);

const EN_NEGATIVE_PHRASES = ["doesn't work", 'does not work', 'not working', 'never again', "didn't work"];

const NEGATORS = new Set(['not', 'never', 'no', "isn't", "wasn't", "don't", "doesn't", "didn't", 'hardly']);

const JA_POSITIVE = [
  '最高',
  '良い',
  '良かった',
  'よい',
  'よかった',
  '素晴らしい',
  'すばらしい',
  '満足',
  '大好き',
  '嬉しい',
  'うれしい',
  'おすすめ',
  'お勧め',
  '快適',
  '便利',
  '美味しい',
  'おいしい',
  '完璧',
  '感動',
  '楽しい',
  'ありがとう',
];

const JA_NEGATIVE = [
  '最悪',
  '悪い',
  '悪かった',
  '壊れ',
  '残念',
  '不満',
  'ひどい',
  '酷い',
  '故障',
  '不良',
  '二度と',
  '嫌い',
  '返品',
  '失望',
  'がっかり',
  '使えない',
  '動かない',
  '不便',
  'まずい',
];

/** Negated praise: each outweighs the positive word it contains. */
const JA_NEGATED = ['満足できな', '満足していな', '満足しません', '良くない', 'よくない'];

export function sentimentScore(text: string): number {
  return englishScore(text.toLowerCase()) + japaneseScore(text);
}

function englishScore(lower: string): number {
  const words = lower.match(/[a-z']+/g) ?? [];
  let score = 0;
  words.forEach((word, i) => {
    const polarity = EN_POSITIVE.has(word) ? 1 : EN_NEGATIVE.has(word) ? -1 : 0;
    if (!polarity) return;
    const negated = NEGATORS.has(words[i - 1] ?? '') || NEGATORS.has(words[i - 2] ?? '');
    score += negated ? -polarity : polarity;
  });
  for (const phrase of EN_NEGATIVE_PHRASES) score -= occurrences(lower, phrase);
  return score;
}

function japaneseScore(text: string): number {
  let score = 0;
  for (const word of JA_POSITIVE) score += occurrences(text, word);
  for (const word of JA_NEGATIVE) score -= occurrences(text, word);
  for (const phrase of JA_NEGATED) score -= 2 * occurrences(text, phrase);
  return score;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

export type Sentiment = 'positive' | 'neutral' | 'negative';

export function sentimentOf(text: string): Sentiment {
  const score = sentimentScore(text);
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}
