// A chunk of an evaluation: the claimed texts answered by each model through the same pipeline as
// formulas and column jobs (cache, batching, budget), then, under the lock, compared with the
// expected answers in the job's output column (read, never written) and tallied. Rows whose input
// changed while they were answered stay pending, as in column jobs.
import { answerTexts } from '../engine/pipeline';
import { isAccountWide } from '../engine/failures';
import { cellText } from '../engine/values';
import { UserError } from '../i18n/messages';
import { jobTab, jobTask } from './answer';
import type { Claimed } from './claim';
import { locked, type JobDeps } from './deps';
import {
  emptyEvaluation,
  evaluationValue,
  tallyRow,
  type EvaluationState,
  type RowResult,
} from './evaluation';
import { fingerprint } from './fingerprints';
import { cellsAt, follow } from './follow';
import { haltFor } from './halt';
import type { DailyUsage } from './quotas';
import { jobOverrides, personalDataOf } from './spec';
import { skipsRow } from '../engine/personal-data';
import { jobChanges, readFingerprints, readJob, readRows, type JobRecord } from './store';

export const evaluationKey = (id: string) => `job:${id}:eval`;

export function readEvaluation(props: Record<string, string>, job: JobRecord): EvaluationState {
  const raw = props[evaluationKey(job.id)];
  if (raw) {
    try {
      return JSON.parse(raw) as EvaluationState;
    } catch {
      // a damaged record starts afresh: the tallies are recounted only for rows still pending
    }
  }
  return emptyEvaluation(job.spec.evaluation?.models ?? []);
}

interface ModelAnswers {
  answers: Array<string | null | 'retry'>;
  stop?: UserError;
  tokens: number;
  costUsd: number;
  unpricedTokens: number;
  ms: number;
}

/** Each model answers the claimed texts; blank inputs are left out. */
export function answerForEvaluation(
  { job, texts }: Claimed,
  deps: JobDeps,
  deadline: number,
): ModelAnswers[] {
  const rule = personalDataOf(job.spec);
  const positions = texts.map((t, i) => (t && !skipsRow(rule, t) ? i : -1)).filter((i) => i >= 0);
  const models = job.spec.evaluation?.models ?? [];
  const none = (): ModelAnswers => ({
    answers: texts.map(() => null),
    tokens: 0,
    costUsd: 0,
    unpricedTokens: 0,
    ms: 0,
  });
  let pipeline: ReturnType<JobDeps['pipeline']>;
  try {
    pipeline = deps.pipeline();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return models.map(() => ({ ...none(), stop: e }));
  }
  const task = jobTask(job, pipeline.documentProps());
  const overrides = jobOverrides(job.spec.args);
  return models.map((model) => {
    const started = deps.clock.now();
    const out = none();
    if (!positions.length) return out;
    try {
      const report = answerTexts(
        positions.map((i) => texts[i]),
        task,
        pipeline,
        {
          ...overrides,
          model,
          deadline,
          sheet: () => jobTab(job, deps),
          spender: deps.spender,
          maskPersonalData: rule === 'mask',
        },
      );
      positions.forEach((i, k) => {
        const o = report.outcomes[k];
        out.answers[i] = o.ok ? o.answer : o.error === 'unfinished' ? 'retry' : null;
        if (!o.ok && o.error !== 'unfinished' && isAccountWide(o.error)) out.stop ??= o.error;
      });
      out.tokens = report.charge.input + report.charge.output;
      out.costUsd = report.charge.costUsd;
      out.unpricedTokens = report.charge.unpricedTokens ?? 0;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out.stop = e;
    }
    out.ms = deps.clock.now() - started;
    return out;
  });
}

export function commitEvaluation(
  { job: claimedJob, claimId, claim }: Claimed,
  models: ModelAnswers[],
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, claimedJob.id);
    if (!job) return { result: undefined, changes: {} };
    const rows = readRows(props, job);
    const fingerprints = readFingerprints(props, job);
    const state = readEvaluation(props, job);
    const mine = job.claims[claimId];
    delete job.claims[claimId];
    job.updatedAt = now;
    models.forEach((m, k) => {
      const t = state.tallies[k];
      t.tokens += m.tokens;
      t.costUsd += m.costUsd;
      t.unpricedTokens += m.unpricedTokens;
      t.ms += m.ms;
      job.tokens += m.tokens;
      job.costUsd += m.costUsd;
      job.unpricedTokens = (job.unpricedTokens ?? 0) + m.unpricedTokens;
    });
    const save = () => ({
      result: undefined,
      changes: { ...jobChanges(job, rows, fingerprints), [evaluationKey(job.id)]: evaluationValue(state) },
    });
    if (!mine || job.state !== 'running') return save();
    const stop = models.find((m) => m.stop)?.stop;
    if (stop) {
      if (stop.key !== 'lock_busy') haltFor(job, stop, deps, usage);
      return save();
    }
    const anchor = follow(job, rows, deps);
    if (!anchor) return save();
    const live = claim.indices
      .map((index, k) => ({ index, k, read: claim.fingerprints.slice(2 * k, 2 * k + 2) }))
      .filter(({ index }) => rows[index] !== 'x');
    const indices = live.map(({ index }) => index);
    const inputs = cellsAt(deps, anchor, anchor.input, indices).map((v) => cellText(v));
    const expected = cellsAt(deps, anchor, anchor.output, indices).map((v) => cellText(v));
    const labels = jobTask(job, props).labels;
    live.forEach(({ index, k, read }, n) => {
      if (fingerprint(inputs[n]) !== read) return; // edited meanwhile: asked again from the new text
      const answers = models.map((m) => m.answers[k]);
      if (!inputs[n] || !expected[n] || skipsRow(personalDataOf(job.spec), inputs[n])) {
        rows[index] = 's'; // nothing to compare: a blank input, no expected answer, or not sent
        fingerprints[index] = read;
        return;
      }
      if (answers.some((a) => a === 'retry')) return;
      const row: RowResult = { index, expected: expected[n], answers: answers as Array<string | null> };
      tallyRow(state, row, labels);
      rows[index] = answers.some((a) => a === null) ? 'f' : 'd';
      fingerprints[index] = read;
    });
    return save();
  });
}
