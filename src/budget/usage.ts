// The usage report the sidebar shows, and changing budgets.
import { lockedUpdate } from '../engine/locked-update';
import type { Mutex, PropertyStore } from '../platform/ports';
import { UserError } from '../i18n/messages';
import { budgetChanges, checkLimit, Ledger, usedIn, type Limit, type Period } from './ledger';

export interface ScopeUsage {
  sheet: string | null;
  limit: number | null;
  period: Period | null;
  /** Tokens used in the current period of the limit (all time when there is no limit). */
  used: number;
  remaining: number | null;
  totalTokens: number;
  inputTokens: number;
  /** Of the input, served from OpenAI's prompt cache (priced lower). */
  cachedInputTokens: number;
  /** Output tokens, reasoning included. */
  outputTokens: number;
  /** Of the output, spent reasoning. */
  reasoningTokens: number;
  /** Cost of the tokens with a known price. */
  costUsd: number;
  /** Tokens of models with no known price: not in costUsd ("price unknown"). */
  unpricedTokens: number;
  requests: number;
  unsettledTokens: number;
}

export interface UsageReport {
  spreadsheet: ScopeUsage;
  sheets: ScopeUsage[];
  tabs: string[];
}

export function usageReport(props: Record<string, string>, now: number, tabs: string[]): UsageReport {
  const ledger = new Ledger(props, now);
  const scope = (sheet: string | null): ScopeUsage => {
    const limit: Limit | undefined = sheet === null ? ledger.budget.spreadsheet : ledger.budget.sheets[sheet];
    const c = ledger.counter(sheet ?? undefined);
    const used = limit ? usedIn(c, limit.period, now) : c.total;
    return {
      sheet,
      limit: limit?.tokens ?? null,
      period: limit?.period ?? null,
      used,
      remaining: limit ? Math.max(0, ledger.remaining(sheet ?? undefined)) : null,
      totalTokens: c.total,
      inputTokens: c.input,
      cachedInputTokens: c.cachedInput,
      outputTokens: c.output,
      reasoningTokens: c.reasoning,
      costUsd: Math.round(c.costUsd * 1e6) / 1e6,
      unpricedTokens: c.unpricedTokens,
      requests: c.requests,
      unsettledTokens: c.unsettled,
    };
  };
  const names = new Set([...tabs, ...Object.keys(ledger.budget.sheets), ...ledger.sheetsWithUsage()]);
  return { spreadsheet: scope(null), sheets: [...names].sort().map(scope), tabs };
}

export function setBudget(
  store: PropertyStore,
  lock: Mutex,
  input: unknown,
  tabs: string[],
  now: number,
): UsageReport {
  const { sheet } = (input ?? {}) as { sheet?: unknown };
  const sheetName = sheet === undefined || sheet === null || sheet === '' ? undefined : String(sheet);
  if (sheetName !== undefined && !tabs.includes(sheetName))
    throw new UserError('sheet_not_found', { sheet: sheetName });
  const limit = checkLimit(input);
  lockedUpdate(store, lock, 10000, (props) => ({
    result: undefined,
    changes: budgetChanges(props, limit, sheetName),
  }));
  return usageReport(store.getAll(), now, tabs);
}
