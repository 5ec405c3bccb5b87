import { budgetChanges, Ledger, DEFAULT_BUDGET } from '../../src/budget/ledger';
import { usageReport } from '../../src/budget/usage';

const NOW = Date.UTC(2026, 10, 23, 12);
const charge = (input: number, output: number) => ({ input, output, costUsd: 0.001, requests: 1 });

function withBudget(tokens: number, sheet?: string, period: 'total' | 'monthly' | 'daily' = 'total') {
  return budgetChanges({}, { tokens, period }, sheet);
}

test('without a budget set, the spreadsheet has the default monthly budget', () => {
  expect(new Ledger({}, NOW).budget.spreadsheet).toEqual(DEFAULT_BUDGET);
});

test('a reservation counts against what is left until it is settled with the real usage', () => {
  const props = withBudget(1000);
  const ledger = new Ledger(props, NOW);
  expect(ledger.reserve('r1', [300, 300], undefined)).toEqual({ allowed: 2 });
  expect(ledger.remaining()).toBe(400);
  ledger.settle('r1', charge(100, 20), undefined);
  expect(ledger.remaining()).toBe(880);
});

test('only the requests that fit are allowed, and the rest get the budget message', () => {
  const ledger = new Ledger(withBudget(500), NOW);
  const r = ledger.reserve('r1', [200, 200, 200], undefined);
  expect(r.allowed).toBe(2);
  expect(r.refusal?.key).toBe('budget_reached');
  expect(r.refusal?.render('ja')).toContain('このスプレッドシート');
});

test('a tab budget limits that tab and the message names it', () => {
  const props = {
    ...withBudget(100000),
    ...budgetChanges(withBudget(100000), { tokens: 50, period: 'daily' }, 'Reviews'),
  };
  const ledger = new Ledger(props, NOW);
  const r = ledger.reserve('r1', [80], 'Reviews');
  expect(r.allowed).toBe(0);
  expect(r.refusal?.render('en')).toContain('the tab "Reviews"');
  expect(r.refusal?.render('en')).toContain('today');
  expect(ledger.reserve('r2', [80], 'Other').allowed).toBe(1);
});

test('settled usage is written and read back through properties, per scope', () => {
  const props: Record<string, string> = withBudget(10000);
  const ledger = new Ledger(props, NOW);
  ledger.reserve('r1', [500], 'Reviews');
  ledger.settle('r1', charge(120, 30), 'Reviews');
  Object.assign(props, ledger.changes());
  const report = usageReport(props, NOW, ['Reviews', 'Sheet1']);
  expect(report.spreadsheet).toMatchObject({
    used: 150,
    remaining: 9850,
    inputTokens: 120,
    outputTokens: 30,
    requests: 1,
  });
  expect(report.sheets.find((s) => s.sheet === 'Reviews')).toMatchObject({ used: 150, limit: null });
  expect(report.sheets.map((s) => s.sheet)).toEqual(['Reviews', 'Sheet1']);
});

test('monthly and daily budgets start afresh in a new period', () => {
  const props: Record<string, string> = withBudget(1000, undefined, 'daily');
  const ledger = new Ledger(props, NOW);
  ledger.settle('', charge(600, 0), undefined);
  Object.assign(props, ledger.changes());
  expect(new Ledger(props, NOW).remaining()).toBe(400);
  expect(new Ledger(props, NOW + 86_400_000).remaining()).toBe(1000);
});

test('a reservation left by an execution that died is charged in full as unsettled when it expires', () => {
  const props: Record<string, string> = withBudget(1000);
  const ledger = new Ledger(props, NOW);
  ledger.reserve('dead', [300], undefined);
  Object.assign(props, ledger.changes());
  const later = new Ledger(props, NOW + 8 * 60_000);
  expect(later.remaining()).toBe(700);
  expect(later.counter().unsettled).toBe(300);
});
