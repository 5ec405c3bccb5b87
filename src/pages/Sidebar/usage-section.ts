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
const USED_USD_TEXT: Record<Period, TextKey> = {
  total: 'used_usd_total',
  monthly: 'used_usd_monthly',
  daily: 'used_usd_daily',
};

export interface UsageSection {
  element: HTMLElement;
  /** Loads the report again; `quiet` shows nothing unless it fails. */
  refresh(quiet?: boolean): Promise<void>;
}

interface ScopeView {
  element: HTMLElement;
  update(scope: ScopeUsage, options: { force: boolean; report: UsageReport }): void;
}

type SaveBudget = (budget: BudgetInput) => Promise<UsageReport>;

/** A tab (by id) or the spreadsheet (null). */
type ScopeKey = { id: string; name: string } | null;

/** "12.5" / "０．５" / "$3" -> dollars; "" -> null; anything else -> NaN. */
function parseUsd(text: string): number | null {
  const plain = text.normalize('NFKC').replace(/[\s,$＄]/g, '');
  if (plain === '') return null;
  return /^\d{1,7}(\.\d{1,6})?$/.test(plain) ? Number(plain) : NaN;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Thirty bars, one per day, tallest day full height, over a baseline that spans all thirty days, with
 * a caption naming the highest day and the first and last dates under it: a single day of use reads
 * as one bar at the end of a month, not as a stray blue block. Text goes in only as text.
 */
function dailyChart(ctx: Context, days: ScopeUsage['days'], label: string): HTMLElement {
  const { t, fmt } = ctx;
  const svg = document.createElementNS(SVG, 'svg');
  const width = 150;
  const height = 28;
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 1}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('preserveAspectRatio', 'none');
  const baseline = document.createElementNS(SVG, 'rect');
  baseline.setAttribute('class', 'baseline');
  baseline.setAttribute('x', '0');
  baseline.setAttribute('y', String(height));
  baseline.setAttribute('width', String(width));
  baseline.setAttribute('height', '1');
  svg.appendChild(baseline);
  const max = Math.max(1, ...days.map((d) => d.tokens));
  const step = width / Math.max(1, days.length);
  days.forEach((d, i) => {
    const h = d.tokens > 0 ? Math.max(1, (d.tokens / max) * height) : 0;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('class', 'day');
    rect.setAttribute('x', String(i * step + 0.5));
    rect.setAttribute('y', String(height - h));
    rect.setAttribute('width', String(Math.max(1, step - 1)));
    rect.setAttribute('height', String(h));
    rect.setAttribute('data-day', d.day);
    rect.setAttribute('data-tokens', String(d.tokens));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${d.day}: ${fmt.number(d.tokens)}`;
    rect.appendChild(title);
    svg.appendChild(rect);
  });
  const first = days[0]?.day ?? '';
  return el(
    'figure',
    { className: 'chart-figure' },
    el('figcaption', { className: 'chart-caption gray', text: t('chart_caption', { max: fmt.number(max) }) }),
    svg,
    el(
      'div',
      { className: 'chart-axis gray' },
      el('span', { className: 'chart-first', text: first.slice(5).replace('-', '/') }),
      el('span', { className: 'chart-last', text: t('chart_today') }),
    ),
  );
}

function scopeView(ctx: Context, key: ScopeKey, saveBudget: SaveBudget): ScopeView {
  const { t, fmt } = ctx;
  const scopeName = key?.name ?? t('scope_spreadsheet');
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
  const periodLine = el('p', { className: 'usage-period gray', hidden: true });
  const unsettledLine = el('p', { className: 'usage-unsettled gray', hidden: true });
  const warningLine = el('p', { className: 'usage-warning warning', hidden: true });
  const ignoredLine = el('p', { className: 'usage-ignored gray', text: t('budget_ignored'), hidden: true });
  const chartBox = el('div', { className: 'chart-box' });
  const tokens = el('input', {
    className: 'tokens',
    attrs: {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      'aria-label': `${t('budget_tokens')}: ${scopeName}`,
      placeholder: key === null ? '1000000' : t('budget_none'),
    },
  });
  const usd = el('input', {
    className: 'usd',
    attrs: {
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      'aria-label': `${t('budget_usd')}: ${scopeName}`,
      placeholder: t('budget_usd_placeholder'),
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
  const remove = el('button', { className: 'remove', text: t('budget_remove'), hidden: true });
  const message = statusLine(key === null ? 'budget-message' : `budget-message-${key.id}`);
  const controls = el('div', { className: 'budget-row' }, tokens, usd, period, save);
  const deletedNote = el('span', { className: 'gray', text: t('tab_deleted'), hidden: true });
  const title = el(
    'h3',
    { className: 'scope-title' },
    el('span', { className: 'scope-name', text: scopeName }),
    ' ',
    deletedNote,
  );

  // What the inputs were last set to: a value the person is still editing is left alone.
  let shown: { tokens: string; usd: string; period: string } | null = null;

  const submit = guarded([save], async () => {
    const parsedTokens = parseTokens(tokens.value);
    const parsedUsd = parseUsd(usd.value);
    const none = parsedTokens === null && parsedUsd === null;
    if (Number.isNaN(parsedTokens) || (none && key === null)) {
      show(message, t(key === null ? 'budget_number' : 'budget_number_tab'), 'error');
      tokens.focus();
      return;
    }
    if (Number.isNaN(parsedUsd)) {
      show(message, t('budget_usd_number'), 'error');
      usd.focus();
      return;
    }
    show(message, t('budget_saving'));
    const budget: BudgetInput = none
      ? { tokens: null, usd: null }
      : { tokens: parsedTokens, usd: parsedUsd, period: period.value as Period };
    if (key !== null) budget.sheetId = key.id;
    try {
      await saveBudget(budget);
      show(message, t(none ? 'budget_removed' : 'budget_saved'), 'success');
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  save.addEventListener('click', () => void submit());
  onEnter(tokens, () => void submit());
  onEnter(usd, () => void submit());
  for (const input of [tokens, usd]) {
    input.addEventListener('input', () => {
      if (message.classList.contains('error')) hide(message);
    });
  }
  const removeDeleted = guarded([remove], async () => {
    if (key === null) return;
    show(message, t('budget_saving'));
    try {
      await saveBudget({ sheetId: key.id, tokens: null, usd: null });
      show(message, t('budget_removed_deleted'), 'success');
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  remove.addEventListener('click', () => void removeDeleted());

  const element = el(
    'div',
    { className: 'scope' },
    title,
    bar,
    usedLine,
    costLine,
    periodLine,
    unsettledLine,
    warningLine,
    ignoredLine,
    chartBox,
    controls,
    remove,
    message,
  );
  if (key === null) element.id = 'usage-spreadsheet';
  else {
    element.setAttribute('data-sheet', key.name);
    element.setAttribute('data-sheet-id', key.id);
  }

  return {
    element,
    update(scope, { force, report }) {
      const used = fmt.number(scope.used);
      const priced = fmt.usd(scope.costUsd);
      const cost =
        scope.unpricedTokens > 0
          ? t('cost_with_unpriced', { cost: priced, tokens: fmt.number(scope.unpricedTokens) })
          : priced;
      const limit = scope.limit;
      if (scope.period === null || (limit === null && scope.limitUsd === null)) {
        bar.hidden = true;
        usedLine.textContent = t('used_no_limit', { used });
        costLine.textContent = t('cost_only', { cost });
      } else {
        const ratio = Math.max(
          limit !== null ? (limit > 0 ? scope.used / limit : scope.used > 0 ? 1 : 0) : 0,
          scope.limitUsd !== null
            ? scope.limitUsd > 0
              ? scope.usedUsd / scope.limitUsd
              : scope.usedUsd > 0
                ? 1
                : 0
            : 0,
        );
        // Any use at all shows as a sliver, so a bar never looks unused when it is not.
        const percent = Math.min(100, Math.max(scope.used > 0 ? 1 : 0, ratio * 100));
        fill.style.width = `${percent}%`;
        bar.hidden = false;
        bar.classList.toggle('warn', ratio >= 0.8 && ratio < 1);
        bar.classList.toggle('full', ratio >= 1);
        const parts: string[] = [];
        if (limit !== null) parts.push(t(USED_TEXT[scope.period], { used, limit: fmt.number(limit) }));
        if (scope.limitUsd !== null)
          parts.push(
            t(USED_USD_TEXT[scope.period], { used: fmt.usd(scope.usedUsd), limit: fmt.usd(scope.limitUsd) }),
          );
        usedLine.textContent = parts.join(' · ');
        const max = limit ?? Math.round((scope.limitUsd ?? 0) * 1e6);
        const now =
          limit !== null ? Math.min(scope.used, limit) : Math.min(Math.round(scope.usedUsd * 1e6), max);
        bar.setAttribute('aria-valuemax', String(max));
        bar.setAttribute('aria-valuenow', String(now));
        bar.setAttribute('aria-valuetext', usedLine.textContent);
        costLine.textContent =
          limit !== null
            ? t('remaining_cost', { remaining: fmt.number(scope.remaining ?? 0), cost })
            : t('cost_only', { cost });
      }
      const resets =
        scope.period === 'daily' ? report.nextDay : scope.period === 'monthly' ? report.nextMonth : null;
      periodLine.hidden = resets === null;
      if (resets !== null)
        periodLine.textContent = t('next_period', { when: fmt.dateTime(resets, report.timeZone) });
      unsettledLine.hidden = scope.unsettledTokens <= 0;
      unsettledLine.textContent = t('unsettled', { tokens: fmt.number(scope.unsettledTokens) });
      const warnings = scope.warnings.map((w) => t(w === 'spike' ? 'warning_spike' : 'warning_near_limit'));
      warningLine.textContent = warnings.join(' ');
      warningLine.hidden = warnings.length === 0;
      ignoredLine.hidden = !scope.limitIgnored;
      clear(chartBox);
      if (scope.days.some((d) => d.tokens > 0))
        chartBox.appendChild(dailyChart(ctx, scope.days, t('chart_label', { scope: scopeName })));

      // A tab that no longer exists keeps its usage; its budget can only be removed.
      deletedNote.hidden = scope.exists;
      controls.hidden = !scope.exists || !report.canManage;
      remove.hidden = scope.exists || !report.canManage || (scope.limit === null && scope.limitUsd === null);

      const next = {
        tokens: limit === null ? '' : fmt.number(limit),
        usd: scope.limitUsd === null ? '' : String(scope.limitUsd),
        period: scope.period ?? 'monthly',
      };
      if (force || shown === null || tokens.value === shown.tokens) tokens.value = next.tokens;
      if (force || shown === null || usd.value === shown.usd) usd.value = next.usd;
      if (force || shown === null || period.value === shown.period) period.value = next.period;
      shown = next;
    },
  };
}

export function usageSection(ctx: Context): UsageSection {
  const { t, fmt } = ctx;
  const message = statusLine('usage-message');
  const spreadsheetBox = el('div', { id: 'usage-spreadsheet-box' });
  const tabsBox = el('div', { id: 'usage-tabs' });
  const tabsNone = el('p', { className: 'gray', text: t('tabs_none'), hidden: true });
  const roleNote = el('p', { id: 'usage-role', className: 'gray note', hidden: true });
  const othersLine = el('p', { id: 'usage-others', className: 'gray note', hidden: true });
  const views = new Map<string, ScopeView>();
  let spreadsheetView: ScopeView | null = null;

  const render = (report: UsageReport, saved?: BudgetInput) => {
    if (!spreadsheetView) {
      spreadsheetView = scopeView(ctx, null, saveBudget);
      spreadsheetBox.appendChild(spreadsheetView.element);
    }
    const forceSheet = saved?.sheetId ?? (saved ? null : undefined);
    spreadsheetView.update(report.spreadsheet, { force: forceSheet === null, report });
    const order: HTMLElement[] = [];
    const ids = report.sheets.map((s) => s.sheetId as string);
    for (const scope of report.sheets) {
      const id = scope.sheetId as string;
      let view = views.get(id);
      if (!view) {
        view = scopeView(ctx, { id, name: scope.sheet ?? id }, saveBudget);
        views.set(id, view);
      }
      view.update(scope, { force: forceSheet === id, report });
      order.push(view.element);
    }
    for (const id of [...views.keys()]) if (!ids.includes(id)) views.delete(id);
    // Re-append in order; existing elements move, keeping focus and typed values.
    const current = [...tabsBox.children];
    if (current.length !== order.length || current.some((node, i) => node !== order[i])) {
      clear(tabsBox);
      for (const node of order) tabsBox.appendChild(node);
    }
    tabsNone.hidden = order.length > 0;
    // Before the first formula nobody is the owner: budgets saved are kept pending, the cache waits.
    const unknown = report.role === 'unknown';
    roleNote.hidden = report.canManage && !unknown;
    roleNote.textContent = t(unknown ? 'usage_unknown' : 'usage_editor');
    clearButton.hidden = report.role !== 'owner';
    othersLine.hidden = report.others.totalTokens === 0;
    othersLine.textContent = t('usage_others', {
      tokens: fmt.number(report.others.totalTokens),
      cost: fmt.usd(report.others.costUsd),
    });
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
    roleNote,
    spreadsheetBox,
    el('h3', { className: 'tabs-heading', text: t('tabs_heading') }),
    tabsNone,
    tabsBox,
    othersLine,
    message,
    el('div', { className: 'buttons' }, refreshButton, clearButton),
    confirmBox,
    cacheMessage,
  );
  return { element, refresh: (quiet = false) => refresh(quiet) };
}
