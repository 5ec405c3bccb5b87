import { budgetChanges, DEFAULT_BUDGET, HOLDER_KEY, Ledger, type Limit } from '../../src/budget/ledger';
import { usageReport, warningsFor, type UsageContext } from '../../src/budget/usage';
import { calendarFromOffset, UTC_CALENDAR } from '../../src/platform/calendar';

const NOW = Date.UTC(2026, 10, 23, 12);
const charge = (input: number, output: number, costUsd = 0.001) => ({ input, output, costUsd, requests: 1 });
const req = (tokens: number, bound = tokens, usd?: number) => ({
  tokens,
  bound,
  ...(usd === undefined ? {} : { usd }),
});
const SPREADSHEET = { kind: 'spreadsheet' } as const;

function limit(tokens: number | null, period: Limit['period'] = 'total', usd: number | null = null): Limit {
  return { tokens, usd, period };
}

function withBudget(tokens: number, sheet?: string, period: Limit['period'] = 'total') {
  return budgetChanges({}, limit(tokens, period), sheet ? { id: sheet } : undefined);
}

const ctx = (props: Record<string, string>, extra: Partial<UsageContext> = {}) =>
  usageReport(props, { now: NOW, tabs: [], calendar: UTC_CALENDAR, role: 'owner', ...extra });

test('without a budget set, the spreadsheet has the default monthly budget', () => {
  expect(new Ledger({}, NOW).budget.spreadsheet).toEqual(DEFAULT_BUDGET);
});

test('a reservation counts against what is left until it is settled with the real usage', () => {
  const ledger = new Ledger(withBudget(1000), NOW);
  expect(ledger.reserve('r1', [req(300), req(300)], undefined)).toEqual({ allowed: 2 });
  expect(ledger.remaining(SPREADSHEET)).toBe(400);
  ledger.settle('r1', charge(100, 20), undefined);
  expect(ledger.remaining(SPREADSHEET)).toBe(880);
});

test('admission uses the bound, so dense text that tokenizes above the estimate cannot pass the budget', () => {
  const ledger = new Ledger(withBudget(1000), NOW);
  // Estimated 300 each, but up to 450 each: only two bounds fit in 1,000.
  const r = ledger.reserve('r1', [req(300, 450), req(300, 450), req(300, 450)], undefined);
  expect(r.allowed).toBe(2);
  // Not used up: the refusal says what the request could need and what is left, which is the truth.
  expect(r.refusal?.key).toBe('budget_short');
  expect(r.refusal?.params).toMatchObject({ need: 450, left: 100, used: 0, reserved: 900 });
  expect(r.refusal?.render('ja')).toContain('このスプレッドシート');
});

test('live reservations’ bounds count for executions that reserve at the same time', () => {
  const props = withBudget(1000);
  const first = new Ledger(props, NOW);
  first.reserve('a', [req(100, 600)], undefined);
  Object.assign(props, first.changes());
  expect(new Ledger(props, NOW).reserve('b', [req(100, 600)], undefined).allowed).toBe(0);
});

test('a tab budget limits that tab, by its id, and the message names the tab', () => {
  const props = {
    ...withBudget(100000),
    ...budgetChanges(withBudget(100000), limit(50, 'daily'), { id: '42', name: 'Reviews' }),
  };
  const ledger = new Ledger(props, NOW);
  const r = ledger.reserve('r1', [req(80)], '42');
  expect(r.allowed).toBe(0);
  expect(r.refusal?.render('en')).toContain('the tab "Reviews"');
  expect(r.refusal?.render('en')).toContain('today');
  expect(ledger.reserve('r2', [req(80)], '7').allowed).toBe(1);
});

test('a tab named like a built-in property is an ordinary tab', () => {
  const props = budgetChanges({}, limit(10), { id: 'constructor', name: 'constructor' });
  const ledger = new Ledger(props, NOW);
  expect(ledger.reserve('r', [req(20)], 'constructor').allowed).toBe(0);
  expect(new Ledger({}, NOW).reserve('r', [req(20)], 'toString').allowed).toBe(1);
});

test('a money budget prices the bound and refuses a model with no known price', () => {
  const props = budgetChanges({}, limit(null, 'monthly', 0.01), undefined);
  const ledger = new Ledger(props, NOW);
  expect(
    ledger.reserve('a', [req(100, 100, 0.004), req(100, 100, 0.004), req(100, 100, 0.004)], undefined)
      .allowed,
  ).toBe(2);
  const unpriced = ledger.reserve('b', [req(10, 10)], undefined);
  expect(unpriced).toMatchObject({ allowed: 0, refusal: { key: 'budget_needs_price' } });
  ledger.settle('a', charge(100, 100, 0.009), undefined);
  const refused = ledger.reserve('c', [req(10, 10, 0.002)], undefined);
  expect(refused.refusal?.render('en')).toMatch(
    /could cost up to \$0\.0020, but the money budget of this spreadsheet \(\$0\.0100, this month\) has \$0\.0010 left: \$0\.0090 spent/,
  );
});

test('a budget lowered below what was used says so, with thousands separators', () => {
  const props = withBudget(1);
  const ledger = new Ledger(props, NOW);
  ledger.settle('', charge(3000, 730), undefined);
  const r = ledger.reserve('r', [req(10)], undefined);
  expect(r.refusal?.render('en')).toMatch(
    /was lowered to 1 tokens \(in total\) after 3,730 had already been used/,
  );
  expect(r.refusal?.render('ja')).toMatch(/すでに 3,730 トークン使われた後で 1 トークン/);
});

test('spending with someone else’s key reserves nothing against the owner’s budget and is counted apart', () => {
  const props = withBudget(100);
  const ledger = new Ledger(props, NOW);
  expect(ledger.reserve('e', [req(500)], '42', { holder: false }).allowed).toBe(1);
  ledger.settle('e', charge(400, 100), { id: '42' }, { holder: false });
  expect(ledger.counter({ kind: 'others' }).total).toBe(500);
  expect(ledger.counter(SPREADSHEET).total).toBe(0);
  expect(ledger.remaining(SPREADSHEET)).toBe(100);
});

test('a budget saved by someone other than the owner does not apply once the owner is known', () => {
  const byEditor = budgetChanges({}, { ...limit(1e12), setBy: 'editor' }, undefined);
  expect(new Ledger(byEditor, NOW).limitOf(SPREADSHEET)?.tokens).toBe(1e12); // nobody known yet
  const known = { ...byEditor, [HOLDER_KEY]: 'owner' };
  expect(new Ledger(known, NOW).limitOf(SPREADSHEET)).toEqual(DEFAULT_BUDGET);
  expect(ctx(known).spreadsheet.limitIgnored).toBe(true);
  const byOwner = { ...budgetChanges(known, { ...limit(5000), setBy: 'owner' }, undefined) };
  expect(new Ledger(byOwner, NOW).limitOf(SPREADSHEET)?.tokens).toBe(5000);
});

test('settled usage is written and read back through properties, per tab id, a deleted tab included', () => {
  const props: Record<string, string> = withBudget(10000);
  const ledger = new Ledger(props, NOW);
  ledger.reserve('r1', [req(500)], '42');
  ledger.settle('r1', charge(120, 30), { id: '42', name: 'Reviews' });
  Object.assign(props, ledger.changes());
  const report = ctx(props, { tabs: [{ id: '7', name: 'Sheet1' }] });
  expect(report.spreadsheet).toMatchObject({
    used: 150,
    remaining: 9850,
    inputTokens: 120,
    outputTokens: 30,
    requests: 1,
  });
  expect(report.sheets.map((s) => [s.sheet, s.sheetId, s.exists])).toEqual([
    ['Sheet1', '7', true],
    ['Reviews', '42', false],
  ]);
});

test('monthly and daily budgets start afresh in a new period', () => {
  const props: Record<string, string> = withBudget(1000, undefined, 'daily');
  const ledger = new Ledger(props, NOW);
  ledger.settle('', charge(600, 0), undefined);
  Object.assign(props, ledger.changes());
  expect(new Ledger(props, NOW).remaining(SPREADSHEET)).toBe(400);
  expect(new Ledger(props, NOW + 86_400_000).remaining(SPREADSHEET)).toBe(1000);
});

test('a daily budget starts again at midnight in the spreadsheet’s time zone, not in UTC', () => {
  const tokyo = calendarFromOffset(() => 9 * 3_600_000);
  const at = (hh: number, mm: number, day = 5) => Date.UTC(2026, 0, day, hh, mm) - 9 * 3_600_000;
  const props: Record<string, string> = withBudget(1000, undefined, 'daily');
  const ledger = new Ledger(props, at(23, 40), tokyo);
  ledger.settle('', charge(600, 0), undefined);
  Object.assign(props, ledger.changes());
  expect(new Ledger(props, at(23, 59), tokyo).remaining(SPREADSHEET)).toBe(400);
  expect(new Ledger(props, at(0, 20, 6), tokyo).remaining(SPREADSHEET)).toBe(1000);
  expect(tokyo.nextDay(at(23, 40))).toBe(at(0, 0, 6));
  expect(tokyo.nextMonth(at(23, 40))).toBe(Date.UTC(2026, 1, 1) - 9 * 3_600_000);
});

test('a reservation left by an execution that died is charged in full as unsettled when it expires', () => {
  const props: Record<string, string> = withBudget(1000);
  const ledger = new Ledger(props, NOW);
  ledger.reserve('dead', [req(300)], undefined);
  Object.assign(props, ledger.changes());
  const later = new Ledger(props, NOW + 8 * 60_000);
  expect(later.remaining(SPREADSHEET)).toBe(700);
  expect(later.counter(SPREADSHEET).unsettled).toBe(300);
});

test('the last 30 days are kept per day, and a day five times the usual or a budget 80 % spent warns', () => {
  const props: Record<string, string> = withBudget(10000);
  for (let d = 10; d >= 1; d--) {
    const ledger = new Ledger(props, NOW - d * 86_400_000);
    ledger.settle('', charge(100, 0), { id: '7' });
    Object.assign(props, ledger.changes());
  }
  const today = new Ledger(props, NOW);
  today.settle('', charge(900, 0), { id: '7' });
  Object.assign(props, today.changes());
  const report = ctx(props, { tabs: [{ id: '7', name: 'Sheet1' }] });
  expect(report.spreadsheet.days).toHaveLength(30);
  expect(report.spreadsheet.days.slice(-3)).toEqual([
    { day: '2026-11-21', tokens: 100 },
    { day: '2026-11-22', tokens: 100 },
    { day: '2026-11-23', tokens: 900 },
  ]);
  expect(report.spreadsheet.warnings).toEqual(['spike']);
  expect(warningsFor({ used: 8000, usedUsd: 0, days: [] }, limit(10000))).toEqual(['near_limit']);
  expect(warningsFor({ used: 7999, usedUsd: 0, days: [] }, limit(10000))).toEqual([]);
});

test('a dollar-only budget passed by the sum of requests that each fit says so in dollars (it used to fail rendering a null token budget)', () => {
  const ledger = new Ledger(budgetChanges({}, limit(null, 'monthly', 0.01)), NOW);
  const r = ledger.reserve(
    'r1',
    [req(100, 100, 0.004), req(100, 100, 0.004), req(100, 100, 0.004)],
    undefined,
  );
  expect(r.allowed).toBe(2);
  // Nothing is used yet: the refusal says what the third could cost and what the first two hold.
  expect(r.refusal?.key).toBe('budget_short_usd');
  expect(() => r.refusal?.render('en')).not.toThrow();
  expect(r.refusal?.render('en')).toMatch(/up to \$0\.0040.*\(\$0\.0100, this month\) has \$0\.0020 left/);
});
