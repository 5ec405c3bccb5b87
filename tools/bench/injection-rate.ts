// `npm run bench:injection`: how often ordinary review text would be sent alone because it looks
// like instructions aimed at the model (engine/injection.ts). Sending a row alone costs a request
// of its own; it should be rare. Prints the rate and the rows flagged; asserts nothing.
import { readFileSync } from 'node:fs';
import { looksLikeInstructions } from '../../src/engine/injection';

const lines = readFileSync('samples/ordinary-reviews.txt', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const reviews = JSON.parse(readFileSync('samples/reviews.json', 'utf8')) as {
  sheets: Record<string, unknown[][]>;
};
const sample = reviews.sheets.Reviews.slice(1)
  .map((r) => String(r[1] ?? ''))
  .filter(Boolean);
const corpus = [...lines, ...sample];
const flagged = corpus.filter(looksLikeInstructions);
console.log(`Ordinary reviews (samples/ordinary-reviews.txt and samples/reviews.json): ${corpus.length}`);
console.log(
  `Sent alone as instruction-like: ${flagged.length} (${((flagged.length / corpus.length) * 100).toFixed(1)} %)`,
);
for (const text of flagged) console.log(`  ${text}`);
