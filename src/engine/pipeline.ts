// One formula's (or one job chunk's) journey: cache lookup for every row at once, budget
// reservation, batched parallel requests, a lone retry for rows the model dropped, then one locked
// commit of usage, durable answers and the cache's packs. A single cell that shares (shared-cell.ts)
// asks along for the cells beside it that hold the same formula, or waits for the execution that
// already does.
import { answerKey, EPOCH_PROPERTY, lookupAnswers } from '../cache/answer-cache';
import { readShards } from '../cache/durable';
import { UserError } from '../i18n/messages';
import { MAX_INPUT_CHARS } from './batch';
import { CLAIM_FAILURES, CLAIMS_MIRROR } from './claims';
import { Asking } from './asking';
import { shareCell, type Share } from './shared-cell';
import type { PipelineDeps, PipelineReport, RowOutcome, RunParams } from './pipeline-types';
import type { Task } from './tasks';
import { maskPersonalData, restorePersonalData } from './personal-data';

export type { Share } from './shared-cell';
export type { PipelineDeps, PipelineReport, RowOutcome, RunParams, TabRef } from './pipeline-types';

export { MAX_INPUT_CHARS } from './batch';

/**
 * Answers `texts` (duplicates asked once). With `share`, a single text is a single-cell formula
 * whose neighbours may hold the same formula: it shares requests with them (shared-cell.ts).
 */
export function answerTexts(
  texts: string[],
  task: Task,
  deps: PipelineDeps,
  params: RunParams,
  share?: Share,
): PipelineReport {
  if (params.maskPersonalData) return answerMasked(texts, task, deps, params, share);
  const unique = [...new Set(texts)];
  const epoch = deps.documentProps()[EPOCH_PROPERTY] ?? '';
  const keyOf = (text: string) =>
    answerKey({
      epoch,
      model: params.model,
      signature: task.signature,
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      text,
      endpoint: deps.endpoint,
    });
  const keys = unique.map(keyOf);
  const sharing = share !== undefined && unique.length === 1;
  const looked = lookupAnswers(
    deps.cache,
    () => readShards(deps.documentProps()),
    keys,
    epoch,
    sharing ? [CLAIMS_MIRROR, CLAIM_FAILURES] : [],
  );
  const asking = new Asking(task, deps, params, epoch, [...unique], [...keys]);
  unique.forEach((_, i) => {
    const answer = looked.answers.get(keys[i]);
    if (answer !== undefined) asking.outcomes.set(i, { ok: true, answer });
  });
  const cached = asking.outcomes.size;
  const misses: number[] = [];
  unique.forEach((text, i) => {
    if (asking.outcomes.has(i)) return;
    if (text.length > MAX_INPUT_CHARS) {
      asking.outcomes.set(i, {
        ok: false,
        error: new UserError('input_too_long', { chars: text.length, limit: MAX_INPUT_CHARS }),
      });
    } else misses.push(i);
  });

  if (misses.length && sharing) shareCell(asking, looked.also, share, keyOf);
  else if (misses.length) asking.ask(misses);
  const rewarm = new Map(looked.fromDurable.map((k) => [k, looked.answers.get(k) as string]));
  asking.commit(rewarm);

  const byText = new Map(unique.map((text, i) => [text, asking.outcomes.get(i) as RowOutcome]));
  return {
    outcomes: texts.map((t) => byText.get(t) as RowOutcome),
    cached,
    charge: asking.charge,
    requestIds: asking.requestIds,
    rateLimits: asking.rateLimits,
    modelMissing: asking.modelMissing,
  };
}

/**
 * The texts masked, answered as any others (two rows that differ only in an address share one
 * cached answer), and each answer's placeholders put back from its own row's text.
 */
function answerMasked(
  texts: string[],
  task: Task,
  deps: PipelineDeps,
  params: RunParams,
  share?: Share,
): PipelineReport {
  const masks = texts.map(maskPersonalData);
  const maskedShare = share && {
    ...share,
    neighbours: (n: number) => share.neighbours(n).map((t) => maskPersonalData(t).masked),
  };
  const report = answerTexts(
    masks.map((m) => m.masked),
    task,
    deps,
    { ...params, maskPersonalData: false },
    maskedShare,
  );
  const outcomes = report.outcomes.map((o, i): RowOutcome =>
    o.ok ? { ok: true, answer: restorePersonalData(o.answer, masks[i].originals) } : o,
  );
  return { ...report, outcomes };
}
