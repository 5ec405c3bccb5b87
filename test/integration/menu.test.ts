// The add-on menu and what its items do, through the built bundle.
import { column, saveKey, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: column('Text', ['good', 'bad', 'fine']) } } });
});
afterEach(() => h.close());

const CAPTIONS = [
  'Settings: key, model, budget',
  'Process a column…',
  'Evaluate a task…',
  'Refresh failed cells',
  'Replace selected formulas with values',
  'Help',
];

test('onOpen in AuthMode.NONE builds the menu without touching any other service', async () => {
  const result = await h.emu.run('onOpen', [], { authMode: 'NONE', event: { authMode: 'NONE' } });
  expect(result.error).toBeUndefined();
  const items = h.emu.ui.menus[0].items.filter((i) => i !== 'separator') as Array<{
    caption: string;
    fn: string;
  }>;
  expect(items.map((i) => i.caption)).toEqual(CAPTIONS);
  for (const { fn } of items) expect(typeof fn).toBe('string');
});

test('onInstall adds the menu too, in Japanese for a Japanese user', async () => {
  await h.emu.run('onInstall', [], { locale: 'ja', event: { authMode: 'FULL' } });
  const items = h.emu.ui.menus[0].items.filter((i) => i !== 'separator') as Array<{ caption: string }>;
  expect(items[0].caption).toBe('設定（キー・モデル・予算）');
});

test('every menu item names a function the bundle exposes', async () => {
  await h.emu.run('onOpen', [], { event: { authMode: 'FULL' } });
  const fns = (h.emu.ui.menus[0].items.filter((i) => i !== 'separator') as Array<{ fn: string }>).map(
    (i) => i.fn,
  );
  expect(fns).toEqual([
    'showSettings',
    'showColumnJob',
    'showEvaluation',
    'refreshFailedCells',
    'replaceFormulasWithValues',
    'showHelp',
  ]);
  for (const fn of ['showSettings', 'showColumnJob', 'showEvaluation', 'showHelp']) {
    const result = await h.emu.run(fn);
    expect({ fn, error: result.error }).toEqual({ fn, error: undefined });
  }
  expect(h.emu.ui.sidebars).toHaveLength(1);
  expect(h.emu.ui.dialogs).toHaveLength(2);
  expect(h.emu.ui.alerts[0]).toMatch(/=GPT_SENTIMENT/);
});

test('Refresh failed cells re-enters only the GPT formulas that show an error', async () => {
  await saveKey(h.emu);
  await h.stub.configure({ faults: [{ kind: 'server_error', count: 3 }] });
  await h.emu.evaluate('Sheet1', 'B2', '=GPT_SENTIMENT(A2)');
  await h.stub.configure({ faults: [] });
  await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A3)');
  expect(h.emu.sheet('Sheet1').getValues('B2:C2')).toEqual([['#ERROR!', 'negative']]);
  const result = await h.emu.run('refreshFailedCells', [], { callingCell: { sheet: 'Sheet1', a1: 'A1' } });
  expect(result.error).toBeUndefined();
  expect(h.emu.ui.toasts[0]).toMatch(/^1 formula/);
  expect(h.emu.writeCounts('Sheet1', 'B')[1]).toBeGreaterThan(0);
  expect(h.emu.writeCounts('Sheet1', 'C')[1] ?? 0).toBe(0);
  expect(h.emu.sheet('Sheet1').getFormulas('B2:C2')).toEqual([['=GPT_SENTIMENT(A2)', '=GPT_SENTIMENT(A3)']]);
});

test('Replace selected formulas with values leaves text that only looks like a formula alone', async () => {
  h.emu.sheet('Sheet1').setValues('D2:D4', [['=HYPERLINK("http://evil")'], ['+cmd'], ['plain']]);
  const result = await h.emu.run('replaceFormulasWithValues', [], {
    callingCell: { sheet: 'Sheet1', a1: 'D2:D4' },
  });
  expect(result.error).toBeUndefined();
  expect(h.emu.sheet('Sheet1').getFormulas('D2:D4').flat()).toEqual(['', '', '']);
  expect(h.emu.sheet('Sheet1').getValues('D2:D4').flat()).toEqual([
    '=HYPERLINK("http://evil")',
    '+cmd',
    'plain',
  ]);
  expect(h.emu.writeCounts('Sheet1', 'D').every((n) => n === 0)).toBe(true);
});
