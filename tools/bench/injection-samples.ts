// The labelled samples bench:injection and the injection tests read: attack wordings by kind, and
// ordinary reviews that must not be flagged.
import { readFileSync } from 'node:fs';

/** Paths are relative to the repository root, where npm runs the bench and jest runs the tests. */
const ROOT = process.cwd();

export interface Attack {
  kind: string;
  text: string;
}

/** `\n`, `\uXXXX` and `\u{X...}` as written in the sample file. */
function unescape(text: string): string {
  return text
    .replace(/\\u\{([0-9a-f]+)\}/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\n/g, '\n');
}

/**
 * samples/injection-attacks.txt; `round2`: the first held-out set, whose misses the second wordings
 * were written from; `holdout`: wordings written after the filter was settled, never used to tune it.
 */
export function attackSamples(set: 'main' | 'round2' | 'holdout' = 'main'): Attack[] {
  const file = set === 'main' ? 'samples/injection-attacks.txt' : `samples/injection-attacks-${set}.txt`;
  return readFileSync(`${ROOT}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [kind, ...rest] = l.split('\t');
      return { kind, text: unescape(rest.join('\t')) };
    });
}

export function ordinaryReviews(): string[] {
  const lines = (file: string) =>
    readFileSync(`${ROOT}/${file}`, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const reviews = JSON.parse(readFileSync(`${ROOT}/samples/reviews.json`, 'utf8')) as {
    sheets: Record<string, unknown[][]>;
  };
  const sheet = reviews.sheets.Reviews.slice(1)
    .map((r) => String(r[1] ?? ''))
    .filter(Boolean);
  return [
    ...lines('samples/ordinary-reviews.txt'),
    ...lines('samples/ordinary-reviews-multilingual.txt'),
    ...sheet,
  ];
}
