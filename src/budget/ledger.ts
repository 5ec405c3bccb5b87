// The token budget and the usage ledger, kept in the spreadsheet's document properties.
//
// Properties have no atomic increment, so every change happens under the document lock as one
// read and one write. Before a call, the estimated tokens (input estimate + the output cap, an
// upper bound) are reserved against what is left; after it, the reservation is replaced by the
// usage the API reported. A reservation whose execution died without settling expires and is
// charged in full as "unsettled": the ledger may count more than was billed, never less.
import { UserError } from '../i18n/messages';

export type Period = 'total' | 'monthly' | 'daily';
export const PERIODS: readonly Period[] = ['total', 'monthly', 'daily'];

export interface Limit {
  tokens: number;
  period: Period;
}

export interface BudgetConfig {
  spreadsheet: Limit;
  sheets: Record<string, Limit>;
}

export interface Counter {
  total: number;
  input: number;
  /** Of `input`, served from OpenAI's prompt cache (priced lower). */
  cachedInput: number;
  /** Output, reasoning included. */
  output: number;
  /** Of `output`, spent reasoning. */
  reasoning: number;
  costUsd: number;
  /** Tokens of models with no known price: not in costUsd. */
  unpricedTokens: number;
  requests: number;
  unsettled: number;
  month: string;
  monthTokens: number;
  day: string;
  dayTokens: number;
}

interface Reservation {
  tokens: number;
  sheet?: string;
  until: number;
}

export interface Charge {
  input: number;
  cachedInput?: number;
  output: number;
  reasoning?: number;
  costUsd: number;
  /** Tokens billed by a model with no known price (not in costUsd). */
  unpricedTokens?: number;
  requests: number;
  /** Estimated tokens of requests whose outcome is unknown (no response came back): maybe billed. */
  unsettled?: number;
}

export const DEFAULT_BUDGET: Limit = { tokens: 1_000_000, period: 'monthly' };
/** Longer than any execution (6 minutes), so only a dead execution's reservation expires. */
const RESERVATION_TTL_MS = 7 * 60_000;

const BUDGET_KEY = 'budget';
const RESERVATIONS_KEY = 'u:reserved';
const SPREADSHEET_USAGE_KEY = 'u:*';
const SHEET_USAGE_PREFIX = 'u:sheet:';

export function readBudget(props: Record<string, string>): BudgetConfig {
  const parsed = parse<Partial<BudgetConfig>>(props[BUDGET_KEY], {});
  return { spreadsheet: parsed.spreadsheet ?? DEFAULT_BUDGET, sheets: parsed.sheets ?? {} };
}

export function budgetChanges(
  props: Record<string, string>,
  limit: Limit | null,
  sheet?: string,
): Record<string, string> {
  const config = readBudget(props);
  if (sheet === undefined) config.spreadsheet = limit ?? DEFAULT_BUDGET;
  else if (limit) config.sheets[sheet] = limit;
  else delete config.sheets[sheet];
  return { [BUDGET_KEY]: JSON.stringify(config) };
}

export function checkLimit(input: unknown): Limit | null {
  const { tokens, period } = (input ?? {}) as { tokens?: unknown; period?: unknown };
  if (tokens === null) return null;
  const n = Number(tokens);
  const p = (period ?? 'monthly') as Period;
  if (!Number.isInteger(n) || n < 0 || n > 1e12 || !PERIODS.includes(p))
    throw new UserError('budget_invalid');
  return { tokens: n, period: p };
}

function emptyCounter(): Counter {
  return {
    total: 0,
    input: 0,
    cachedInput: 0,
    output: 0,
    reasoning: 0,
    costUsd: 0,
    unpricedTokens: 0,
    requests: 0,
    unsettled: 0,
    month: '',
    monthTokens: 0,
    day: '',
    dayTokens: 0,
  };
}

function periodKeys(now: number): { month: string; day: string } {
  const d = new Date(now);
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { month, day: `${month}-${String(d.getDate()).padStart(2, '0')}` };
}

export function usedIn(counter: Counter, period: Period, now: number): number {
  const { month, day } = periodKeys(now);
  if (period === 'total') return counter.total;
  if (period === 'monthly') return counter.month === month ? counter.monthTokens : 0;
  return counter.day === day ? counter.dayTokens : 0;
}

function addTokens(counter: Counter, tokens: number, now: number): void {
  const { month, day } = periodKeys(now);
  if (counter.month !== month) [counter.month, counter.monthTokens] = [month, 0];
  if (counter.day !== day) [counter.day, counter.dayTokens] = [day, 0];
  counter.total += tokens;
  counter.monthTokens += tokens;
  counter.dayTokens += tokens;
}

function parse<T>(raw: string | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

/** The ledger as read from properties once, changed in memory, and written back as changes(). */
export class Ledger {
  private readonly dirty = new Set<string>();
  private readonly counters = new Map<string, Counter>();
  private readonly reservations: Record<string, Reservation>;
  readonly budget: BudgetConfig;

  constructor(
    private readonly props: Record<string, string>,
    private readonly now: number,
  ) {
    this.budget = readBudget(props);
    this.reservations = parse<Record<string, Reservation>>(props[RESERVATIONS_KEY], {});
    this.expireReservations();
  }

  counter(sheet?: string): Counter {
    const key = sheet === undefined ? SPREADSHEET_USAGE_KEY : SHEET_USAGE_PREFIX + sheet;
    if (!this.counters.has(key)) this.counters.set(key, { ...emptyCounter(), ...parse(this.props[key], {}) });
    return this.counters.get(key) as Counter;
  }

  sheetsWithUsage(): string[] {
    return Object.keys(this.props)
      .filter((k) => k.startsWith(SHEET_USAGE_PREFIX))
      .map((k) => k.slice(SHEET_USAGE_PREFIX.length));
  }

  /** Tokens left in a scope after usage and live reservations; Infinity when the scope has no limit. */
  remaining(sheet?: string): number {
    const limit = sheet === undefined ? this.budget.spreadsheet : this.budget.sheets[sheet];
    if (!limit) return Infinity;
    const reserved = Object.values(this.reservations)
      .filter((r) => sheet === undefined || r.sheet === sheet)
      .reduce((sum, r) => sum + r.tokens, 0);
    return limit.tokens - usedIn(this.counter(sheet), limit.period, this.now) - reserved;
  }

  /**
   * Reserves the longest prefix of `estimates` that fits both the spreadsheet's and the tab's
   * budget; returns how many fit and, when not all did, the refusal to show for the rest.
   */
  reserve(id: string, estimates: number[], sheet?: string): { allowed: number; refusal?: UserError } {
    const room = Math.min(this.remaining(), sheet === undefined ? Infinity : this.remaining(sheet));
    let allowed = 0;
    let tokens = 0;
    while (allowed < estimates.length && tokens + estimates[allowed] <= room) tokens += estimates[allowed++];
    if (tokens > 0) {
      this.reservations[id] = { tokens, sheet, until: this.now + RESERVATION_TTL_MS };
      this.dirty.add(RESERVATIONS_KEY);
    }
    if (allowed === estimates.length) return { allowed };
    return { allowed, refusal: this.refusal(sheet) };
  }

  private refusal(sheet?: string): UserError {
    const tabFull = sheet !== undefined && this.remaining(sheet) < this.remaining();
    const scopeSheet = tabFull ? sheet : undefined;
    const limit = (
      scopeSheet === undefined ? this.budget.spreadsheet : this.budget.sheets[scopeSheet]
    ) as Limit;
    return new UserError('budget_reached', {
      scope:
        scopeSheet === undefined
          ? { key: 'scope_spreadsheet' }
          : { key: 'scope_sheet', params: { sheet: scopeSheet } },
      used: usedIn(this.counter(scopeSheet), limit.period, this.now),
      budget: limit.tokens,
      period: { key: `period_${limit.period}` },
    });
  }

  /** Replaces a reservation by what the API reported. */
  settle(id: string, charge: Charge, sheet?: string): void {
    if (this.reservations[id]) {
      delete this.reservations[id];
      this.dirty.add(RESERVATIONS_KEY);
    }
    const unsettled = charge.unsettled ?? 0;
    if (charge.requests === 0 && charge.input + charge.output + unsettled === 0) return;
    for (const scope of sheet === undefined ? [undefined] : [undefined, sheet]) {
      const c = this.counter(scope);
      addTokens(c, charge.input + charge.output + unsettled, this.now);
      c.unsettled += unsettled;
      c.input += charge.input;
      c.cachedInput += charge.cachedInput ?? 0;
      c.output += charge.output;
      c.reasoning += charge.reasoning ?? 0;
      c.costUsd += charge.costUsd;
      c.unpricedTokens += charge.unpricedTokens ?? 0;
      c.requests += charge.requests;
      this.dirty.add(scope === undefined ? SPREADSHEET_USAGE_KEY : SHEET_USAGE_PREFIX + scope);
    }
  }

  private expireReservations(): void {
    for (const [id, r] of Object.entries(this.reservations)) {
      if (r.until > this.now) continue;
      delete this.reservations[id];
      this.dirty.add(RESERVATIONS_KEY);
      for (const scope of r.sheet === undefined ? [undefined] : [undefined, r.sheet]) {
        const c = this.counter(scope);
        addTokens(c, r.tokens, this.now);
        c.unsettled += r.tokens;
        this.dirty.add(scope === undefined ? SPREADSHEET_USAGE_KEY : SHEET_USAGE_PREFIX + scope);
      }
    }
  }

  changes(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of this.dirty) {
      if (key === RESERVATIONS_KEY) out[key] = JSON.stringify(this.reservations);
      else out[key] = JSON.stringify(this.counters.get(key));
    }
    return out;
  }
}
