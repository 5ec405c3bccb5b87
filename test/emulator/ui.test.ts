import type { Emulator } from '../../tools/emulator';
import { createEmulator } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await createEmulator();
  emu.setProperty('document', 'model', 'gpt-5-nano');
});
afterEach(() => emu.close());

test('onOpen in AuthMode.NONE can build the add-on menu', async () => {
  const r = await emu.run('onOpen', [], { authMode: 'NONE', event: { authMode: 'NONE' } });
  expect(r).toMatchObject({ ok: true, value: 'menu only' });
  expect(emu.ui.menus).toEqual([
    {
      title: 'Add-on',
      items: [
        { caption: 'Settings', fn: 'showSettings' },
        'separator',
        { caption: 'Run column job', fn: 'startJob' },
      ],
    },
  ]);
});

test('onOpen in AuthMode.NONE cannot read properties', async () => {
  const r = await emu.run('onOpenReadingProperties', [], { authMode: 'NONE', event: { authMode: 'NONE' } });
  expect(r.ok).toBe(false);
  expect(r.error?.message).toContain(
    'You do not have permission to call PropertiesService.getDocumentProperties',
  );
  expect(emu.ui.menus).toHaveLength(1);
});

test('with full authorization onOpen may read properties', async () => {
  const r = await emu.run('onOpen', [], { event: { authMode: 'FULL' } });
  expect(r.value).toBe('gpt-5-nano');
});

test('a sidebar from an HTML file is recorded with its title and user', async () => {
  const r = await emu.run('showSettings', [], { user: 'aiko@example.jp' });
  expect(r.ok).toBe(true);
  expect(emu.ui.sidebars).toHaveLength(1);
  expect(emu.ui.sidebars[0]).toMatchObject({ title: 'Settings', user: 'aiko@example.jp' });
  expect(emu.ui.sidebars[0].html).toContain('<h1>Settings</h1>');
  expect(emu.ui.toasts).toEqual(['Opened']);
});

test('modal dialogs and alerts are recorded', async () => {
  const r = await emu.run('showDialogAndAlert');
  expect(r.value).toBe(true);
  expect(emu.ui.dialogs).toEqual([{ title: 'Column job', html: '<p>Working</p>', modal: true }]);
  expect(emu.ui.alerts).toEqual(['Done\nAll rows written']);
});

test('the Ui is not available to custom functions or time-driven triggers', async () => {
  for (const kind of ['custom', 'trigger'] as const) {
    const r = await emu.run('showSettings', [], { kind });
    expect(r.error?.message).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  }
});

test('service calls are counted per method', async () => {
  const r = await emu.run('showSettings');
  expect(r.serviceCallsByMethod).toEqual({
    'HtmlService.createHtmlOutputFromFile': 1,
    'SpreadsheetApp.getUi': 1,
    'SpreadsheetApp.Ui.showSidebar': 1,
    'SpreadsheetApp.getActive': 1,
    'SpreadsheetApp.Spreadsheet.toast': 1,
  });
  expect(emu.totals()).toMatchObject({ executions: 1, serviceCalls: 5 });
});
