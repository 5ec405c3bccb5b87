// The access rule's pure parts: who may decide, decisions kept pending until the owner is known, and
// budget requests checked whole.
import {
  budgetChanges,
  checkLimit,
  DEFAULT_BUDGET,
  HOLDER_KEY,
  Ledger,
  readBudget,
} from '../../src/budget/ledger';
import { instructionsChanges, readInstructions } from '../../src/engine/context';
import { UserError } from '../../src/i18n/messages';
import { jobStanding, ownerDecision, refuseInCell, requireOwner } from '../../src/settings/access';

const NOW = Date.UTC(2026, 11, 1, 12);
const SPREADSHEET = { kind: 'spreadsheet' } as const;
const limit = (tokens: number, setBy: string) => ({ tokens, usd: null, period: 'total' as const, setBy });

function keyOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof UserError ? e.key : `raw ${String(e)}`;
  }
}

test('a cell may run nothing but formulas; a page may', () => {
  expect(keyOf(() => refuseInCell('cell'))).toBe('not_in_cell');
  expect(keyOf(() => refuseInCell('page'))).toBeUndefined();
});

test('an owner-only action needs the known owner, and says why when nobody is known yet', () => {
  expect(keyOf(() => requireOwner('owner'))).toBeUndefined();
  expect(keyOf(() => requireOwner('editor'))).toBe('owner_only');
  expect(keyOf(() => requireOwner('unknown'))).toBe('owner_unknown');
});

test('an owner decision is confirmed for the owner, pending while nobody is known, refused for an editor', () => {
  expect(ownerDecision('owner')).toBe('confirmed');
  expect(ownerDecision('unknown')).toBe('pending');
  expect(keyOf(() => ownerDecision('editor'))).toBe('owner_only');
});

test('someone else’s job: the owner may cancel it; in a shared drive anyone (after a week); an unknown caller is an editor', () => {
  expect(jobStanding('owner', false)).toBe('owner');
  expect(jobStanding('editor', false)).toBe('editor');
  expect(jobStanding('unknown', false)).toBe('editor');
  expect(jobStanding('unknown', true)).toBe('shared-drive');
  expect(jobStanding('editor', true)).toBe('shared-drive');
});

test('budgets saved while nobody is known are kept per person; the holder’s apply once known, nobody else’s ever', () => {
  const byOwner = budgetChanges({}, limit(50_000, 'o'), undefined, 'o');
  const both = { ...byOwner, ...budgetChanges(byOwner, limit(1e12, 'e'), undefined, 'e') };
  expect(readBudget(both).spreadsheet).toEqual(DEFAULT_BUDGET); // a formula with nobody known
  expect(readBudget(both, 'o').spreadsheet.tokens).toBe(50_000); // each sees their own
  expect(readBudget(both, 'e').spreadsheet.tokens).toBe(1e12);
  const ownerKnown = { ...both, [HOLDER_KEY]: 'o' };
  expect(new Ledger(ownerKnown, NOW).limitOf(SPREADSHEET)?.tokens).toBe(50_000);
  expect(new Ledger(ownerKnown, NOW, undefined, 'e').limitOf(SPREADSHEET)?.tokens).toBe(50_000);
  const editorKnown = { ...both, [HOLDER_KEY]: 'x' };
  expect(new Ledger(editorKnown, NOW).limitOf(SPREADSHEET)).toEqual(DEFAULT_BUDGET);
});

test('the owner’s later budget replaces their pending one', () => {
  const pending = { ...budgetChanges({}, limit(50_000, 'o'), undefined, 'o'), [HOLDER_KEY]: 'o' };
  const changes = budgetChanges(pending, limit(7000, 'o'));
  expect(changes['budget:pending:o']).toBe('');
  expect(new Ledger({ ...pending, ...changes }, NOW).limitOf(SPREADSHEET)?.tokens).toBe(7000);
});

test('instructions saved while nobody is known wait for the first formula; the owner’s later ones replace them', () => {
  const props = {
    ...instructionsChanges({}, 'OWNER', 'o', true),
    ...instructionsChanges({}, 'EDITOR', 'e', true),
  };
  expect(readInstructions(props, undefined)).toBe('');
  expect(readInstructions(props, undefined, 'e')).toBe('EDITOR');
  expect(readInstructions(props, 'o')).toBe('OWNER');
  expect(readInstructions(props, 'o', 'e')).toBe('OWNER');
  const later = { ...props, ...instructionsChanges(props, 'LATER', 'o', false) };
  expect(readInstructions(later, 'o')).toBe('LATER');
  expect(readInstructions(later, 'x')).toBe('');
});

test.each([
  ['a text', 'x'],
  ['an empty object', {}],
  ['a grid', [[1, 2]]],
  ['null', null],
  ['tokens as text', { tokens: '5' }],
  ['negative tokens', { tokens: -1 }],
  ['an unknown field', { tokens: 1, who: 'me' }],
  ['an unknown period', { tokens: 1, period: 'weekly' }],
  ['dollars as an object', { usd: {} }],
  ['a date', new Date(0)],
])('a budget request that is %s is refused, never read as the default', (_what, input) => {
  expect(keyOf(() => checkLimit(input, 'o'))).toBe('budget_invalid');
});

test('a valid request: tokens and/or dollars, null removing one, the period defaulting to monthly', () => {
  expect(checkLimit({ tokens: 5000 }, 'o')).toEqual({
    tokens: 5000,
    usd: null,
    period: 'monthly',
    setBy: 'o',
  });
  expect(checkLimit({ tokens: null, usd: 2.5, period: 'daily', sheet: 'Tab' })).toEqual({
    tokens: null,
    usd: 2.5,
    period: 'daily',
  });
  expect(checkLimit({ tokens: null, usd: null })).toBeNull();
});
