// `npm run bench:personal-data`: how well engine/personal-data.ts finds personal data on the
// labelled sample (samples/personal-data.json): recall per kind (a hit finds the labelled value
// exactly, with its kind), the false positives on its negatives, and the share of ordinary reviews
// (samples/ordinary-reviews.txt and samples/reviews.json) flagged. Goals: recall >= 0.95 per kind,
// ordinary reviews flagged <= 1 %. Prints the figures and the misses; asserts nothing.
import { detectionFigures } from './personal-data-figures';

const figures = detectionFigures();
console.log('Personal-data detection on samples/personal-data.json');
for (const k of figures.kinds) {
  console.log(`  ${k.kind.padEnd(9)} recall ${k.recall.toFixed(3)} (${k.found}/${k.total})`);
  for (const miss of k.misses) console.log(`    missed: ${miss}`);
}
console.log(`  labelled negatives flagged: ${figures.negatives.flagged.length}/${figures.negatives.total}`);
for (const text of figures.negatives.flagged) console.log(`    ${text}`);
const o = figures.ordinary;
console.log(
  `Ordinary reviews flagged: ${o.flagged.length}/${o.total} (${((o.flagged.length / o.total) * 100).toFixed(2)} %)`,
);
for (const text of o.flagged) console.log(`    ${text}`);
