// The hourly fallback trigger, one per spreadsheet: recorded with the spreadsheet it serves, never
// removed by another spreadsheet's job. An add-on's trigger runs without a document (the emulator's
// conservative model), so there it harms nothing and removes itself, and the job goes on when a page
// drives it; in a script bound to the spreadsheet the trigger carries the job to the end.
import { saveKey, startHarness, type Harness } from './harness';
import { checkJob, finish, range, sheetRows, start, status, step } from './job-helpers';

const JOB = { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' };
const HOUR = 3600_000;

function records(h: Harness): Record<string, string> {
  return JSON.parse(h.emu.properties('user')['job.triggers'] ?? '{}') as Record<string, string>;
}

describe('as an add-on', () => {
  let h: Harness;
  let second: string;
  beforeEach(async () => {
    h = await startHarness({ spreadsheet: { sheets: { Reviews: sheetRows(150, 'a') } } });
    second = h.emu.addSpreadsheet({ name: 'Second', sheets: { Reviews: sheetRows(150, 'b') } });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  test('the trigger finds no document: it removes itself, writes nothing, and the job goes on when a page drives it', async () => {
    const jobId = await start(h, JOB);
    expect(h.emu.triggers()).toHaveLength(1);
    h.emu.advanceClock(HOUR);
    const [fired] = await h.emu.fireDueTriggers();
    expect(fired.ok).toBe(true);
    expect(h.emu.triggers()).toEqual([]);
    expect(records(h)).toEqual({});
    expect(await status(h, jobId)).toMatchObject({ state: 'running', done: 0 });
    expect(h.emu.writeCounts('Reviews', 'B').every((n) => n === 0)).toBe(true);
    const s = await finish(h, jobId);
    expect(s).toMatchObject({ state: 'done', done: 150 });
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 151) });
    // Learned: triggers cannot carry jobs here, so the next job makes none.
    await start(h, { ...JOB, outputColumn: 'C' });
    expect(h.emu.triggers()).toEqual([]);
  });

  test('jobs in two spreadsheets: each has its own trigger, and one job ending removes only its own', async () => {
    const [first] = h.emu.spreadsheetIds();
    const a = await start(h, JOB);
    const b = await start(h, JOB, { spreadsheet: second });
    const triggers = h.emu.triggers();
    expect(triggers.map((t) => t.spreadsheetId).sort()).toEqual([first, second].sort());
    expect(records(h)).toEqual({
      [first]: triggers.find((t) => t.spreadsheetId === first)?.id,
      [second]: triggers.find((t) => t.spreadsheetId === second)?.id,
    });
    expect((await finish(h, a)).state).toBe('done');
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 151) });
    expect(h.emu.writeCounts('Reviews', 'B', second).every((n) => n === 0)).toBe(true);
    expect(h.emu.triggers().map((t) => t.spreadsheetId)).toEqual([second]);
    expect(Object.keys(records(h))).toEqual([second]);
    expect((await status(h, b, { spreadsheet: second })).state).toBe('running');
    const cancelled = (await h.emu.run('cancelJob', [b], { spreadsheet: second })).value as { state: string };
    expect(cancelled.state).toBe('cancelled');
    expect(h.emu.triggers()).toEqual([]);
  });

  test('a trigger of each spreadsheet, firing without a document, removes itself and no other', async () => {
    await start(h, JOB);
    h.emu.advanceClock(HOUR / 2);
    await start(h, JOB, { spreadsheet: second });
    h.emu.advanceClock(HOUR / 2); // only the first spreadsheet's trigger is due
    await h.emu.fireDueTriggers();
    expect(h.emu.triggers().map((t) => t.spreadsheetId)).toEqual([second]);
    h.emu.advanceClock(HOUR / 2);
    await h.emu.fireDueTriggers();
    expect(h.emu.triggers()).toEqual([]);
  });
});

describe('in a script bound to the spreadsheet', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ isAddon: false, spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } } });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  test('the trigger alone carries a job to the end and is then removed', async () => {
    const jobId = await start(h, JOB);
    for (let hour = 0; hour < 5 && (await status(h, jobId)).state === 'running'; hour++) {
      h.emu.advanceClock(HOUR);
      await h.emu.fireDueTriggers();
    }
    const s = await status(h, jobId);
    expect(s).toMatchObject({ state: 'done', done: 300 });
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
    expect(h.emu.triggers()).toEqual([]);
    expect(records(h)).toEqual({});
    expect(JSON.parse(h.emu.properties('user')['job.dailyUsage']).triggerRuntimeMs).toBeGreaterThan(0);
  });

  test('a trigger that finds no running job in its spreadsheet removes only itself', async () => {
    const other = h.emu.addSpreadsheet({ sheets: { Reviews: sheetRows(50, 'o') } });
    const jobId = await start(h, JOB);
    h.emu.advanceClock(HOUR / 2);
    await start(h, JOB, { spreadsheet: other }); // its trigger is due half an hour later
    // The first spreadsheet's job is gone (its record deleted by hand); its trigger is left behind.
    h.emu.setProperty('document', `job:${jobId}`, null);
    h.emu.advanceClock(HOUR / 2);
    const fired = await h.emu.fireDueTriggers();
    expect(fired.every((r) => r.ok)).toBe(true);
    expect(h.emu.triggers().map((t) => t.spreadsheetId)).toEqual([other]);
    expect(Object.keys(records(h))).toEqual([other]);
  });

  test('with the day’s trigger runtime used up the trigger waits and the job says until when', async () => {
    const jobId = await start(h, JOB);
    h.emu.setProperty(
      'user',
      'job.dailyUsage',
      JSON.stringify({
        start: h.emu.now(),
        urlFetchCalls: 0,
        propertiesCalls: 0,
        triggerRuntimeMs: 89 * 60_000,
      }),
    );
    h.emu.advanceClock(HOUR);
    await h.emu.fireDueTriggers();
    const s = await status(h, jobId);
    expect(s).toMatchObject({ state: 'running', done: 0 });
    expect(s.message).toMatch(
      /Background runs wait until about 2026-12-02 03:00 .*\(90 minutes\) is used up/,
    );
    expect(h.emu.triggers()).toHaveLength(1);
    expect((await step(h, jobId))?.state).toBe('done');
  });
});
