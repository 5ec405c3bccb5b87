// The column-job dialog: a form that starts a job, then the progress of the jobs started here, driven
// from this page while it is open (an add-on's trigger cannot reach the document: closing every page
// pauses the job until one is open again, and the panel says so).
import { JOB_DIALOG_LOAD, startApp } from '../shared/boot';
import type { Context } from '../shared/context';
import { el } from '../shared/dom';
import { jobPanel, startedStatus, type JobPanel } from '../shared/job-view';
import type { JobSetup, Settings } from '../shared/server';
import { dialogTexts, dialogViews } from '../shared/dialog-views';
import { jobForm } from '../shared/job-form';
import { TEXTS, type TextKey } from './i18n';

function render(root: HTMLElement, ctx: Context<TextKey>, [settings, setup]: [Settings, JobSetup]): void {
  const { t } = ctx;
  const panels: JobPanel[] = [];
  const jobsList = el('div', { id: 'jobs' });
  const form = jobForm(ctx, setup, settings, (spec, jobId) => {
    const panel = jobPanel(ctx, startedStatus(spec, jobId), 'dialog');
    panels.unshift(panel);
    jobsList.insertBefore(panel.element, jobsList.firstChild);
    views.toProgress();
  });
  const views = dialogViews(root, dialogTexts(t, 'jobs_here'), form, [jobsList], () =>
    panels[0]?.element.scrollIntoView({ block: 'nearest' }),
  );
}

startApp({ texts: TEXTS, ...JOB_DIALOG_LOAD, render });
