// A job belongs to the person who started it for as long as it exists (a private id in their own user
// properties, not the temporary key that rotates every 30 days). A job nobody can run any more can be
// cancelled by the spreadsheet's owner, and it never blocks more of an output column than its own rows.
import { GOOD_KEY, saveKey, startHarness, type Harness } from './harness';
import {
  checkJob,
  finish,
  oneChunk,
  range,
  sheetRows,
  start,
  status,
  step,
  type Status,
} from './job-helpers';

const EDITOR = { user: 'editor@example.com' };
const OTHER = { user: 'other@example.com' };
const STARTER = { user: 'owner@example.com' };
const JOB = { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' };
const DAY = 24 * 3600_000;

async function list(h: Harness, opts = {}): Promise<Status[]> {
  const r = await h.emu.run('listColumnJobs', [], opts);
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as Status[];
}

function record(h: Harness, jobId: string): { owner: string } {
  return JSON.parse(h.emu.properties('document')[`job:${jobId}`]) as { owner: string };
}

describe('in a spreadsheet with an owner', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } } });
    await saveKey(h.emu);
    await saveKey(h.emu, GOOD_KEY, EDITOR.user);
    await saveKey(h.emu, GOOD_KEY, OTHER.user);
  });
  afterEach(() => h.close());

  test('a job 31 days old still belongs to the person who started it', async () => {
    // The owner's job, paused by the owner's budget (an editor's job spends the editor's own key, which
    // no spreadsheet budget limits): a formula first shows who the owner is.
    await h.emu.evaluate('Reviews', 'Z1', '=GPT_SENTIMENT("fine")');
    await h.emu.run('setBudget', [{ tokens: 3000, period: 'total' }]);
    const keyThen = h.emu.temporaryUserKey(STARTER.user);
    const jobId = await start(h, { ...JOB, untilBudget: true }, STARTER);
    const paused = (await step(h, jobId, STARTER)) as Status;
    expect(paused.state).toBe('paused');
    const id = h.emu.properties('user', STARTER.user)['user.id'];
    expect(record(h, jobId).owner).toBe(id);
    expect(id).not.toBe(keyThen);

    h.emu.advanceClock(31 * DAY);
    expect(h.emu.temporaryUserKey(STARTER.user)).not.toBe(keyThen);
    await h.emu.run('setBudget', [{ tokens: 1_000_000, period: 'total' }]);
    const listed = await list(h, STARTER);
    expect(listed.map((s) => [s.jobId, s.mine])).toEqual([[jobId, true]]);
    const resumed = (await h.emu.run('resumeColumnJob', [jobId], STARTER)).value as Status;
    expect(resumed.state).toBe('running');
    const s = await finish(h, jobId, 20, STARTER);
    expect(s).toMatchObject({ state: 'done', done: 300 });
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
    expect((await h.emu.run('cancelJob', [jobId], OTHER)).error?.message).toMatch(/started by someone else/);
  });

  test('a job that carries its owner’s temporary key (an older version) takes their stable id when they run it', async () => {
    const jobId = await start(h, JOB, EDITOR);
    const props = h.emu.properties('document');
    const job = JSON.parse(props[`job:${jobId}`]);
    h.emu.setProperty(
      'document',
      `job:${jobId}`,
      JSON.stringify({ ...job, owner: h.emu.temporaryUserKey(EDITOR.user) }),
    );
    expect((await step(h, jobId, OTHER)) === undefined).toBe(true);
    const s = await finish(h, jobId, 20, EDITOR);
    expect(s.state).toBe('done');
    expect(record(h, jobId).owner).toBe(h.emu.properties('user', EDITOR.user)['user.id']);
  });

  test('a job nobody runs any more: the owner can cancel it, another editor cannot, and it blocks only its pending rows', async () => {
    // A formula shows who the owner is (the person whose key formulas spend; see settings/identity.ts).
    await h.emu.evaluate('Reviews', 'Z1', '=GPT_SENTIMENT("fine")');
    const orphan = await start(h, JOB, EDITOR);
    await oneChunk(h, orphan, EDITOR); // then its owner leaves
    // Rows 2..answered are done: the row before the first one with a text and no answer.
    const cells = h.emu.sheet('Reviews').getValues('A2:B301');
    const answered = cells.findIndex(([text, answer]) => text !== '' && answer === '') + 1;
    expect(answered).toBeGreaterThan(2);
    expect((await h.emu.run('cancelJob', [orphan], OTHER)).error?.message).toMatch(/started by someone else/);
    expect(await list(h, OTHER)).toEqual([]);
    const seen = await list(h);
    expect(seen.map((s) => [s.jobId, s.mine, s.canCancel])).toEqual([[orphan, false, true]]);
    expect((await h.emu.run('runJobStep', [orphan])).error?.message).toMatch(/only they can run it/);

    // Rows the orphan already answered are free; its pending rows are not.
    const before = await start(h, { ...JOB, lastRow: answered, overwrite: true });
    expect((await finish(h, before)).state).toBe('done');
    const clash = await h.emu.run('startColumnJob', [{ ...JOB, firstRow: 200, lastRow: 250 }]);
    expect(clash.error?.message).toMatch(/Another job still has rows 200–250 to write in column B/);

    const cancelled = (await h.emu.run('cancelJob', [orphan])).value as Status;
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      message: expect.stringMatching(/by the spreadsheet’s owner/),
    });
    expect((await status(h, orphan, EDITOR)).state).toBe('cancelled');
    const after = await start(h, { ...JOB, firstRow: 200, lastRow: 250 });
    expect((await finish(h, after)).state).toBe('done');
    checkJob(h.emu, {
      sheet: 'Reviews',
      input: 'A',
      output: 'B',
      rows: [...range(2, answered), ...range(200, 250)],
    });
  });
});

test('while nobody is known as the owner (no formula has run, as on a fresh shared drive): an editor may cancel someone else’s job once it has not run for a week', async () => {
  const h = await startHarness({
    spreadsheet: { sharedDrive: true, sheets: { Reviews: sheetRows(300, 'r') } },
  });
  try {
    await saveKey(h.emu, GOOD_KEY, EDITOR.user);
    const jobId = await start(h, JOB, EDITOR);
    await oneChunk(h, jobId, EDITOR);
    expect((await h.emu.run('cancelJob', [jobId], OTHER)).error?.message).toMatch(/started by someone else/);
    h.emu.advanceClock(8 * DAY);
    const s = (await h.emu.run('cancelJob', [jobId], OTHER)).value as Status;
    expect(s).toMatchObject({ state: 'cancelled', message: expect.stringMatching(/another editor/) });
  } finally {
    await h.close();
  }
});
