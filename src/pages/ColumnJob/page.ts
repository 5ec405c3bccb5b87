// The column-job dialog: a form that starts a job, then the progress of the jobs started here, driven
// from this page while it is open (an add-on's trigger cannot reach the document: closing every page
// pauses the job until one is open again, and the panel says so).
import { startPage } from '../shared/boot';
import type { Context } from '../shared/context';
import { el } from '../shared/dom';
import { jobPanel, startedStatus, type JobPanel } from '../shared/job-view';
import { call, closeHost, type JobSetup, type Settings } from '../shared/server';
import { jobForm } from '../shared/job-form';
import { TEXTS, type TextKey } from './i18n';

function render(root: HTMLElement, ctx: Context<TextKey>, [settings, setup]: [Settings, JobSetup]): void {
  const { t } = ctx;
  const panels: JobPanel[] = [];
  const jobsList = el('div', { id: 'jobs' });
  const another = el('button', { id: 'another-job', text: t('another_job') });
  const close = el('button', { id: 'close', text: t('close') });
  const progressView = el(
    'section',
    { id: 'progress-view', hidden: true, attrs: { 'aria-labelledby': 'jobs-here' } },
    el('h2', { id: 'jobs-here', text: t('jobs_here') }),
    jobsList,
    el('div', { className: 'buttons' }, another, close),
  );
  const showProgress = el('button', { id: 'show-progress', text: t('show_progress'), hidden: true });

  const form = jobForm(ctx, setup, settings, (spec, jobId) => {
    const panel = jobPanel(ctx, startedStatus(spec, jobId), 'dialog');
    panels.unshift(panel);
    jobsList.insertBefore(panel.element, jobsList.firstChild);
    showProgress.hidden = false;
    toProgress();
  });
  const formView = el(
    'section',
    { id: 'form-view' },
    el('p', { className: 'gray note intro', text: t('intro') }),
    form.element,
    el('div', { className: 'buttons' }, showProgress),
  );

  const toProgress = () => {
    formView.hidden = true;
    progressView.hidden = false;
    panels[0]?.element.scrollIntoView({ block: 'nearest' });
  };
  another.addEventListener('click', () => {
    progressView.hidden = true;
    formView.hidden = false;
    form.refreshEstimate();
  });
  showProgress.addEventListener('click', toProgress);
  close.addEventListener('click', closeHost);

  root.append(formView, progressView);
}

const root = document.getElementById('app');
if (root)
  void startPage({
    root,
    texts: TEXTS,
    title: 'page_title',
    load: () => Promise.all([call('getSettings'), call('getJobSetup')]),
    locale: ([settings]) => settings.locale,
    render: (ctx, data) => render(root, ctx, data),
  });
