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

/** samples/injection-attacks.txt, or with `holdout` the wordings written after the filter was settled. */
export function attackSamples(holdout = false): Attack[] {
  const file = holdout ? 'samples/injection-attacks-holdout.txt' : 'samples/injection-attacks.txt';
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
