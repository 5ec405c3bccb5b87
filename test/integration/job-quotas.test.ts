// Google's daily quotas (URL Fetch calls, properties reads and writes, trigger runtime): a column job
// paces itself under them by its own count, and when one is spent it stops with a message that names
// the quota and when it refills. Whatever happens, every row holds its own answer or none, once.
import { format } from '../../src/i18n/messages';
import { saveKey, startHarness, type Harness } from './harness';
import { checkJob, expectedLabel, finish, range, sheetRows, start, step, type Status } from './job-helpers';

const JOB = { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment' };
const DAY = 24 * 3600_000;

/** Rows 2..301 hold their own answer or nothing; no cell was written twice or outside column B rows. */
function checkPartial(h: Harness): number {
  const values = h.emu.sheet('Reviews').getValues('A2:B301');
  let answered = 0;
  values.forEach(([text, answer]) => {
    if (answer !== '') {
      expect(answer).toBe(expectedLabel(text));
      answered++;
    }
  });
  expect(h.emu.writeCounts('Reviews', 'B').filter((n) => n > 1)).toEqual([]);
  expect(h.emu.writeCounts('Reviews', 'A').every((n) => n === 0)).toBe(true);
  return answered;
}

function seedUsage(h: Harness, usage: Record<string, number>): void {
  const value = { start: h.emu.now(), urlFetchCalls: 0, propertiesCalls: 0, triggerRuntimeMs: 0, ...usage };
  h.emu.setProperty('user', 'job.dailyUsage', JSON.stringify(value));
}

describe('counted by the add-on', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } } });
    await saveKey(h.emu);
  });
  afterEach(() => h.close());

  test('a job pauses before its share of the URL Fetch quota is spent, says when it refills, and resumes after', async () => {
    seedUsage(h, { urlFetchCalls: 15_985 }); // jobs may use 16,000 of 20,000 a day
    const jobId = await start(h, JOB);
    const paused = (await step(h, jobId)) as Status;
    expect(paused.state).toBe('paused');
    expect(paused.done).toBeGreaterThan(0);
    expect(paused.remaining).toBeGreaterThan(0);
    expect(paused.message).toMatch(
      /quota of URL Fetch calls for this account \(20,000 a day\) is nearly used up\. It refills around 2026-12-02 03:00/,
    );
    const usage = JSON.parse(h.emu.properties('user')['job.dailyUsage']);
    expect(usage.urlFetchCalls).toBeLessThanOrEqual(16_000);
    expect(checkPartial(h)).toBeGreaterThan(0);

    expect(((await h.emu.run('resumeColumnJob', [jobId])).value as Status).state).toBe('running');
    expect((await step(h, jobId))?.state).toBe('paused'); // still the same day
    h.emu.advanceClock(DAY);
    await h.emu.run('resumeColumnJob', [jobId]);
    expect((await finish(h, jobId)).state).toBe('done');
    checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
  });

  test('the properties share works the same way, in Japanese too', async () => {
    seedUsage(h, { propertiesCalls: 39_990 });
    const jobId = await start(h, JOB);
    const paused = (await step(h, jobId, { locale: 'ja' })) as Status;
    expect(paused).toMatchObject({ state: 'paused', done: 4 }); // its four blank rows: nothing to ask
    expect(paused.message).toMatch(
      /プロパティ読み書きの 1 日の上限（1 日 50,000 回）にほぼ達しました。2026-12-02 03:00/,
    );
    expect(checkPartial(h)).toBe(0);
  });
});

describe('enforced by the platform', () => {
  test('URL Fetch calls spent: the job pauses naming the quota, a formula says so in its cell, nothing is lost', async () => {
    const h = await startHarness({
      quotaLimits: { urlFetchCalls: 8 },
      spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } },
    });
    try {
      await saveKey(h.emu); // two calls
      const jobId = await start(h, JOB);
      const paused = (await step(h, jobId)) as Status;
      expect(paused.state).toBe('paused');
      expect(paused.message).toMatch(/quota of URL Fetch calls/);
      expect(checkPartial(h)).toBeGreaterThan(0);
      const usage = (await h.emu.run('getUsage')).value as { spreadsheet: { unsettledTokens: number } };
      expect(usage.spreadsheet.unsettledTokens).toBe(0);
      // A wave larger than what is left was refused whole: single calls may still fit, then none.
      let cell = await h.emu.evaluate('Reviews', 'D2', '=GPT_SENTIMENT("A new text 0")');
      for (let i = 1; cell.ok && i < 8; i++)
        cell = await h.emu.evaluate('Reviews', 'D2', `=GPT_SENTIMENT("A new text ${i}")`);
      expect(h.emu.quotaUsage().urlFetchCalls.used).toBe(8);
      expect(cell.error?.message).toBe(format('en', 'urlfetch_quota'));

      let state = 'paused';
      for (let day = 0; state === 'paused' && day < 10; day++) {
        h.emu.advanceClock(DAY); // each day brings 8 calls more
        await h.emu.run('resumeColumnJob', [jobId]);
        state = (await finish(h, jobId)).state;
        checkPartial(h);
      }
      expect(state).toBe('done');
      checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
    } finally {
      await h.close();
    }
  });

  test('properties calls spent: the step fails with a message naming the quota, and the job ends right days later', async () => {
    const h = await startHarness({
      quotaLimits: { propertiesCalls: 60 },
      spreadsheet: { sheets: { Reviews: sheetRows(300, 'r') } },
    });
    try {
      await saveKey(h.emu);
      const jobId = await start(h, JOB);
      const failed = await h.emu.run('runJobStep', [jobId]);
      expect(failed.error?.message).toBe(format('en', 'properties_quota'));
      checkPartial(h);
      let state = 'running';
      for (let day = 0; state === 'running' && day < 15; day++) {
        h.emu.advanceClock(DAY); // each day brings 60 calls more
        const r = await h.emu.run('runJobStep', [jobId]);
        state = r.ok ? (r.value as Status).state : 'running';
        checkPartial(h);
      }
      expect(state).toBe('done');
      checkJob(h.emu, { sheet: 'Reviews', input: 'A', output: 'B', rows: range(2, 301) });
    } finally {
      await h.close();
    }
  });
});
