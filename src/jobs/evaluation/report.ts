// The report of a finished evaluation, written once to a new tab as plain text: per model the
// accuracy, tokens and cost per 1,000 rows and time; the recommended model; per-label precision and
// recall and the confusion table (labelled tasks); and the rows the models answered differently from
// the expected answer, side by side, for a person to review.
import { textCellValue } from '../../engine/cell-values';
import { format, formatNumber, formatUsd, type Locale, type MessageKey } from '../../i18n/messages';
import { locked, type JobDeps } from '../deps';
import { evaluationResult, evaluationValue, type EvaluationResult, type EvaluationState } from './scoring';
import { evaluationKey, readEvaluation } from './step';
import { jobTask } from '../engine/answer';
import { jobChanges, readJob, type JobRecord } from '../store';
import { columnLetter } from '../columns';

const percent = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)} %`);

/** Writes the report of a done evaluation if it has none yet; the tab's name is kept with the job. */
export function writeReportOnce(jobId: string, deps: JobDeps): void {
  const props = deps.store.getAll();
  const job = readJob(props, jobId);
  if (!job?.spec.evaluation || job.state !== 'done') return;
  const state = readEvaluation(props, job);
  if (state.reportSheet) return;
  const labels = jobTask(job, props).labels;
  const result = evaluationResult(state, labels);
  const locale = deps.locale ?? 'en';
  const rows = reportRows(job, state, result, labels, locale);
  const t = (key: MessageKey) => format(locale, key);
  const name = deps.sheets.addTextTab(
    `${t('report_tab')} ${deps.formatTime(deps.clock.now()).slice(0, 16)}`,
    rows,
  );
  locked(deps, (current) => {
    const latest = readJob(current, jobId);
    if (!latest) return { result: undefined, changes: {} };
    const saved = readEvaluation(current, latest);
    saved.reportSheet = name;
    latest.message = { key: 'evaluation_done', params: { sheet: name } };
    return {
      result: undefined,
      changes: { [evaluationKey(jobId)]: evaluationValue(saved), ...jobChanges(latest) },
    };
  });
}

function reportRows(
  job: JobRecord,
  state: EvaluationState,
  result: EvaluationResult,
  labels: readonly string[] | undefined,
  locale: Locale,
): string[][] {
  const t = (key: MessageKey, params = {}) => format(locale, key, params);
  const cell = (v: string) => textCellValue(v);
  const spec = job.spec;
  const out: string[][] = [
    [
      cell(
        t('report_title', {
          task: spec.task,
          sheet: spec.sheet,
          input: columnLetter(job.place?.input ?? spec.inputColumn),
          expected: columnLetter(job.place?.output ?? spec.outputColumn),
          first: spec.firstRow,
          last: spec.lastRow,
        }),
      ),
    ],
    [],
    [
      t('report_model'),
      t('report_rows'),
      t('report_accuracy'),
      t('report_normalized'),
      t('report_tokens_1000'),
      t('report_usd_1000'),
      t('report_seconds'),
      t('report_failed'),
    ],
  ];
  for (const r of result.results) {
    out.push([
      cell(r.model),
      formatNumber(r.rows),
      percent(r.accuracy),
      percent(r.normalizedAccuracy),
      formatNumber(r.tokensPer1000Rows),
      r.costPer1000Rows === null ? t('report_price_unknown') : formatUsd(r.costPer1000Rows),
      String(r.seconds),
      formatNumber(r.failed),
    ]);
  }
  out.push([t('report_recommended'), cell(result.recommended ?? t('report_none'))], []);
  if (labels) out.push(...labelRows(result, labels, t), ...confusionRows(result, labels, t));
  out.push(...wrongRows(state, result, t));
  return out;
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

function labelRows(result: EvaluationResult, labels: readonly string[], t: T): string[][] {
  const header = [
    t('report_label'),
    ...result.results.flatMap((r) => [
      `${r.model} ${t('report_precision')}`,
      `${r.model} ${t('report_recall')}`,
    ]),
  ];
  const rows = labels.map((label) => [
    textCellValue(label),
    ...result.results.flatMap((r) => [
      percent(r.perLabel[label]?.precision ?? null),
      percent(r.perLabel[label]?.recall ?? null),
    ]),
  ]);
  return [header.map(textCellValue), ...rows, []];
}

function confusionRows(result: EvaluationResult, labels: readonly string[], t: T): string[][] {
  const out: string[][] = [];
  for (const r of result.results) {
    out.push([textCellValue(t('report_confusion', { model: r.model })), ...labels.map(textCellValue)]);
    for (const expected of labels)
      out.push([
        textCellValue(expected),
        ...labels.map((p) => formatNumber(r.confusion[expected]?.[p] ?? 0)),
      ]);
    out.push([]);
  }
  return out;
}

function wrongRows(state: EvaluationState, result: EvaluationResult, t: T): string[][] {
  if (!state.wrong.length) return [[t('report_no_wrong')]];
  const header = [
    t('report_row'),
    t('report_text'),
    t('report_expected'),
    ...result.results.map((r) => r.model),
  ];
  const rows = state.wrong.map((w) => [
    String(w.row ?? ''),
    textCellValue(w.input ?? ''),
    textCellValue(w.expected),
    ...w.answers.map((a) => (a === null ? t('report_failed_row') : a === '' ? '✓' : textCellValue(a))),
  ]);
  return [[t('report_wrong')], header.map(textCellValue), ...rows];
}
