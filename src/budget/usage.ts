// The usage report the sidebar shows (with the last 30 days and warnings), and changing budgets:
// only the person whose key formulas spend may do that (see settings/identity.ts).
import { ownerDecision } from '../settings/access';
import { lockedUpdate } from '../engine/locked-update';
import { format, UserError, type Locale, type MessageRef } from '../i18n/messages';
import type { Mutex, PropertyStore } from '../platform/ports';
import {
  binds,
  budgetChanges,
  checkLimit,
  readHolder,
  Ledger,
  usedIn,
  UTC_CALENDAR,
  type Calendar,
  type Counter,
  type Limit,
  type Period,
  type Scope,
} from './ledger';

export interface Tab {
  id: string;
  name: string;
}

export type UsageWarning = 'near_limit' | 'spike';

export interface ScopeUsage {
  /** The tab's name (its last known one when it was deleted); null for the spreadsheet. */
  sheet: string | null;
  sheetId: string | null;
  /** False for a tab that has been deleted (its usage and budget are kept). */
  exists: boolean;
  limit: number | null;
  limitUsd: number | null;
  period: Period | null;
  /** A limit saved by someone other than the owner: shown, but not applied. */
  limitIgnored: boolean;
  /** Tokens used in the current period of the limit (all time when there is no limit). */
  used: number;
  usedUsd: number;
  remaining: number | null;
  remainingUsd: number | null;
  totalTokens: number;
  inputTokens: number;
  /** Of the input, served from OpenAI's prompt cache (priced lower). */
  cachedInputTokens: number;
  /** Of the input, written to OpenAI's prompt cache (priced 1.25x input from GPT-5.6 on). */
  cacheWriteTokens: number;
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
  /** Tokens per day of the last 30 days (the spreadsheet's calendar), oldest first. */
  days: Array<{ day: string; tokens: number }>;
  warnings: UsageWarning[];
}

export interface UsageReport {
  spreadsheet: ScopeUsage;
  sheets: ScopeUsage[];
  /** What people spent here with their own keys (column jobs, Try it): in no budget. */
  others: ScopeUsage;
  tabs: string[];
  /** The caller's role: only the owner may change budgets or clear the cache. */
  role: 'owner' | 'editor' | 'unknown';
  canManage: boolean;
  /** When the current daily and monthly periods end (ms), in the spreadsheet's time zone. */
  nextDay: number;
  nextMonth: number;
  timeZone: string;
}

const HISTORY_DAYS = 30;
const SPIKE_FACTOR = 5;
const NEAR_LIMIT = 0.8;

export interface UsageContext {
  now: number;
  tabs: Tab[];
  calendar: Calendar;
  role: UsageReport['role'];
  timeZone?: string;
  /** The caller's identity hash: while no owner is known, their own pending budgets are shown. */
  viewer?: string;
}

export function usageReport(props: Record<string, string>, ctx: UsageContext): UsageReport {
  const ledger = new Ledger(props, ctx.now, ctx.calendar, ctx.role === 'unknown' ? ctx.viewer : undefined);
  const byId = new Map(ctx.tabs.map((t) => [t.id, t.name]));
  const ids = new Set([
    ...ctx.tabs.map((t) => t.id),
    ...Object.keys(ledger.budget.sheets),
    ...ledger.sheetsWithUsage(),
  ]);
  const sheets = [...ids]
    .map((id) => scopeUsage(ledger, { kind: 'sheet', id }, ctx, byId))
    .sort((a, b) => Number(b.exists) - Number(a.exists) || String(a.sheet).localeCompare(String(b.sheet)));
  return {
    spreadsheet: scopeUsage(ledger, { kind: 'spreadsheet' }, ctx, byId),
    sheets,
    others: scopeUsage(ledger, { kind: 'others' }, ctx, byId),
    tabs: ctx.tabs.map((t) => t.name),
    role: ctx.role,
    canManage: ctx.role !== 'editor',
    nextDay: ctx.calendar.nextDay(ctx.now),
    nextMonth: ctx.calendar.nextMonth(ctx.now),
    timeZone: ctx.timeZone ?? 'Etc/UTC',
  };
}

function scopeUsage(ledger: Ledger, scope: Scope, ctx: UsageContext, names: Map<string, string>): ScopeUsage {
  const stored: Limit | undefined =
    scope.kind === 'spreadsheet'
      ? ledger.budget.spreadsheet
      : scope.kind === 'sheet'
        ? ledger.budget.sheets[scope.id]
        : undefined;
  const limit = ledger.limitOf(scope);
  const c = ledger.counter(scope);
  const used = limit ? usedIn(c, limit.period, ctx.now, ctx.calendar) : { tokens: c.total, usd: c.costUsd };
  const id = scope.kind === 'sheet' ? scope.id : null;
  const remaining = ledger.remaining(scope);
  const remainingUsd = ledger.remainingUsd(scope);
  const usage: ScopeUsage = {
    sheet: id === null ? null : (names.get(id) ?? stored?.name ?? c.name ?? id),
    sheetId: id,
    exists: id === null || names.has(id),
    limit: limit?.tokens ?? null,
    limitUsd: limit?.usd ?? null,
    period: limit?.period ?? null,
    limitIgnored: !!stored && !binds(stored, ledger.holder),
    used: used.tokens,
    usedUsd: round(used.usd),
    remaining: Number.isFinite(remaining) ? Math.max(0, remaining) : null,
    remainingUsd: Number.isFinite(remainingUsd) ? round(Math.max(0, remainingUsd)) : null,
    totalTokens: c.total,
    inputTokens: c.input,
    cachedInputTokens: c.cachedInput,
    cacheWriteTokens: c.cacheWrite ?? 0,
    outputTokens: c.output,
    reasoningTokens: c.reasoning,
    costUsd: round(c.costUsd),
    unpricedTokens: c.unpricedTokens,
    requests: c.requests,
    unsettledTokens: c.unsettled,
    days: lastDays(c, ctx),
    warnings: [],
  };
  usage.warnings = warningsFor(usage, limit);
  return usage;
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** The last 30 calendar days, oldest first, zero where nothing was spent. */
function lastDays(c: Counter, ctx: UsageContext): Array<{ day: string; tokens: number }> {
  const days: Array<{ day: string; tokens: number }> = [];
  const seen = new Set<string>();
  for (let back = 0; days.length < HISTORY_DAYS && back < HISTORY_DAYS + 3; back++) {
    const day = ctx.calendar.day(ctx.now - back * 86_400_000);
    if (seen.has(day)) continue;
    seen.add(day);
    days.unshift({ day, tokens: c.days[day] ?? 0 });
  }
  return days;
}

/** A budget 80 % spent, or a day far above the usual (five times the median of the other days). */
export function warningsFor(
  usage: Pick<ScopeUsage, 'used' | 'usedUsd' | 'days'>,
  limit: Limit | undefined,
): UsageWarning[] {
  const warnings: UsageWarning[] = [];
  const tokenShare = limit?.tokens ? usage.used / limit.tokens : 0;
  const usdShare = limit?.usd ? usage.usedUsd / limit.usd : 0;
  if (Math.max(tokenShare, usdShare) >= NEAR_LIMIT) warnings.push('near_limit');
  const spent = usage.days.filter((d) => d.tokens > 0);
  const latest = spent[spent.length - 1];
  const others = spent
    .slice(0, -1)
    .map((d) => d.tokens)
    .sort((a, b) => a - b);
  if (latest && others.length >= 3) {
    const median = others[Math.floor(others.length / 2)];
    if (latest.tokens > SPIKE_FACTOR * median) warnings.push('spike');
  }
  return warnings;
}

/** One line for a toast: every scope with a warning, or '' when there is none. */
export function usageWarnings(report: UsageReport, locale: Locale): string {
  const parts: string[] = [];
  for (const scope of [report.spreadsheet, ...report.sheets]) {
    const where: MessageRef =
      scope.sheet === null
        ? { key: 'scope_spreadsheet' }
        : { key: 'scope_sheet', params: { sheet: scope.sheet } };
    for (const w of scope.warnings)
      parts.push(format(locale, w === 'spike' ? 'warning_spike' : 'warning_near_limit', { scope: where }));
  }
  return parts.length ? `${parts.join(' ')} ${format(locale, 'warning_where')}` : '';
}

export interface BudgetCaller {
  role: UsageReport['role'];
  /** The caller's identity hash, recorded with what they save. */
  id: string;
}

/** Sets a budget ({tokens?, usd?, period?, sheet? (a tab's name) or sheetId?}); the owner only. */
export function setBudget(
  store: PropertyStore,
  lock: Mutex,
  input: unknown,
  caller: BudgetCaller,
  ctx: UsageContext,
): UsageReport {
  const decision = ownerDecision(caller.role);
  const limit = checkLimit(input, caller.id);
  const { sheet, sheetId } = input as { sheet?: unknown; sheetId?: unknown };
  const target = tabFor(sheet, sheetId, ctx.tabs, store.getAll());
  const pendingFor = decision === 'pending' ? caller.id : undefined;
  lockedUpdate(store, lock, 10000, (props) => {
    // The owner may have become known since the role was read: only the holder confirms.
    if (pendingFor === undefined && readHolder(props) !== caller.id) throw new UserError('owner_only');
    return { result: undefined, changes: budgetChanges(props, limit, target, pendingFor) };
  });
  return usageReport(store.getAll(), { ...ctx, viewer: caller.id });
}

/** The tab a budget is for: by name among the tabs, or by id (also a deleted tab's, to remove it). */
function tabFor(
  sheet: unknown,
  sheetId: unknown,
  tabs: Tab[],
  props: Record<string, string>,
): { id: string; name?: string } | undefined {
  const text = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  if (![sheet, sheetId].every((v) => v === undefined || v === null || text(v))) {
    throw new UserError('budget_invalid');
  }
  if (sheetId !== undefined && sheetId !== null && sheetId !== '') {
    const id = String(sheetId);
    const ledger = new Ledger(props, 0);
    const known =
      tabs.some((t) => t.id === id) || ledger.sheetsWithUsage().includes(id) || id in ledger.budget.sheets;
    if (!known) throw new UserError('sheet_not_found', { sheet: id });
    return { id, name: tabs.find((t) => t.id === id)?.name };
  }
  if (sheet === undefined || sheet === null || sheet === '') return undefined;
  const name = String(sheet);
  const tab = tabs.find((t) => t.name === name);
  if (!tab) throw new UserError('sheet_not_found', { sheet: name });
  return tab;
}

export { UTC_CALENDAR };
