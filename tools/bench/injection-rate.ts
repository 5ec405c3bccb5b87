// `npm run bench:injection`: how well rows that try to steer their neighbours are told apart from
// ordinary ones (engine/injection.ts). Prints the wordings detected per kind
// (samples/injection-attacks.txt) and the ordinary reviews that would be sent alone for nothing
// (samples/ordinary-reviews*.txt and samples/reviews.json); the goal is at most 2 % of those.
import { looksLikeInstructions } from '../../src/engine/injection';
import { attackSamples, ordinaryReviews } from './injection-samples';

const attacks = attackSamples();
const kinds = new Map<string, { n: number; caught: number; missed: string[] }>();
for (const { kind, text } of attacks) {
  const k = kinds.get(kind) ?? { n: 0, caught: 0, missed: [] };
  k.n++;
  if (looksLikeInstructions(text)) k.caught++;
  else k.missed.push(text);
  kinds.set(kind, k);
}
const caught = [...kinds.values()].reduce((n, k) => n + k.caught, 0);
const whole = [...kinds.values()].filter((k) => k.caught === k.n).length;
console.log(`Attack wordings (samples/injection-attacks.txt): ${attacks.length} in ${kinds.size} kinds`);
console.log(
  `Detected: ${caught} of ${attacks.length} (${((caught / attacks.length) * 100).toFixed(1)} %); kinds fully detected: ${whole} of ${kinds.size}`,
);
for (const [kind, k] of kinds) {
  if (k.caught < k.n)
    console.log(`  ${kind}: ${k.caught}/${k.n} missed: ${k.missed.map((t) => JSON.stringify(t)).join(' ')}`);
}

const round2 = attackSamples('round2');
const caught2 = round2.filter((a) => looksLikeInstructions(a.text)).length;
console.log(
  `\nRound 2 (samples/injection-attacks-round2.txt: 7 of 24 before the wordings written from its misses): ${caught2} of ${round2.length}`,
);
const holdout = attackSamples('holdout');
const missedHoldout = holdout.filter((a) => !looksLikeInstructions(a.text));
console.log(
  `\nHeld-out wordings (samples/injection-attacks-holdout.txt, never used to tune): detected ${holdout.length - missedHoldout.length} of ${holdout.length}`,
);
for (const a of missedHoldout) console.log(`  ${a.kind} missed: ${JSON.stringify(a.text)}`);

const corpus = ordinaryReviews();
const flagged = corpus.filter(looksLikeInstructions);
console.log(`\nOrdinary reviews (samples/ordinary-reviews*.txt and samples/reviews.json): ${corpus.length}`);
console.log(
  `Sent alone as instruction-like: ${flagged.length} (${((flagged.length / corpus.length) * 100).toFixed(1)} %; goal <= 2 %)`,
);
for (const text of flagged) console.log(`  ${text}`);
