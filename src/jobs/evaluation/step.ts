// A chunk of an evaluation: the claimed texts answered by each model through the same pipeline as
// formulas and column jobs (cache, batching, budget), then, under the lock, compared with the expected
// answers in the job's output column (read, never written) and tallied, row by row wherever the rows
// are now. A row is tallied once: its pair (text, expected answer) goes into the job's filter
// (engine/written.ts), so the next look sees it done, whatever row it is on.
import { answerTexts } from '../../engine/pipeline';
import { isAccountWide } from '../../engine/failures';
import { cellText } from '../../engine/values';
import { UserError } from '../../i18n/messages';
import { jobTab, jobTask } from '../engine/answer';
import type { Claimed } from '../engine/claim';
import { follow, readGuarded, writtenOf } from '../engine/look';
import { locked, type JobDeps } from '../deps';
import { emptyEvaluation, evaluationValue, tallyRow, type EvaluationState } from './scoring';
import { haltFor } from '../halt';
import type { DailyUsage } from '../quotas';
import { jobOverrides, personalDataOf } from '../spec';
import { skipsRow } from '../../engine/personal-data';
import { jobChanges, readJob, type JobRecord } from '../store';

export const evaluationKey = (id: string) => `job:${id}:eval`;

export function readEvaluation(props: Record<string, string>, job: JobRecord): EvaluationState {
  const raw = job.evaluationReset ? '' : props[evaluationKey(job.id)];
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
  /** By the claimed texts' order: the answer, null when it failed, 'retry' when it was not finished. */
  answers: Array<string | null | 'retry'>;
  stop?: UserError;
  tokens: number;
  costUsd: number;
  unpricedTokens: number;
  ms: number;
}

/** Each model answers the claimed texts. */
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
    if (!texts.length) return out;
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
  { job: claimedJob, claimId, texts }: Claimed,
  models: ModelAnswers[],
  deps: JobDeps,
  usage: DailyUsage,
): void {
  const now = deps.clock.now();
  locked(deps, (props) => {
    const job = readJob(props, claimedJob.id);
    if (!job) return { result: undefined, changes: {} };
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
    const written = writtenOf(job, props);
    const save = () => ({
      result: undefined,
      changes: {
        ...jobChanges(job),
        ...written?.changes(),
        [evaluationKey(job.id)]: evaluationValue(state),
      },
    });
    if (!mine || job.state !== 'running') return save();
    const stop = models.find((m) => m.stop)?.stop;
    if (stop) {
      if (stop.key !== 'lock_busy') haltFor(job, stop, deps, usage);
      return save();
    }
    const found = follow(job, deps);
    if (!found) return save();
    const rows = readGuarded(job, found.place, deps, found.place.top, found.place.bottom);
    if (!rows || !written) return save();
    delete job.evaluationReset; // the tallies saved from now on are this footing's
    const position = new Map(texts.map((t, k) => [t, k]));
    const labels = jobTask(job, props).labels;
    const tallied: Array<[string, string]> = [];
    rows.inputs.forEach((input, i) => {
      const k = position.get(input);
      const expected = cellText(rows.outputs[i]);
      if (k === undefined || !input || !expected || written.has(input, expected)) return;
      const answers = models.map((m) => m.answers[k]);
      if (answers.some((a) => a === 'retry')) return;
      tallyRow(
        state,
        { row: rows.first + i, input, expected, answers: answers as Array<string | null> },
        labels,
      );
      tallied.push([input, expected]);
      if (job.counts) {
        job.counts.pending = Math.max(0, job.counts.pending - 1);
        if (answers.some((a) => a === null)) job.counts.failed++;
        else job.counts.done++;
      }
    });
    // After the rows are tallied, so that rows holding the same pair are each tallied once.
    for (const [input, expected] of tallied) written.add(input, expected);
    return save();
  });
}
