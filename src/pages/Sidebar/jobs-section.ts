// Column jobs: the caller's latest jobs with their progress and buttons; running ones are driven
// while the sidebar is open. The dialog that starts a job opens from here too.
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, show, statusLine } from '../shared/dom';
import { jobPanel, type JobPanel } from '../shared/job-view';
import { call } from '../shared/server';

/** Jobs shown, newest first. */
export const JOBS_SHOWN = 5;
/** Coming back to the sidebar refreshes the list, at most this often. */
const FOCUS_REFRESH_MS = 15_000;

export interface JobsSection {
  element: HTMLElement;
  /** Loads the list again; `quiet` shows nothing unless it fails. */
  refresh(quiet?: boolean): Promise<void>;
}

export function jobsSection(ctx: Context): JobsSection {
  const { t } = ctx;
  const list = el('div', { id: 'jobs-list' });
  const none = el('p', { id: 'jobs-none', className: 'gray', text: t('jobs_none'), hidden: true });
  const message = statusLine('jobs-message');
  const open = el('button', { id: 'jobs-open', className: 'action', text: t('jobs_open') });
  const refreshButton = el('button', { id: 'jobs-refresh', text: t('jobs_refresh') });
  const panels = new Map<string, JobPanel>();
  let refreshedAt = 0;

  const refresh = guarded([refreshButton], async (quiet: boolean) => {
    if (!quiet) show(message, t('jobs_loading'));
    refreshedAt = Date.now();
    try {
      const jobs = (await call('listColumnJobs')).slice(0, JOBS_SHOWN);
      const order: HTMLElement[] = [];
      for (const status of jobs) {
        let panel = panels.get(status.jobId);
        if (!panel) {
          panel = jobPanel(ctx, status, 'sidebar');
          panels.set(status.jobId, panel);
        } else if (!panel.driving) {
          // A panel with steps on their way knows better than the list.
          panel.update(status);
        }
        order.push(panel.element);
      }
      const listed = new Set(jobs.map((j) => j.jobId));
      for (const [id, panel] of panels) {
        if (listed.has(id)) continue;
        panel.stop();
        panels.delete(id);
      }
      const current = [...list.children];
      if (current.length !== order.length || current.some((node, i) => node !== order[i])) {
        clear(list);
        for (const node of order) list.appendChild(node);
      }
      none.hidden = jobs.length > 0;
      hide(message);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  refreshButton.addEventListener('click', () => void refresh(false));

  const openDialog = guarded([open], async () => {
    show(message, t('jobs_opening'));
    try {
      await call('showColumnJob');
      hide(message);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  open.addEventListener('click', () => void openDialog());

  // A job started in the dialog shows up when the reader comes back to the sidebar.
  window.addEventListener('focus', () => {
    if (Date.now() - refreshedAt >= FOCUS_REFRESH_MS) void refresh(true);
  });

  const element = el(
    'section',
    { id: 'jobs', className: 'block', attrs: { 'aria-labelledby': 'jobs-heading' } },
    el('h2', { id: 'jobs-heading', text: t('jobs_heading') }),
    el('p', { className: 'gray note', text: t('jobs_intro') }),
    none,
    list,
    message,
    el('div', { className: 'buttons' }, open, refreshButton),
  );
  return { element, refresh: (quiet = false) => refresh(quiet) };
}
