// The budget and the usage ledger, kept in the spreadsheet's document properties.
//
// Properties have no atomic increment, so every change happens under the document lock as one
// read and one write. Before a call, its tokens are reserved against what is left; after it, the
// reservation is replaced by the usage the API reported. A reservation whose execution died
// without settling expires and is charged in full as "unsettled": the ledger may count more than
// was billed, never less.
//
// Admission uses an upper bound that holds for any text: UTF-8 bytes of the input (a byte-level BPE
// token is at least one byte) plus the output cap, and for a money budget that bound priced at the
// model's rates. So the spent total never passes a budget, whatever the texts and however many
// executions reserve at once; the cheaper estimate is what the sidebar shows as reserved.
//
// Budgets belong to the person whose key formulas spend (see settings/identity.ts): a limit saved
// by anyone else applies only while that person is not known here, and formulas or jobs paid with
// another key are counted on a line of their own that no budget includes.
import { isPlainRecord } from '../engine/values';
import { UserError } from '../i18n/messages';
import { UTC_CALENDAR, type Calendar } from '../platform/calendar';

export type Period = 'total' | 'monthly' | 'daily';
export const PERIODS: readonly Period[] = ['total', 'monthly', 'daily'];

export interface Limit {
  /** Tokens per period, or null for no token limit. */
  tokens: number | null;
  /** US dollars per period, or null for no money limit. */
  usd: number | null;
  period: Period;
  /** Identity hash of who saved it (absent for budgets saved before owners were told apart). */
  setBy?: string;
  /** A tab's name when its budget was saved (tabs are kept by id). */
  name?: string;
}

export interface BudgetConfig {
  spreadsheet: Limit;
  /** By the tab's sheet id. */
  sheets: Record<string, Limit>;
}

export interface Counter {
  total: number;
  input: number;
  /** Of `input`, served from OpenAI's prompt cache (priced lower). */
  cachedInput: number;
  /** Of `input`, written to the prompt cache (priced higher from GPT-5.6 on); absent in older records. */
  cacheWrite?: number;
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
  monthUsd: number;
  day: string;
  dayTokens: number;
  dayUsd: number;
  /** Tokens per day (in the spreadsheet's time zone), the last 31 days. */
  days: Record<string, number>;
  /** A tab's last known name. */
  name?: string;
}

interface Reservation {
  /** The estimate, shown as reserved. */
  tokens: number;
  /** An upper bound of the tokens the requests can bill. */
  bound: number;
  /** An upper bound of their cost; absent when the model has no known price. */
  usd?: number;
  sheet?: string;
  until: number;
}

export interface Charge {
  input: number;
  cachedInput?: number;
  cacheWrite?: number;
  output: number;
  reasoning?: number;
  costUsd: number;
  /** Tokens billed by a model with no known price (not in costUsd). */
  unpricedTokens?: number;
  requests: number;
  /** Estimated tokens of requests whose outcome is unknown (no response came back): maybe billed. */
  unsettled?: number;
}

/** What one request may cost at most. */
export interface RequestCost {
  /** The estimate (input estimate + output cap). */
  tokens: number;
  /** The bound (input bytes + output cap). */
  bound: number;
  /** The bound priced at the model's rates; undefined when the model has no known price. */
  usd?: number;
  /** The model, named when a budget in dollars cannot price it. */
  model?: string;
}

export { UTC_CALENDAR, type Calendar };

/** Who is spending: the person whose key formulas use (their budget applies), or someone else. */
export interface Spender {
  /** Identity hash of the caller, when known. */
  id?: string;
  /** Paid with the key formulas spend (the owner's). False: another person's own key. */
  holder: boolean;
}

export const DEFAULT_BUDGET: Limit = { tokens: 1_000_000, usd: null, period: 'monthly' };
/** Longer than any execution (6 minutes), so only a dead execution's reservation expires. */
const RESERVATION_TTL_MS = 7 * 60_000;
/**
 * A Batch API batch is billed as its requests run, within 24 hours of its creation (its
 * completion window), and collected when a page or trigger next looks: its reservation holds the
 * budget for the window and an hour besides.
 */
export const BATCH_RESERVATION_TTL_MS = 25 * 3600_000;
const HISTORY_DAYS = 31;

const BUDGET_KEY = 'budget';
const PENDING_BUDGET_PREFIX = 'budget:pending:';
const RESERVATIONS_KEY = 'u:reserved';
const SPREADSHEET_USAGE_KEY = 'u:*';
const OTHERS_USAGE_KEY = 'u:others';
const SHEET_USAGE_PREFIX = 'u:sheet:';
/** Who holds the key formulas spend, as formulas publish it (an identity hash). */
export const HOLDER_KEY = 'owner:holder';

/** The scope a counter or a limit belongs to. */
export type Scope = { kind: 'spreadsheet' } | { kind: 'sheet'; id: string } | { kind: 'others' };

function counterKey(scope: Scope): string {
  if (scope.kind === 'spreadsheet') return SPREADSHEET_USAGE_KEY;
  if (scope.kind === 'others') return OTHERS_USAGE_KEY;
  return SHEET_USAGE_PREFIX + scope.id;
}

function parse<T>(raw: string | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

/** A record keyed by user strings (tab ids, names): no inherited keys such as "constructor". */
function dictionary<T>(value: Record<string, T> | undefined): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, value ?? {});
}

function normalizeLimit(raw: Partial<Limit> | undefined): Limit | undefined {
  if (!raw) return undefined;
  const tokens = typeof raw.tokens === 'number' ? raw.tokens : null;
  const usd = typeof raw.usd === 'number' ? raw.usd : null;
  const period = PERIODS.includes(raw.period as Period) ? (raw.period as Period) : 'monthly';
  return { ...raw, tokens, usd, period };
}

/**
 * The budgets that apply. Budgets saved while nobody was known as the owner are kept per person
 * (`budget:pending:<id hash>`); once a formula shows who the owner is, the owner's pending budgets
 * apply from that formula on, and nobody else's ever do. `viewer` is whose pending budgets to show
 * while nobody is known (a page's report).
 */
export function readBudget(props: Record<string, string>, viewer?: string): BudgetConfig {
  const pendingOf = readHolder(props) ?? viewer;
  const raw = (pendingOf && props[PENDING_BUDGET_PREFIX + pendingOf]) || props[BUDGET_KEY];
  const parsed = parse<{ spreadsheet?: Partial<Limit>; sheets?: Record<string, Partial<Limit>> }>(raw, {});
  const sheets = dictionary<Limit>({});
  for (const [id, raw] of Object.entries(parsed.sheets ?? {})) {
    const limit = normalizeLimit(raw);
    if (limit) sheets[id] = limit;
  }
  return { spreadsheet: normalizeLimit(parsed.spreadsheet) ?? DEFAULT_BUDGET, sheets };
}

export function readHolder(props: Record<string, string>): string | undefined {
  return props[HOLDER_KEY] || undefined;
}

/** A limit binds when its author is the key's holder, or nobody is known to hold it yet. */
export function binds(limit: Limit, holder: string | undefined): boolean {
  return !holder || limit.setBy === undefined || limit.setBy === holder;
}

/**
 * The owner's change (the known owner's budgets, which also replace any still pending), or with
 * `pendingFor` a change kept apart for that person until a formula shows who the owner is.
 */
export function budgetChanges(
  props: Record<string, string>,
  limit: Limit | null,
  sheet?: { id: string; name?: string },
  pendingFor?: string,
): Record<string, string> {
  const config = readBudget(props, pendingFor);
  if (sheet === undefined) config.spreadsheet = limit ?? DEFAULT_BUDGET;
  else if (limit) config.sheets[sheet.id] = { ...limit, ...(sheet.name ? { name: sheet.name } : {}) };
  else delete config.sheets[sheet.id];
  const value = JSON.stringify({ spreadsheet: config.spreadsheet, sheets: { ...config.sheets } });
  if (pendingFor) return { [PENDING_BUDGET_PREFIX + pendingFor]: value };
  const holder = readHolder(props);
  const pending = holder ? PENDING_BUDGET_PREFIX + holder : '';
  return { [BUDGET_KEY]: value, ...(pending && props[pending] ? { [pending]: '' } : {}) };
}

const BUDGET_FIELDS = new Set(['tokens', 'usd', 'period', 'sheet', 'sheetId']);

/**
 * A budget request checked whole: a plain object of only the known fields, with `tokens` and/or
 * `usd` given (null removes that limit), each a number in range, and a known period. Anything else
 * (a text, a range of cells, `{}`) is refused, never read as "the default".
 */
export function checkLimit(input: unknown, setBy?: string): Limit | null {
  if (!isPlainRecord(input) || Object.keys(input).some((k) => !BUDGET_FIELDS.has(k))) {
    throw new UserError('budget_invalid');
  }
  const { tokens, usd, period } = input;
  if (tokens === undefined && usd === undefined) throw new UserError('budget_invalid');
  const t = tokens ?? null;
  const u = usd ?? null;
  const p = period ?? 'monthly';
  const badTokens = t !== null && !(typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= 1e12);
  const badUsd = u !== null && !(typeof u === 'number' && Number.isFinite(u) && u >= 0 && u <= 1e6);
  if (badTokens || badUsd || !PERIODS.includes(p as Period)) throw new UserError('budget_invalid');
  if (t === null && u === null) return null;
  return {
    tokens: t as number | null,
    usd: u as number | null,
    period: p as Period,
    ...(setBy ? { setBy } : {}),
  };
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
    monthUsd: 0,
    day: '',
    dayTokens: 0,
    dayUsd: 0,
    days: {},
  };
}

export interface PeriodUse {
  tokens: number;
  usd: number;
}

export function usedIn(
  counter: Counter,
  period: Period,
  now: number,
  calendar: Calendar = UTC_CALENDAR,
): PeriodUse {
  if (period === 'total') return { tokens: counter.total, usd: counter.costUsd };
  if (period === 'monthly') {
    const current = counter.month === calendar.month(now);
    return { tokens: current ? counter.monthTokens : 0, usd: current ? counter.monthUsd : 0 };
  }
  const today = counter.day === calendar.day(now);
  return { tokens: today ? counter.dayTokens : 0, usd: today ? counter.dayUsd : 0 };
}

/** A number the ledger may add: a finite amount of at least 0 (anything else adds nothing). */
function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * A stored counter, with every number checked: a field that is not a finite amount (text or a
 * negative number written by a version that trusted a server's usage) reads as 0, so one bad value
 * cannot turn every later sum into text.
 */
function readCounter(raw: string | undefined): Counter {
  const stored = parse<Record<string, unknown>>(raw, {});
  const counter = emptyCounter();
  for (const field of Object.keys(counter) as Array<keyof Counter>) {
    const value = stored[field];
    if (typeof counter[field] === 'number')
      (counter as unknown as Record<string, number>)[field] = amount(value);
    else if (typeof counter[field] === 'string' && typeof value === 'string')
      (counter as unknown as Record<string, string>)[field] = value;
  }
  const days = stored.days && typeof stored.days === 'object' ? (stored.days as Record<string, unknown>) : {};
  for (const [day, tokens] of Object.entries(days)) counter.days[day] = amount(tokens);
  if (typeof stored.name === 'string') counter.name = stored.name;
  if (amount(stored.cacheWrite)) counter.cacheWrite = amount(stored.cacheWrite);
  return counter;
}

function add(counter: Counter, rawTokens: number, rawUsd: number, now: number, calendar: Calendar): void {
  const tokens = amount(rawTokens);
  const usd = amount(rawUsd);
  const month = calendar.month(now);
  const day = calendar.day(now);
  if (counter.month !== month) [counter.month, counter.monthTokens, counter.monthUsd] = [month, 0, 0];
  if (counter.day !== day) [counter.day, counter.dayTokens, counter.dayUsd] = [day, 0, 0];
  counter.total += tokens;
  counter.monthTokens += tokens;
  counter.dayTokens += tokens;
  counter.monthUsd += usd;
  counter.dayUsd += usd;
  counter.days[day] = (counter.days[day] ?? 0) + tokens;
  const keep = Object.keys(counter.days).sort().slice(-HISTORY_DAYS);
  counter.days = Object.fromEntries(keep.map((d) => [d, counter.days[d]]));
}

/** The ledger as read from properties once, changed in memory, and written back as changes(). */
export class Ledger {
  private readonly dirty = new Set<string>();
  private readonly counters = new Map<string, Counter>();
  private readonly reservations: Record<string, Reservation>;
  readonly budget: BudgetConfig;
  readonly holder: string | undefined;

  constructor(
    private readonly props: Record<string, string>,
    private readonly now: number,
    readonly calendar: Calendar = UTC_CALENDAR,
    viewer?: string,
  ) {
    this.budget = readBudget(props, viewer);
    this.holder = readHolder(props);
    this.reservations = dictionary(parse<Record<string, Reservation>>(props[RESERVATIONS_KEY], {}));
    this.expireReservations();
  }

  counter(scope: Scope): Counter {
    const key = counterKey(scope);
    if (!this.counters.has(key)) this.counters.set(key, readCounter(this.props[key]));
    return this.counters.get(key) as Counter;
  }

  /** Tab ids with a usage line. */
  sheetsWithUsage(): string[] {
    return Object.keys(this.props)
      .filter((k) => k.startsWith(SHEET_USAGE_PREFIX))
      .map((k) => k.slice(SHEET_USAGE_PREFIX.length));
  }

  /** The limit that applies to a scope (a limit saved by someone other than the holder does not). */
  limitOf(scope: Scope): Limit | undefined {
    if (scope.kind === 'others') return undefined;
    const limit = scope.kind === 'spreadsheet' ? this.budget.spreadsheet : this.budget.sheets[scope.id];
    if (!limit) return undefined;
    if (binds(limit, this.holder)) return limit;
    return scope.kind === 'spreadsheet' ? DEFAULT_BUDGET : undefined;
  }

  private live(scope: Scope): Reservation[] {
    return Object.values(this.reservations).filter(
      (r) => scope.kind === 'spreadsheet' || r.sheet === scopeId(scope),
    );
  }

  /** Tokens left in a scope after usage and the estimates reserved; Infinity without a token limit. */
  remaining(scope: Scope): number {
    const limit = this.limitOf(scope);
    if (!limit || limit.tokens === null) return Infinity;
    const reserved = this.live(scope).reduce((sum, r) => sum + r.tokens, 0);
    return (
      limit.tokens - usedIn(this.counter(scope), limit.period, this.now, this.calendar).tokens - reserved
    );
  }

  /** Dollars left in a scope after usage and reservations; Infinity without a money limit. */
  remainingUsd(scope: Scope): number {
    const limit = this.limitOf(scope);
    if (!limit || limit.usd === null) return Infinity;
    const reserved = this.live(scope).reduce((sum, r) => sum + (r.usd ?? 0), 0);
    return limit.usd - usedIn(this.counter(scope), limit.period, this.now, this.calendar).usd - reserved;
  }

  /** Room for new bounds: what the limit allows minus usage and the bounds already reserved. */
  private room(scope: Scope): { tokens: number; usd: number } {
    const limit = this.limitOf(scope);
    if (!limit) return { tokens: Infinity, usd: Infinity };
    const used = usedIn(this.counter(scope), limit.period, this.now, this.calendar);
    const live = this.live(scope);
    return {
      tokens:
        limit.tokens === null ? Infinity : limit.tokens - used.tokens - live.reduce((n, r) => n + r.bound, 0),
      usd: limit.usd === null ? Infinity : limit.usd - used.usd - live.reduce((n, r) => n + (r.usd ?? 0), 0),
    };
  }

  /**
   * Reserves the longest prefix of `requests` whose bounds fit both the spreadsheet's and the tab's
   * budget; returns how many fit and, when not all did, the refusal to show for the rest. Spending
   * with someone else's key reserves nothing against the holder's budgets.
   */
  reserve(
    id: string,
    requests: RequestCost[],
    sheet: string | undefined,
    spender: Spender = { holder: true },
    ttlMs: number = RESERVATION_TTL_MS,
  ): { allowed: number; refusal?: UserError } {
    const scopes = this.scopesOf(sheet, spender);
    const rooms = scopes.map((s) => this.room(s));
    const needsPrice = this.needsPrice(scopes);
    const { allowed, total } = this.admitted(requests, rooms, needsPrice);
    if (allowed > 0) {
      this.reservations[id] = {
        tokens: total.tokens,
        bound: total.bound,
        ...(requests.slice(0, allowed).every((r) => r.usd !== undefined) ? { usd: total.usd } : {}),
        sheet: spender.holder ? sheet : undefined,
        until: this.now + ttlMs,
      };
      this.dirty.add(RESERVATIONS_KEY);
    }
    if (allowed === requests.length) return { allowed };
    if (needsPrice && requests[allowed]?.usd === undefined)
      return {
        allowed,
        refusal: new UserError('budget_needs_price', { model: requests[allowed].model ?? '?' }),
      };
    return {
      allowed,
      refusal: this.refusal(
        scopes,
        scopes.map((s) => this.room(s)),
        requests[allowed],
      ),
    };
  }

  private scopesOf(sheet: string | undefined, spender: Spender): Scope[] {
    return spender.holder
      ? [{ kind: 'spreadsheet' }, ...(sheet === undefined ? [] : [{ kind: 'sheet', id: sheet } as Scope])]
      : [];
  }

  private needsPrice(scopes: Scope[]): boolean {
    return scopes.some((s) => this.limitOf(s)?.usd !== null && this.limitOf(s) !== undefined);
  }

  /** How many of `requests`, in order, fit the rooms together. */
  private admitted(
    requests: RequestCost[],
    rooms: Array<{ tokens: number; usd: number }>,
    needsPrice: boolean,
  ): { allowed: number; total: { tokens: number; bound: number; usd: number } } {
    let allowed = 0;
    const total = { tokens: 0, bound: 0, usd: 0 };
    for (const r of requests) {
      if (needsPrice && r.usd === undefined) break;
      const fits = rooms.every(
        (room) => total.bound + r.bound <= room.tokens && total.usd + (r.usd ?? 0) <= room.usd,
      );
      if (!fits) break;
      total.tokens += r.tokens;
      total.bound += r.bound;
      total.usd += r.usd ?? 0;
      allowed++;
    }
    return { allowed, total };
  }

  /** Whether all of `requests` would be admitted now (nothing is reserved). */
  fits(requests: RequestCost[], sheet: string | undefined, spender: Spender = { holder: true }): boolean {
    const scopes = this.scopesOf(sheet, spender);
    const rooms = scopes.map((s) => this.room(s));
    return this.admitted(requests, rooms, this.needsPrice(scopes)).allowed === requests.length;
  }

  /** The refusal for a request that does not fit, after `reserved` were admitted for this caller. */
  refusalFor(
    next: RequestCost,
    sheet: string | undefined,
    spender: Spender = { holder: true },
    model?: string,
  ): UserError {
    const scopes = this.scopesOf(sheet, spender);
    if (this.needsPrice(scopes) && next.usd === undefined)
      return new UserError('budget_needs_price', { model: next.model ?? model ?? '?' });
    return this.refusal(
      scopes,
      scopes.map((s) => this.room(s)),
      next,
    );
  }

  private refusal(
    scopes: Scope[],
    rooms: Array<{ tokens: number; usd: number }>,
    next: RequestCost,
  ): UserError {
    const i = Math.max(
      0,
      scopes.findIndex((_, k) => rooms[k].tokens < next.bound || rooms[k].usd < (next.usd ?? 0)),
    );
    const scope = scopes[i];
    const limit = this.limitOf(scope) as Limit;
    const used = usedIn(this.counter(scope), limit.period, this.now, this.calendar);
    const where =
      scope.kind === 'sheet'
        ? { key: 'scope_sheet' as const, params: { sheet: this.sheetName(scope.id) } }
        : { key: 'scope_spreadsheet' as const };
    const period = { key: `period_${limit.period}` as const };
    // A budget in dollars only has no token figure to show: it can only have been passed in dollars.
    const byMoney = limit.usd !== null && (rooms[i].usd < (next.usd ?? 0) || limit.tokens === null);
    if (byMoney) {
      const budget = limit.usd as number;
      if (used.usd >= budget)
        return new UserError(used.usd > budget ? 'budget_lowered_usd' : 'budget_reached_usd', {
          scope: where,
          used: { usd: used.usd },
          budget: { usd: budget },
          period,
        });
      // Not used up: say what is left and what this request could cost, which is the truth.
      return new UserError('budget_short_usd', {
        scope: where,
        used: { usd: used.usd },
        budget: { usd: budget },
        left: { usd: Math.max(0, rooms[i].usd) },
        reserved: { usd: Math.max(0, budget - used.usd - Math.max(0, rooms[i].usd)) },
        need: { usd: next.usd ?? 0 },
        period,
      });
    }
    const budget = limit.tokens as number;
    if (used.tokens >= budget)
      return new UserError(used.tokens > budget ? 'budget_lowered' : 'budget_reached', {
        scope: where,
        used: used.tokens,
        budget,
        period,
      });
    return new UserError('budget_short', {
      scope: where,
      used: used.tokens,
      budget,
      left: Math.max(0, rooms[i].tokens),
      reserved: Math.max(0, budget - used.tokens - Math.max(0, rooms[i].tokens)),
      need: next.bound,
      period,
    });
  }

  private sheetName(id: string): string {
    return this.budget.sheets[id]?.name ?? this.counter({ kind: 'sheet', id }).name ?? id;
  }

  /** Whether a reservation is still live (not settled, not expired and charged as unsettled). */
  isReserved(id: string): boolean {
    return this.reservations[id] !== undefined;
  }

  /** Replaces a reservation by what the API reported. */
  settle(
    id: string,
    charge: Charge,
    sheet: { id: string; name?: string } | undefined,
    spender: Spender = { holder: true },
  ): void {
    if (this.reservations[id]) {
      delete this.reservations[id];
      this.dirty.add(RESERVATIONS_KEY);
    }
    const unsettled = charge.unsettled ?? 0;
    if (charge.requests === 0 && charge.input + charge.output + unsettled === 0) return;
    const scopes: Scope[] = spender.holder
      ? [{ kind: 'spreadsheet' }, ...(sheet ? [{ kind: 'sheet', id: sheet.id } as Scope] : [])]
      : [{ kind: 'others' }];
    for (const scope of scopes) {
      const c = this.counter(scope);
      add(
        c,
        amount(charge.input) + amount(charge.output) + amount(unsettled),
        charge.costUsd,
        this.now,
        this.calendar,
      );
      c.unsettled += amount(unsettled);
      c.input += amount(charge.input);
      c.cachedInput += amount(charge.cachedInput);
      if (amount(charge.cacheWrite)) c.cacheWrite = (c.cacheWrite ?? 0) + amount(charge.cacheWrite);
      c.output += amount(charge.output);
      c.reasoning += amount(charge.reasoning);
      c.costUsd += amount(charge.costUsd);
      c.unpricedTokens += amount(charge.unpricedTokens);
      c.requests += amount(charge.requests);
      if (scope.kind === 'sheet' && sheet?.name) c.name = sheet.name;
      this.dirty.add(counterKey(scope));
    }
  }

  private expireReservations(): void {
    for (const [id, r] of Object.entries(this.reservations)) {
      if (r.until > this.now) continue;
      delete this.reservations[id];
      this.dirty.add(RESERVATIONS_KEY);
      const scopes: Scope[] = [
        { kind: 'spreadsheet' },
        ...(r.sheet ? [{ kind: 'sheet', id: r.sheet } as Scope] : []),
      ];
      for (const scope of scopes) {
        const c = this.counter(scope);
        add(c, r.tokens, r.usd ?? 0, this.now, this.calendar);
        c.unsettled += r.tokens;
        c.costUsd += r.usd ?? 0;
        this.dirty.add(counterKey(scope));
      }
    }
  }

  changes(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of this.dirty) {
      if (key === RESERVATIONS_KEY) out[key] = JSON.stringify({ ...this.reservations });
      else out[key] = JSON.stringify(this.counters.get(key));
    }
    return out;
  }
}

function scopeId(scope: Scope): string | undefined {
  return scope.kind === 'sheet' ? scope.id : undefined;
}
