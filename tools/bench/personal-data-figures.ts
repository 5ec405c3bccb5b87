// The detection figures on the project's samples, shared by the benchmark and the unit test that
// pins the goals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPersonalData, PERSONAL_KINDS, type PersonalKind } from '../../src/engine/personal-data';

interface Labelled {
  positives: Array<{ kind: PersonalKind; text: string; value: string }>;
  negatives: string[];
}

export interface KindFigures {
  kind: PersonalKind;
  total: number;
  found: number;
  recall: number;
  misses: string[];
}

export interface DetectionFigures {
  kinds: KindFigures[];
  negatives: { total: number; flagged: string[] };
  ordinary: { total: number; flagged: string[] };
}

// Run from the repository's root (npm scripts and jest both are).
const root = process.cwd();

export function ordinaryReviews(): string[] {
  const lines = readFileSync(join(root, 'samples/ordinary-reviews.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const sheet = JSON.parse(readFileSync(join(root, 'samples/reviews.json'), 'utf8')) as {
    sheets: Record<string, unknown[][]>;
  };
  const sample = sheet.sheets.Reviews.slice(1)
    .map((r) => String(r[1] ?? ''))
    .filter(Boolean);
  return [...lines, ...sample];
}

export function detectionFigures(): DetectionFigures {
  const labelled = JSON.parse(readFileSync(join(root, 'samples/personal-data.json'), 'utf8')) as Labelled;
  const kinds = PERSONAL_KINDS.map((kind) => {
    const cases = labelled.positives.filter((p) => p.kind === kind);
    const misses = cases
      .filter((p) => !findPersonalData(p.text).some((f) => f.kind === kind && f.value === p.value))
      .map(
        (p) =>
          `${p.text}  [${findPersonalData(p.text)
            .map((f) => `${f.kind}:${f.value}`)
            .join(', ')}]`,
      );
    const found = cases.length - misses.length;
    return { kind, total: cases.length, found, recall: cases.length ? found / cases.length : 0, misses };
  });
  const flagged = (texts: string[]) => texts.filter((t) => findPersonalData(t).length > 0);
  const ordinary = ordinaryReviews();
  return {
    kinds,
    negatives: { total: labelled.negatives.length, flagged: flagged(labelled.negatives) },
    ordinary: { total: ordinary.length, flagged: flagged(ordinary) },
  };
}
