// Budget and usage: the spreadsheet's budget and each tab's, with a bar and the numbers behind
// it; refresh; clearing the answer cache after a confirmation on the page itself.
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { parseTokens } from '../shared/format';
import type { TextKey } from './i18n';
import { call, type BudgetInput, type Period, type ScopeUsage, type UsageReport } from '../shared/server';

const PERIODS: readonly Period[] = ['total', 'monthly', 'daily'];
const PERIOD_TEXT: Record<Period, TextKey> = {
  total: 'period_total',
  monthly: 'period_monthly',
  daily: 'period_daily',
};
const USED_TEXT: Record<Period, TextKey> = {
  total: 'used_of_limit_total',
  monthly: 'used_of_limit_monthly',
  daily: 'used_of_limit_daily',
};

export interface UsageSection {
  element: HTMLElement;
  /** Loads the report again; `quiet` shows nothing unless it fails. */
  refresh(quiet?: boolean): Promise<void>;
}

interface ScopeView {
  element: HTMLElement;
  update(scope: ScopeUsage, options: { exists: boolean; force: boolean }): void;
}

type SaveBudget = (budget: BudgetInput) => Promise<UsageReport>;

function emptyScope(sheet: string): ScopeUsage {
  return {
    sheet,
    limit: null,
    period: null,
    used: 0,
    remaining: null,
    totalTokens: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedTokens: 0,
    requests: 0,
    unsettledTokens: 0,
  };
}

function scopeView(ctx: Context, sheet: string | null, saveBudget: SaveBudget): ScopeView {
  const { t, fmt } = ctx;
  const scopeName = sheet ?? t('scope_spreadsheet');
  const fill = el('div', { className: 'bar-fill' });
  const bar = el(
    'div',
    {
      className: 'bar',
      attrs: {
        role: 'progressbar',
        'aria-valuemin': '0',
        'aria-label': t('bar_label', { scope: scopeName }),
      },
    },
    fill,
  );
  const usedLine = el('p', { className: 'usage-used' });
  const costLine = el('p', { className: 'usage-cost gray' });
  const unsettledLine = el('p', { className: 'usage-unsettled gray', hidden: true });
  const tokens = el('input', {
    className: 'tokens',
    attrs: {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      'aria-label': `${t('budget_tokens')}: ${scopeName}`,
      placeholder: sheet === null ? '1000000' : t('budget_none'),
    },
  });
  const period = el('select', {
    className: 'period',
    attrs: { 'aria-label': `${t('budget_period')}: ${scopeName}` },
  });
  for (const p of PERIODS) {
    const option = el('option', { text: t(PERIOD_TEXT[p]) });
    option.value = p;
    period.appendChild(option);
  }
  const save = el('button', { className: 'save', text: t('budget_save') });
  const message = statusLine(sheet === null ? 'budget-message' : `budget-message-${sheetSlug(sheet)}`);
  const controls = el('div', { className: 'budget-row' }, tokens, period, save);
  const deletedNote = el('span', { className: 'gray', text: t('tab_deleted'), hidden: true });
  const title = el(
    'h3',
    { className: 'scope-title' },
    el('span', { className: 'scope-name', text: scopeName }),
    ' ',
    deletedNote,
  );

  // What the inputs were last set to: a value the person is still editing is left alone.
  let shownTokens: string | null = null;
  let shownPeriod: string | null = null;

  const submit = guarded([save], async () => {
    const parsed = parseTokens(tokens.value);
    if (Number.isNaN(parsed) || (parsed === null && sheet === null)) {
      show(message, t(sheet === null ? 'budget_number' : 'budget_number_tab'), 'error');
      tokens.focus();
      return;
    }
    show(message, t('budget_saving'));
    const budget: BudgetInput =
      parsed === null ? { tokens: null } : { tokens: parsed, period: period.value as Period };
    if (sheet !== null) budget.sheet = sheet;
    try {
      await saveBudget(budget);
      show(message, t(parsed === null ? 'budget_removed' : 'budget_saved'), 'success');
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  save.addEventListener('click', () => void submit());
  onEnter(tokens, () => void submit());
  tokens.addEventListener('input', () => {
    if (message.classList.contains('error')) hide(message);
  });

  const element = el(
    'div',
    { className: 'scope' },
    title,
    bar,
    usedLine,
    costLine,
    unsettledLine,
    controls,
    message,
  );
  if (sheet === null) element.id = 'usage-spreadsheet';
  else element.setAttribute('data-sheet', sheet);

  return {
    element,
    update(scope, { exists, force }) {
      const used = fmt.number(scope.used);
      const priced = fmt.usd(scope.costUsd);
      const cost =
        scope.unpricedTokens > 0
          ? t('cost_with_unpriced', { cost: priced, tokens: fmt.number(scope.unpricedTokens) })
          : priced;
      if (scope.limit === null || scope.period === null) {
        bar.hidden = true;
        usedLine.textContent = t('used_no_limit', { used });
        costLine.textContent = t('cost_only', { cost });
      } else {
        const limit = scope.limit;
        const ratio = limit > 0 ? scope.used / limit : scope.used > 0 ? 1 : 0;
        // Any use at all shows as a sliver, so a bar never looks unused when it is not.
        const percent = Math.min(100, Math.max(scope.used > 0 ? 1 : 0, ratio * 100));
        fill.style.width = `${percent}%`;
        bar.hidden = false;
        bar.classList.toggle('warn', ratio >= 0.8 && ratio < 1);
        bar.classList.toggle('full', ratio >= 1);
        usedLine.textContent = t(USED_TEXT[scope.period], { used, limit: fmt.number(limit) });
        bar.setAttribute('aria-valuemax', String(limit));
        bar.setAttribute('aria-valuenow', String(Math.min(scope.used, limit)));
        bar.setAttribute('aria-valuetext', usedLine.textContent);
        costLine.textContent = t('remaining_cost', { remaining: fmt.number(scope.remaining ?? 0), cost });
      }
      unsettledLine.hidden = scope.unsettledTokens <= 0;
      unsettledLine.textContent = t('unsettled', { tokens: fmt.number(scope.unsettledTokens) });

      // A tab that no longer exists keeps its usage, but its budget can no longer be set.
      deletedNote.hidden = exists;
      controls.hidden = !exists;

      const nextTokens = scope.limit === null ? '' : fmt.number(scope.limit);
      const nextPeriod = scope.period ?? 'monthly';
      if (force || shownTokens === null || tokens.value === shownTokens) tokens.value = nextTokens;
      if (force || shownPeriod === null || period.value === shownPeriod) period.value = nextPeriod;
      shownTokens = nextTokens;
      shownPeriod = nextPeriod;
    },
  };
}

/** A stable id fragment for a tab name (the name itself stays in a data attribute). */
function sheetSlug(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return (hash >>> 0).toString(36);
}

export function usageSection(ctx: Context): UsageSection {
  const { t } = ctx;
  const message = statusLine('usage-message');
  const spreadsheetBox = el('div', { id: 'usage-spreadsheet-box' });
  const tabsBox = el('div', { id: 'usage-tabs' });
  const tabsNone = el('p', { className: 'gray', text: t('tabs_none'), hidden: true });
  const views = new Map<string, ScopeView>();
  let spreadsheetView: ScopeView | null = null;

  const render = (report: UsageReport, saved?: BudgetInput) => {
    if (!spreadsheetView) {
      spreadsheetView = scopeView(ctx, null, saveBudget);
      spreadsheetBox.appendChild(spreadsheetView.element);
    }
    spreadsheetView.update(report.spreadsheet, { exists: true, force: !!saved && saved.sheet === undefined });

    const bySheet = new Map(report.sheets.map((s) => [s.sheet ?? '', s]));
    const names = [...report.tabs, ...[...bySheet.keys()].filter((n) => !report.tabs.includes(n))];
    const order: HTMLElement[] = [];
    for (const name of names) {
      let view = views.get(name);
      if (!view) {
        view = scopeView(ctx, name, saveBudget);
        views.set(name, view);
      }
      view.update(bySheet.get(name) ?? emptyScope(name), {
        exists: report.tabs.includes(name),
        force: saved?.sheet === name,
      });
      order.push(view.element);
    }
    for (const name of [...views.keys()]) if (!names.includes(name)) views.delete(name);
    // Re-append in order; existing elements move, keeping focus and typed values.
    const current = [...tabsBox.children];
    if (current.length !== order.length || current.some((node, i) => node !== order[i])) {
      clear(tabsBox);
      for (const node of order) tabsBox.appendChild(node);
    }
    tabsNone.hidden = names.length > 0;
  };

  const saveBudget: SaveBudget = async (budget) => {
    const report = await call('setBudget', budget);
    render(report, budget);
    return report;
  };

  const refreshButton = el('button', { id: 'usage-refresh', text: t('refresh') });
  const clearButton = el('button', { id: 'cache-clear', text: t('clear_cache') });
  const confirmYes = el('button', { id: 'cache-confirm-yes', className: 'action', text: t('clear_yes') });
  const confirmNo = el('button', { id: 'cache-confirm-no', text: t('clear_no') });
  const confirmText = el('p', { id: 'cache-confirm-text', text: t('clear_confirm') });
  const confirmBox = el(
    'div',
    {
      id: 'cache-confirm',
      className: 'confirm',
      hidden: true,
      attrs: { role: 'alertdialog', 'aria-labelledby': 'cache-confirm-text' },
    },
    confirmText,
    el('div', { className: 'buttons' }, confirmYes, confirmNo),
  );
  const cacheMessage = statusLine('cache-message');

  const refresh = guarded([refreshButton], async (quiet: boolean) => {
    if (!quiet) show(message, t('refreshing'));
    try {
      render(await call('getUsage'));
      hide(message);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  refreshButton.addEventListener('click', () => void refresh(false));

  const closeConfirm = () => {
    confirmBox.hidden = true;
    clearButton.disabled = false;
  };
  clearButton.addEventListener('click', () => {
    hide(cacheMessage);
    confirmBox.hidden = false;
    clearButton.disabled = true;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    closeConfirm();
    clearButton.focus();
  });
  const clearCache = guarded([confirmYes, confirmNo], async () => {
    show(cacheMessage, t('clearing'));
    try {
      await call('clearCache');
      show(cacheMessage, t('cache_cleared'), 'success');
    } catch (error) {
      show(cacheMessage, errorText(error), 'error');
    }
    closeConfirm();
  });
  confirmYes.addEventListener('click', () => void clearCache());

  show(message, t('usage_loading'));
  const element = el(
    'section',
    { id: 'usage', className: 'block', attrs: { 'aria-labelledby': 'usage-heading' } },
    el('h2', { id: 'usage-heading', text: t('usage_heading') }),
    el('p', { className: 'gray note', text: t('usage_intro') }),
    spreadsheetBox,
    el('h3', { className: 'tabs-heading', text: t('tabs_heading') }),
    tabsNone,
    tabsBox,
    message,
    el('div', { className: 'buttons' }, refreshButton, clearButton),
    confirmBox,
    cacheMessage,
  );
  return { element, refresh: (quiet = false) => refresh(quiet) };
}
