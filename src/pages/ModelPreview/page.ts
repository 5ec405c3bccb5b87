// The model-change preview: pick a model, see what asking it the texts already answered here would
// cost, run it, and see per task which answers stay and which flip (labels) or how they read side
// by side (free text), with cost and time per 1,000 rows; then switch (the owner) or keep the
// current model until its shutdown date.
import { startApp } from '../shared/boot';
import type { Context } from '../shared/context';
import { clear, el, errorText, guarded, show, statusLine } from '../shared/dom';
import { TASK_NAMES_TEXT } from './task-names';
import {
  call,
  closeHost,
  type ModelPreview,
  type PreviewEstimate,
  type PreviewSetup,
} from '../shared/server';
import { TEXTS, type TextKey } from './i18n';

type Ctx = Context<TextKey>;

/** The model to offer first: the announced replacement, else the default of new users. */
export function firstChoice(setup: PreviewSetup): string {
  const others = setup.models.filter((m) => m.id !== setup.model && !m.shutdownDate);
  const wanted = setup.modelReplacement ?? setup.defaultModel;
  return others.some((m) => m.id === wanted) ? wanted : (others[0]?.id ?? '');
}

function table(head: string[], rows: string[][], id?: string): HTMLTableElement {
  return el(
    'table',
    id ? { id } : {},
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', { text: c }))))),
  );
}

function taskView(ctx: Ctx, p: ModelPreview, task: ModelPreview['tasks'][number]): HTMLElement {
  const { t, fmt, locale } = ctx;
  const name = TASK_NAMES_TEXT[locale][task.task];
  const box = el(
    'section',
    { className: 'task', attrs: { 'data-task': task.task } },
    el('h3', { text: t('task_heading', { task: name, rows: fmt.number(task.rows) }) }),
    el('p', { className: 'gray note', text: task.about }),
  );
  const percent = task.answered ? `${Math.round((task.same / task.answered) * 1000) / 10} %` : '—';
  const counts = { same: fmt.number(task.same), answered: fmt.number(task.answered), percent };
  if (task.labels) {
    box.append(el('p', { className: 'same', text: t('labels_same', counts) }));
    box.append(
      task.flips.length
        ? table(
            [t('col_from', { model: p.from }), t('col_to', { model: p.to }), t('col_rows')],
            task.flips.map((f) => [f.from, f.to, fmt.number(f.rows)]),
          )
        : el('p', { className: 'gray', text: t('no_flips') }),
    );
  } else {
    box.append(el('p', { className: 'same', text: t('text_same', counts) }));
    box.append(
      table(
        [t('col_text'), t('col_from', { model: p.from }), t('col_to', { model: p.to })],
        task.sideBySide.map((s) => [s.text, s.current, s.next]),
      ),
    );
  }
  if (task.problem)
    box.append(
      el('p', {
        className: 'error',
        text: t('problem', { rows: fmt.number(task.rows - task.answered), reason: task.problem }),
      }),
    );
  return box;
}

function costView(ctx: Ctx, p: ModelPreview): HTMLElement {
  const { t, fmt } = ctx;
  const row = (f: ModelPreview['current']) => [
    f.model,
    f.usdPer1000 === null ? t('not_known') : fmt.usd(f.usdPer1000),
    f.secondsPer1000 === null ? t('not_known') : fmt.number(Math.round(f.secondsPer1000)),
  ];
  return el(
    'section',
    { id: 'cost' },
    el('h3', { text: t('cost_heading') }),
    table([t('col_model'), t('col_usd'), t('col_seconds')], [row(p.current), row(p.next)], 'cost-table'),
  );
}

function render(root: HTMLElement, ctx: Ctx, setup: PreviewSetup): void {
  const { t, fmt } = ctx;
  const days = String(Math.max(0, setup.modelShutdownDays ?? 0));
  const current = setup.modelShutdownDate
    ? t('current_shuts', { model: setup.model, date: setup.modelShutdownDate, days })
    : t('current', { model: setup.model });
  root.append(el('p', { className: 'intro', text: t('intro') }), el('p', { id: 'current', text: current }));
  if (!setup.rows) {
    root.append(
      el('p', { id: 'no-rows', className: 'warning', text: t('recorded_none', { model: setup.model }) }),
    );
    return;
  }
  root.append(
    el('p', { id: 'recorded', text: t('recorded', { rows: fmt.number(setup.rows), model: setup.model }) }),
  );

  const select = el('select', { id: 'target' });
  for (const m of setup.models.filter((x) => x.id !== setup.model)) {
    const option = el('option', { text: m.shutdownDate ? `${m.id} (${m.shutdownDate})` : m.id });
    option.value = m.id;
    select.appendChild(option);
  }
  select.value = firstChoice(setup);
  const estimate = el('p', { id: 'preview-estimate', className: 'gray', attrs: { role: 'status' } });
  const run = el('button', { id: 'run', className: 'action', text: t('run'), attrs: { type: 'button' } });
  const message = statusLine('preview-message');
  const results = el('div', { id: 'results' });
  root.append(
    el('label', { text: t('target_label'), attrs: { for: 'target' } }),
    select,
    estimate,
    el('div', { className: 'buttons' }, run),
    message,
    results,
  );

  let seq = 0;
  const refreshEstimate = () => {
    const mine = ++seq;
    estimate.textContent = t('estimating');
    call('estimateModelPreview', select.value).then(
      (e: PreviewEstimate) => {
        if (mine !== seq) return;
        estimate.textContent = t('estimate', {
          rows: fmt.number(e.rows),
          requests: fmt.number(e.requests),
          tokens: fmt.number(e.tokens),
          cost: fmt.usd(e.usd),
        });
      },
      (error: unknown) => {
        if (mine === seq) estimate.textContent = errorText(error);
      },
    );
  };
  select.addEventListener('change', () => {
    clear(results);
    refreshEstimate();
  });

  const showResults = (p: ModelPreview) => {
    clear(results);
    results.append(el('h2', { text: t('results_heading', { from: p.from, to: p.to }) }));
    for (const task of p.tasks) results.append(taskView(ctx, p, task));
    results.append(costView(ctx, p), decision(ctx, setup, p.to));
  };
  const runPreview = guarded([run, select], async () => {
    show(message, t('running', { model: select.value }));
    try {
      const preview = await call('previewModelChange', select.value);
      show(message, '');
      showResults(preview);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  run.addEventListener('click', () => void runPreview());
  refreshEstimate();
}

/** Switch (the owner) or keep the current model until its shutdown date. */
function decision(ctx: Ctx, setup: PreviewSetup, target: string): HTMLElement {
  const { t } = ctx;
  const owner = setup.role !== 'editor';
  const switchButton = el('button', {
    id: 'switch',
    className: 'action',
    text: t('switch', { model: target }),
    attrs: { type: 'button' },
    hidden: !owner,
  });
  const date = setup.modelShutdownDate;
  const keep = el('button', {
    id: 'keep',
    text: date ? t('keep_until', { model: setup.model, date }) : t('keep', { model: setup.model }),
    attrs: { type: 'button' },
  });
  const message = statusLine('decision-message');
  const switchTo = guarded([switchButton, keep], async () => {
    try {
      const saved = await call('switchFormulaModel', target);
      show(message, t('switched', { model: saved.model, from: setup.model }), 'success');
      switchButton.disabled = true;
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  switchButton.addEventListener('click', () => void switchTo());
  keep.addEventListener('click', () => {
    show(message, t('kept'), 'success');
    closeHost();
  });
  return el(
    'section',
    { id: 'decision' },
    el('div', { className: 'buttons' }, switchButton, keep),
    date
      ? el('p', {
          className: 'gray note',
          text: t('keep_note', {
            model: setup.model,
            date,
            replacement: setup.modelReplacement ?? setup.defaultModel,
          }),
        })
      : null,
    owner ? null : el('p', { className: 'gray note', text: t('owner_only_note') }),
    message,
  );
}

startApp({
  texts: TEXTS,
  load: () => call('getModelPreviewSetup'),
  locale: (setup) => setup.locale,
  render,
});
