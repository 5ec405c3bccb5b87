// One column job on a page: its progress, failures by reason, and Cancel / Resume / Retry failed
// rows. While the job is running and the panel is on the page, the panel drives it.
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, show, statusLine } from './dom';
import { jobDriver, processedRows, type JobDriver } from './job-driver';
import type { JobKey } from './job-text';
import { call, type ColumnJobSpec, type JobState, type JobStatus, type TaskName } from './server';

const STATE_TEXT: Record<JobState, JobKey> = {
  running: 'job_state_running',
  paused: 'job_state_paused',
  stopped: 'job_state_stopped',
  cancelled: 'job_state_cancelled',
  done: 'job_state_done',
};

export const TASK_TEXT: Record<TaskName, JobKey> = {
  sentiment: 'task_sentiment',
  classify: 'task_classify',
  extract: 'task_extract',
  summarize: 'task_summarize',
  translate: 'task_translate',
  prompt: 'task_prompt',
};

export interface JobPanel {
  readonly element: HTMLElement;
  readonly status: JobStatus;
  /** A status learned elsewhere (a list refresh): shown, and driving follows it. */
  update(status: JobStatus): void;
  /** Whether the panel is sending steps right now. */
  readonly driving: boolean;
  /** Stops driving (the panel is leaving the page). */
  stop(): void;
}

/** The browser's timer: pages run in a browser, not in Apps Script. */
function later(fn: () => void, ms: number): void {
  window.setTimeout(fn, ms);
}

function eta(t: Context<JobKey>['t'], seconds: number): string {
  if (seconds < 60) return t('job_eta_soon');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t('job_eta_minutes', { minutes: String(minutes) });
  return t('job_eta_hours', { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) });
}

function stat(className: string, label: string): { element: HTMLElement; value: HTMLElement } {
  const value = el('span', { className: 'stat-value' });
  const element = el(
    'div',
    { className: `stat ${className}` },
    value,
    el('span', { className: 'stat-label', text: label }),
  );
  return { element, value };
}

type BatchSummary = NonNullable<JobStatus['batch']>;
type BatchCount = Exclude<keyof BatchSummary, 'requests' | 'resultsBy' | 'savedUsd' | 'waiting'>;

/** A batch job's batches by state, in the order they go through them. */
const BATCH_STATES: Array<[BatchCount, JobKey]> = [
  ['uploaded', 'job_batch_uploaded'],
  ['validating', 'job_batch_validating'],
  ['inProgress', 'job_batch_in_progress'],
  ['finalizing', 'job_batch_finalizing'],
  ['cancelling', 'job_batch_cancelling'],
  ['completed', 'job_batch_completed'],
  ['expired', 'job_batch_expired'],
  ['failed', 'job_batch_failed'],
  ['cancelled', 'job_batch_cancelled'],
];

/** "Batches: 1 uploaded · 1 in progress"; each state a span of its own (class batch-<state>). */
function renderBatches(line: HTMLElement, ctx: Context<JobKey>, batch: BatchSummary): void {
  const { t, fmt } = ctx;
  clear(line);
  const states = BATCH_STATES.filter(([key]) => batch[key] > 0).map(([key, text]) => {
    const span = el('span', { className: `batch-${key}`, text: t(text, { n: fmt.number(batch[key]) }) });
    span.setAttribute('data-count', String(batch[key]));
    return span;
  });
  const [before, after] = t('job_batch_line', { states: '\u0000' }).split('\u0000');
  line.append(before);
  if (!states.length) line.append(t('job_batch_none'));
  states.forEach((span, i) => line.append(...(i ? [' · ', span] : [span])));
  line.append(after ?? '');
}

/** What the job looks like before its first step answers. */
export function startedStatus(spec: ColumnJobSpec & { models?: string[] }, jobId: string): JobStatus {
  const total = spec.lastRow - spec.firstRow + 1;
  return {
    jobId,
    state: 'running',
    sheet: spec.sheet,
    inputColumn: spec.inputColumn,
    outputColumn: spec.outputColumn,
    task: spec.task,
    total,
    done: 0,
    skipped: 0,
    failed: 0,
    remaining: total,
    tokens: 0,
    costUsd: 0,
    unpricedTokens: 0,
    etaSeconds: null,
    message: null,
    failures: [],
    deleted: 0,
    changes: { inserted: 0, deleted: 0, edited: 0, moved: 0 },
    mine: true,
    canCancel: true,
    evaluation: spec.models ?? null,
    notes: [],
    mode: spec.mode,
    queued: 0,
    batch: null,
    pollAfterMs: null,
  };
}

/** Where the panel is shown: its "keep this open" note names that page. */
export type JobHost = 'sidebar' | 'dialog';

/** `onStatus` hears every status the panel shows (an evaluation's page then shows its figures). */
export function jobPanel(
  ctx: Context<JobKey>,
  initial: JobStatus,
  host: JobHost,
  onStatus?: (status: JobStatus) => void,
): JobPanel {
  const { t, fmt } = ctx;
  let status = initial;

  const title = el('h3', { className: 'job-title' });
  const stateLabel = el('span', { className: 'job-state-label' });
  const percentLine = el('span', { className: 'job-percent gray' });
  const stateLine = el('p', { className: 'job-state' }, stateLabel, ' ', percentLine);
  const fill = el('div', { className: 'bar-fill' });
  const bar = el(
    'div',
    {
      className: 'bar job-bar',
      attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-label': t('job_bar_label') },
    },
    fill,
  );
  const done = stat('stat-done', t('job_done'));
  const failed = stat('stat-failed', t('job_failed'));
  const skipped = stat('stat-skipped', t('job_skipped'));
  const remaining = stat('stat-remaining', t('job_remaining'));
  const stats = el(
    'div',
    { className: 'stats' },
    done.element,
    failed.element,
    skipped.element,
    remaining.element,
  );
  const usageLine = el('p', { className: 'job-usage gray' });
  const batchLine = el('p', { className: 'job-batch' });
  const queuedLine = el('p', { className: 'job-queued gray' });
  const savedLine = el('p', { className: 'job-saved' });
  const waitingLine = el('p', { className: 'job-waiting gray note', text: t('job_batch_waiting') });
  const batchBox = el('div', { className: 'job-batches' }, batchLine, queuedLine, savedLine, waitingLine);
  const message = el('p', { className: 'job-message', attrs: { role: 'status', 'aria-live': 'polite' } });
  const skippedNote = el('p', { className: 'job-skipped-note gray note' });
  const failureList = el('ul', { className: 'failures' });
  const failures = el(
    'div',
    { className: 'job-failures' },
    el('h4', { text: t('job_failures_heading') }),
    failureList,
  );
  const notes = el('ul', { className: 'job-notes gray note' });
  const note = el('p', {
    className: 'job-note note',
    text: t(host === 'sidebar' ? 'job_keep_open_sidebar' : 'job_keep_open_dialog'),
  });
  const someoneElse = el('p', { className: 'job-someone-else gray note', text: t('job_someone_else') });
  const cancel = el('button', { className: 'job-cancel', text: t('job_cancel') });
  const resume = el('button', { className: 'job-resume action', text: t('job_resume') });
  const retry = el('button', { className: 'job-retry', text: t('job_retry_failed') });
  const driveAgain = el('button', { className: 'job-drive-again', text: t('job_drive_again'), hidden: true });
  const problem = statusLine('');
  problem.classList.add('job-problem');

  const element = el(
    'article',
    { className: 'job' },
    title,
    stateLine,
    bar,
    stats,
    usageLine,
    batchBox,
    message,
    notes,
    skippedNote,
    failures,
    note,
    someoneElse,
    el('div', { className: 'buttons' }, cancel, resume, retry, driveAgain),
    problem,
  );

  /** A batch job's batches by state, rows queued at OpenAI, and what it saved; hidden in `now` mode. */
  const renderBatchBox = (s: JobStatus) => {
    batchBox.hidden = !s.batch;
    if (!s.batch) return;
    renderBatches(batchLine, ctx, s.batch);
    const by = s.batch.resultsBy;
    queuedLine.textContent =
      s.queued > 0 && by !== null
        ? t('job_batch_queued', { rows: fmt.number(s.queued), time: fmt.dateTime(by) })
        : '';
    queuedLine.hidden = queuedLine.textContent === '';
    savedLine.textContent = t('job_batch_saved', { saved: fmt.usd(s.batch.savedUsd) });
    savedLine.hidden = s.batch.savedUsd <= 0;
    waitingLine.hidden = !s.batch.waiting || s.state !== 'running';
  };

  const render = () => {
    const s = status;
    element.setAttribute('data-job-id', s.jobId);
    element.setAttribute('data-state', s.state);
    const task = s.task in TASK_TEXT ? t(TASK_TEXT[s.task as TaskName]) : s.task;
    const names = { sheet: s.sheet, input: s.inputColumn, output: s.outputColumn, task };
    title.textContent = s.evaluation
      ? t('job_title_evaluation', { ...names, models: s.evaluation.join(', ') })
      : t('job_title', names);
    if (s.mode === 'batch') title.textContent += ` · ${t('job_mode_batch')}`;
    element.setAttribute('data-mode', s.mode);
    const processed = processedRows(s);
    const percent = s.total > 0 ? Math.floor((processed / s.total) * 100) : 100;
    stateLabel.textContent = t(STATE_TEXT[s.state]);
    percentLine.textContent = t('job_percent', { percent: String(percent), total: fmt.number(s.total) });
    fill.style.width = `${Math.min(100, percent)}%`;
    bar.classList.toggle('full', s.state === 'stopped' || s.state === 'cancelled');
    bar.classList.toggle('warn', s.state === 'paused');
    bar.setAttribute('aria-valuemax', String(s.total));
    bar.setAttribute('aria-valuenow', String(processed));
    bar.setAttribute('aria-valuetext', percentLine.textContent);
    done.value.textContent = fmt.number(s.done);
    failed.value.textContent = fmt.number(s.failed);
    skipped.value.textContent = fmt.number(s.skipped);
    remaining.value.textContent = fmt.number(s.remaining);
    failed.element.classList.toggle('has-failed', s.failed > 0);
    const cost = s.unpricedTokens > 0 && s.costUsd === 0 ? fmt.usd(null) : fmt.usd(s.costUsd);
    let usage = t('job_usage', { tokens: fmt.number(s.tokens), cost });
    if (s.state === 'running' && s.etaSeconds !== null) usage += ` · ${eta(t, s.etaSeconds)}`;
    usageLine.textContent = usage;
    renderBatchBox(s);
    // "Finished." would only repeat the state.
    message.textContent = s.message && s.state !== 'done' ? s.message : '';
    message.hidden = message.textContent === '';
    message.classList.toggle('error', s.state === 'stopped');
    skippedNote.textContent = t(s.evaluation ? 'job_skipped_note_evaluation' : 'job_skipped_note');
    skippedNote.hidden = s.skipped === 0;
    clear(failureList);
    for (const f of s.failures) {
      const rows = f.rows === 1 ? t('job_failure_row') : t('job_failure_rows', { rows: fmt.number(f.rows) });
      const item = el('li', {}, el('span', { className: 'failure-rows', text: rows }), ' ', f.reason);
      item.setAttribute('data-code', f.code);
      failureList.appendChild(item);
    }
    failures.hidden = s.failures.length === 0;
    clear(notes);
    for (const text of s.notes) notes.appendChild(el('li', { text }));
    notes.hidden = s.notes.length === 0;
    note.textContent = t(
      s.batch ? 'job_keep_open_batch' : host === 'sidebar' ? 'job_keep_open_sidebar' : 'job_keep_open_dialog',
    );
    note.hidden = s.state !== 'running' || !s.mine;
    someoneElse.hidden = s.mine;
    const active = s.state === 'running' || s.state === 'paused' || (!s.mine && s.state === 'stopped');
    cancel.hidden = !active || !s.canCancel;
    resume.hidden = (s.state !== 'paused' && s.state !== 'stopped') || !s.mine;
    retry.hidden = s.failed === 0 || s.state === 'cancelled' || !s.mine;
    onStatus?.(s);
  };

  const driver: JobDriver = jobDriver(
    initial.jobId,
    {
      step: (id) => call('runJobStep', id),
      status: (id) => call('getJobStatus', id),
      later,
      now: () => Date.now(),
    },
    {
      onStatus(next) {
        status = next;
        hide(problem);
        driveAgain.hidden = true;
        render();
      },
      onError(error, gaveUp) {
        const text = errorText(error);
        show(problem, t(gaveUp ? 'job_step_gave_up' : 'job_step_failed', { message: text }), 'error');
        driveAgain.hidden = !gaveUp;
      },
    },
  );

  /** Only the person who started a job runs it: someone else's is shown, never driven. */
  const drive = (next: JobStatus) => {
    if (next.mine) driver.update(next);
    else driver.stop();
  };

  const apply = (next: JobStatus) => {
    status = next;
    render();
    drive(next);
  };

  const act = (pending: JobKey, work: () => Promise<JobStatus>) =>
    guarded([cancel, resume, retry], async () => {
      show(problem, t(pending));
      try {
        apply(await work());
        hide(problem);
      } catch (error) {
        show(problem, errorText(error), 'error');
      }
    });
  const doCancel = act('job_cancelling', () => call('cancelJob', status.jobId));
  const doResume = act('job_resuming', () => call('resumeColumnJob', status.jobId, false));
  const doRetry = act('job_resuming', () => call('resumeColumnJob', status.jobId, true));
  cancel.addEventListener('click', () => void doCancel());
  resume.addEventListener('click', () => void doResume());
  retry.addEventListener('click', () => void doRetry());
  driveAgain.addEventListener('click', () => {
    driveAgain.hidden = true;
    hide(problem);
    driver.retry();
  });

  render();
  drive(initial);

  return {
    element,
    get status() {
      return status;
    },
    get driving() {
      return driver.inFlight > 0;
    },
    update: apply,
    stop: () => driver.stop(),
  };
}
