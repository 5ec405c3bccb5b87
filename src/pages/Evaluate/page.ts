// The evaluation dialog: the job form in its evaluation mode, then the evaluation's progress (driven
// from this page like a column job's) and its figures, refreshed as rows are answered and once more
// when it finishes and its report tab is written.
import { JOB_DIALOG_LOAD, startApp } from '../shared/boot';
import type { Context } from '../shared/context';
import { el } from '../shared/dom';
import { jobForm } from '../shared/job-form';
import { processedRows } from '../shared/job-driver';
import { jobPanel, startedStatus, type JobPanel } from '../shared/job-view';
import { dialogTexts, dialogViews } from '../shared/dialog-views';
import { call, type JobSetup, type JobStatus, type Settings } from '../shared/server';
import { TEXTS, type TextKey } from './i18n';
import { resultsView } from './results';

/** Figures are asked for at most this often while the evaluation runs. */
const REFRESH_MS = 5000;
/** After it finishes, the report tab may still be on its way: asked again this often, this many times. */
const REPORT_RETRY_MS = 3000;
const REPORT_RETRIES = 5;

function render(root: HTMLElement, ctx: Context<TextKey>, [settings, setup]: [Settings, JobSetup]): void {
  const { t } = ctx;
  const results = resultsView(ctx);
  const panelBox = el('div', { id: 'jobs' });
  let panel: JobPanel | null = null;

  /** Asks for the figures of `jobId`, unless a newer evaluation was started meanwhile. */
  const watch = (jobId: string) => {
    let lastAsked = 0;
    let lastProcessed = -1;
    let retries = 0;
    const fetch = () => {
      lastAsked = Date.now();
      call('getEvaluation', jobId).then(
        (view) => {
          if (panel?.status.jobId !== jobId) return;
          results.show(view, panel.status);
          if (view.state === 'done' && !view.reportSheet && retries++ < REPORT_RETRIES)
            window.setTimeout(fetch, REPORT_RETRY_MS);
        },
        () => undefined, // the panel shows the job's own problems; the figures wait for the next status
      );
    };
    return (status: JobStatus) => {
      const processed = processedRows(status);
      if (processed === lastProcessed) return;
      if (status.state === 'running' && Date.now() - lastAsked < REFRESH_MS) return;
      lastProcessed = processed;
      fetch();
    };
  };

  const form = jobForm(
    ctx,
    setup,
    settings,
    (spec, jobId) => {
      panel?.stop();
      panel = jobPanel(ctx, startedStatus(spec, jobId), 'dialog', watch(jobId));
      panelBox.replaceChildren(panel.element);
      results.element.hidden = true;
      views.toProgress();
    },
    'evaluation',
  );
  const views = dialogViews(root, dialogTexts(t, 'evaluations_here'), form, [panelBox, results.element]);
}

startApp({ texts: TEXTS, ...JOB_DIALOG_LOAD, render });
