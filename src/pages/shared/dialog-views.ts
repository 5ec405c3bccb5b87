// The two views of a job dialog (the column-job and the evaluation dialogs): the form, and the
// progress of what was started from it, with the buttons that go from one to the other.
import { el } from './dom';
import { closeHost } from './server';
import type { JobForm } from './job-form';

export interface DialogTexts {
  intro: string;
  heading: string;
  showProgress: string;
  another: string;
  close: string;
}

type DialogKey = 'intro' | 'show_progress' | 'another_job' | 'close';

/** The texts from a page's catalogue: both dialogs name them alike, but for the heading. */
export function dialogTexts<H extends string>(t: (key: DialogKey | H) => string, heading: H): DialogTexts {
  return {
    intro: t('intro'),
    heading: t(heading),
    showProgress: t('show_progress'),
    another: t('another_job'),
    close: t('close'),
  };
}

export interface DialogViews {
  /** Shows the progress view (something was started from the form). */
  toProgress(): void;
}

/**
 * Puts the form view and the progress view (`heading` over `progress`) into `root`, the form shown
 * first. `onProgress` runs each time the progress view is shown.
 */
export function dialogViews(
  root: HTMLElement,
  texts: DialogTexts,
  form: JobForm,
  progress: HTMLElement[],
  onProgress?: () => void,
): DialogViews {
  const another = el('button', { id: 'another-job', text: texts.another });
  const close = el('button', { id: 'close', text: texts.close });
  const showProgress = el('button', { id: 'show-progress', text: texts.showProgress, hidden: true });
  const progressView = el(
    'section',
    { id: 'progress-view', hidden: true, attrs: { 'aria-labelledby': 'jobs-here' } },
    el('h2', { id: 'jobs-here', text: texts.heading }),
    ...progress,
    el('div', { className: 'buttons' }, another, close),
  );
  const formView = el(
    'section',
    { id: 'form-view' },
    el('p', { className: 'gray note intro', text: texts.intro }),
    form.element,
    el('div', { className: 'buttons' }, showProgress),
  );
  const toProgress = () => {
    showProgress.hidden = false;
    formView.hidden = true;
    progressView.hidden = false;
    onProgress?.();
  };
  another.addEventListener('click', () => {
    progressView.hidden = true;
    formView.hidden = false;
    form.refreshEstimate();
  });
  showProgress.addEventListener('click', toProgress);
  close.addEventListener('click', closeHost);
  root.append(formView, progressView);
  return { toProgress };
}
