// An evaluation's figures on the page: a table per model, the recommended model with a button that
// makes it the default, per-label precision and recall, and each model's confusion table as a small
// heat map. Every value goes in as text.
import type { Context } from '../shared/context';
import { clear, el, errorText, guarded, show, statusLine } from '../shared/dom';
import { call, type EvaluationView, type JobStatus, type ModelResult } from '../shared/server';
import type { TextKey } from './i18n';

type Ctx = Context<TextKey>;

export interface ResultsView {
  element: HTMLElement;
  /** `status`: the job's latest status, for its current expected-answers column and skipped rows. */
  show(view: EvaluationView, status?: JobStatus): void;
}

const percent = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)} %`);

/** A table in a box that scrolls sideways when three models' columns are wider than the dialog. */
function table(headers: string[], rows: Array<Array<string | HTMLElement>>, className: string) {
  return el(
    'div',
    { className: 'table-box' },
    el(
      'table',
      { className },
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      el(
        'tbody',
        {},
        ...rows.map((cells) =>
          el('tr', {}, ...cells.map((c) => (typeof c === 'string' ? el('td', { text: c }) : c))),
        ),
      ),
    ),
  );
}

function modelsTable({ t, fmt }: Ctx, view: EvaluationView): HTMLElement {
  const rows = view.results.map((r: ModelResult) => {
    const name = el('th', { text: r.model, attrs: { scope: 'row' } });
    if (r.model === view.recommended) name.classList.add('recommended');
    return [
      name,
      fmt.number(r.rows),
      percent(r.accuracy),
      percent(r.normalizedAccuracy),
      fmt.number(r.tokensPer1000Rows),
      fmt.usd(r.costPer1000Rows),
      String(r.seconds),
    ];
  });
  const headers = [
    'col_model',
    'col_rows',
    'col_accuracy',
    'col_normalized',
    'col_tokens',
    'col_cost',
    'col_seconds',
  ] as const;
  return table(
    headers.map((h) => t(h)),
    rows,
    'figures',
  );
}

/** The labels answered besides the task's own (a model that answered outside them), in order. */
function answeredLabels(view: EvaluationView, r: ModelResult): string[] {
  const extra = new Set<string>();
  for (const byAnswer of Object.values(r.confusion))
    for (const answer of Object.keys(byAnswer)) if (!view.labels.includes(answer)) extra.add(answer);
  return [...view.labels, ...extra];
}

function heatMap({ t }: Ctx, view: EvaluationView, r: ModelResult): HTMLElement {
  const columns = answeredLabels(view, r);
  const rows = view.labels.map((expected) => {
    const byAnswer = r.confusion[expected] ?? {};
    const total = Object.values(byAnswer).reduce((n, v) => n + v, 0);
    const cells = columns.map((answer) => {
      const count = byAnswer[answer] ?? 0;
      const cell = el('td', { text: String(count) });
      const share = total ? count / total : 0;
      cell.className = answer === expected ? 'hit' : count ? 'miss' : '';
      // The share of the expected label's rows sets the strength of the cell's colour.
      cell.style.setProperty('--share', share.toFixed(2));
      return cell;
    });
    return [el('th', { text: expected, attrs: { scope: 'row' } }), ...cells];
  });
  return el(
    'figure',
    { className: 'confusion' },
    el('figcaption', { text: t('confusion_heading', { model: r.model }) }),
    table([t('confusion_expected'), ...columns], rows, 'heat'),
  );
}

function labelsTable({ t }: Ctx, view: EvaluationView): HTMLElement {
  const headers = [t('col_label')];
  for (const r of view.results)
    headers.push(`${r.model} · ${t('col_precision')}`, `${r.model} · ${t('col_recall')}`);
  const rows = view.labels.map((label) => [
    el('th', { text: label, attrs: { scope: 'row' } }),
    ...view.results.flatMap((r) => [
      percent(r.perLabel[label]?.precision ?? null),
      percent(r.perLabel[label]?.recall ?? null),
    ]),
  ]);
  return table(headers, rows, 'figures');
}

export function resultsView(ctx: Ctx): ResultsView {
  const { t, fmt } = ctx;
  const body = el('div', { id: 'results-body' });
  const element = el(
    'section',
    { id: 'results', hidden: true, attrs: { 'aria-labelledby': 'results-heading' } },
    el('h2', { id: 'results-heading', text: t('results_heading') }),
    body,
  );
  const saved = statusLine('default-message');

  const recommendation = (view: EvaluationView, status?: JobStatus): HTMLElement => {
    // Nothing compared is a different story from nothing priced: it says which column held no answers.
    if (view.state === 'done' && view.results.every((r) => r.rows === 0))
      return el('p', {
        id: 'recommended',
        className: 'warning',
        text: t('recommended_no_rows', {
          column: status?.outputColumn ?? '?',
          skipped: fmt.number(status?.skipped ?? 0),
        }),
      });
    if (!view.recommended)
      return el('p', { id: 'recommended', className: 'gray', text: t('recommended_none') });
    const model = view.recommended;
    const use = el('button', {
      id: 'use-recommended',
      className: 'action',
      text: t('use_default', { model }),
    });
    const save = guarded([use], async () => {
      try {
        await call('saveSettings', { model });
        show(saved, t('default_saved', { model }), 'success');
      } catch (error) {
        show(saved, errorText(error), 'error');
      }
    });
    use.addEventListener('click', () => void save());
    return el(
      'div',
      { id: 'recommended' },
      el('p', { text: t('recommended', { model }) }),
      view.state === 'done' ? el('div', { className: 'buttons' }, use) : null,
      saved,
    );
  };

  return {
    element,
    show(view, status) {
      clear(body);
      const rows = Math.max(0, ...view.results.map((r) => r.rows));
      if (view.state !== 'done')
        body.appendChild(
          el('p', { className: 'gray', text: t('results_partial', { rows: fmt.number(rows) }) }),
        );
      body.append(
        modelsTable(ctx, view),
        el('p', { className: 'gray note', text: t('normalized_note') }),
        recommendation(view, status),
      );
      if (view.labels.length) {
        body.append(el('h3', { text: t('labels_heading') }), labelsTable(ctx, view));
        for (const r of view.results) body.appendChild(heatMap(ctx, view, r));
        body.appendChild(el('p', { className: 'gray note', text: t('confusion_caption') }));
      }
      if (view.wrongRows)
        body.appendChild(
          el('p', { id: 'wrong-rows', text: t('wrong_rows', { rows: fmt.number(view.wrongRows) }) }),
        );
      body.appendChild(
        el('p', {
          id: 'report-sheet',
          className: 'gray',
          text: view.reportSheet ? t('report_written', { sheet: view.reportSheet }) : t('report_pending'),
        }),
      );
      element.hidden = false;
    },
  };
}
