// The rules around a job that need no sheet: whose trigger serves which spreadsheet, what the daily
// quotas leave, and who may cancel a job.
import { mayCancel, adopt, isMine, STALE_JOB_MS } from '../../src/jobs/access';
import type { Standing, UserPlace } from '../../src/jobs/deps';
import {
  DAILY_LIMITS,
  pauseMessage,
  quotaShortOf,
  QUOTA_WINDOW_MS,
  readUsage,
  recordUsage,
  triggerRuntimeLeft,
  USAGE_PROPERTY,
} from '../../src/jobs/quotas';
import type { JobRecord } from '../../src/jobs/store';
import {
  ensureTrigger,
  NO_DOCUMENT_PROPERTY,
  removeTrigger,
  retireTrigger,
  TRIGGERS_PROPERTY,
} from '../../src/jobs/triggers';
import { stableUserId, USER_ID_PROPERTY } from '../../src/jobs/user-ids';
import { FakeTriggers, freeMutex, MemoryStore } from '../support/fakes';

function place(): UserPlace & { store: MemoryStore } {
  return { store: new MemoryStore(), lock: freeMutex };
}

describe('triggers per spreadsheet', () => {
  test('each spreadsheet gets one trigger, recorded with it; asking again makes no second one', () => {
    const user = place();
    const triggers = new FakeTriggers();
    ensureTrigger(user, triggers, 'A');
    ensureTrigger(user, triggers, 'B');
    ensureTrigger(user, triggers, 'A');
    expect(triggers.ids).toEqual(['t1', 't2']);
    expect(JSON.parse(user.store.data[TRIGGERS_PROPERTY])).toEqual({ A: 't1', B: 't2' });
  });

  test('removing one spreadsheet’s trigger leaves the other’s', () => {
    const user = place();
    const triggers = new FakeTriggers();
    ensureTrigger(user, triggers, 'A');
    ensureTrigger(user, triggers, 'B');
    removeTrigger(user, triggers, 'A');
    expect(triggers.ids).toEqual(['t2']);
    expect(JSON.parse(user.store.data[TRIGGERS_PROPERTY])).toEqual({ B: 't2' });
    removeTrigger(user, triggers, 'A');
    expect(triggers.ids).toEqual(['t2']);
  });

  test('a trigger deleted by hand is made again; a record of a trigger that is gone is dropped', () => {
    const user = place();
    const triggers = new FakeTriggers();
    ensureTrigger(user, triggers, 'A');
    ensureTrigger(user, triggers, 'B');
    triggers.ids = [];
    ensureTrigger(user, triggers, 'A');
    expect(JSON.parse(user.store.data[TRIGGERS_PROPERTY])).toEqual({ A: 't3' });
  });

  test('a trigger that cannot be made (too many) is no error: pages drive the job', () => {
    const user = place();
    const triggers = new FakeTriggers();
    triggers.failCreate = true;
    expect(() => ensureTrigger(user, triggers, 'A')).not.toThrow();
    expect(triggers.ids).toEqual([]);
  });

  test('a trigger that ran without a document removes itself, and no trigger is made again', () => {
    const user = place();
    const triggers = new FakeTriggers();
    ensureTrigger(user, triggers, 'A');
    ensureTrigger(user, triggers, 'B');
    retireTrigger(user, triggers, 't1', true);
    expect(triggers.ids).toEqual(['t2']);
    expect(user.store.data[NO_DOCUMENT_PROPERTY]).toBe('1');
    ensureTrigger(user, triggers, 'C');
    expect(triggers.ids).toEqual(['t2']);
  });

  test('without its id, a trigger with no document removes every one (none of them can work)', () => {
    const user = place();
    const triggers = new FakeTriggers();
    ensureTrigger(user, triggers, 'A');
    ensureTrigger(user, triggers, 'B');
    retireTrigger(user, triggers, undefined, true);
    expect(triggers.ids).toEqual([]);
    expect(JSON.parse(user.store.data[TRIGGERS_PROPERTY])).toEqual({});
  });
});

describe('daily quotas', () => {
  const NOW = Date.UTC(2026, 11, 1, 3);
  const nothing = { urlFetchCalls: 0, propertiesCalls: 0 };

  test('usage is counted in a window of 24 hours from its first use', () => {
    const user = place();
    recordUsage(user, NOW, { urlFetchCalls: 12, propertiesCalls: 40 });
    recordUsage(user, NOW + 3600_000, { urlFetchCalls: 3 });
    expect(readUsage(user.store.data, NOW + 7200_000)).toEqual({
      start: NOW,
      urlFetchCalls: 15,
      propertiesCalls: 40,
      triggerRuntimeMs: 0,
    });
    expect(readUsage(user.store.data, NOW + QUOTA_WINDOW_MS)).toMatchObject({
      start: NOW + QUOTA_WINDOW_MS,
      urlFetchCalls: 0,
    });
    recordUsage(user, NOW, {});
    expect(Object.keys(user.store.data)).toEqual([USAGE_PROPERTY]);
  });

  test('jobs keep a fifth of URL Fetch and properties for formulas; the next chunk must fit', () => {
    const usage = readUsage({}, NOW);
    expect(quotaShortOf(usage, nothing, { urlFetchCalls: 30, propertiesCalls: 40 })).toBeNull();
    usage.urlFetchCalls = DAILY_LIMITS.urlFetchCalls * 0.8 - 20;
    expect(
      quotaShortOf(
        usage,
        { urlFetchCalls: 10, propertiesCalls: 0 },
        { urlFetchCalls: 10, propertiesCalls: 0 },
      ),
    ).toBeNull();
    expect(
      quotaShortOf(
        usage,
        { urlFetchCalls: 11, propertiesCalls: 0 },
        { urlFetchCalls: 10, propertiesCalls: 0 },
      ),
    ).toBe('urlFetchCalls');
    const props = { ...readUsage({}, NOW), propertiesCalls: 39_999 };
    expect(quotaShortOf(props, nothing, { urlFetchCalls: 0, propertiesCalls: 2 })).toBe('propertiesCalls');
  });

  test('a trigger runs only while a whole step fits in the day’s trigger runtime', () => {
    const usage = { ...readUsage({}, NOW), triggerRuntimeMs: 85 * 60_000 };
    expect(triggerRuntimeLeft(usage, 4.5 * 60_000)).toBe(true);
    usage.triggerRuntimeMs += 60_000;
    expect(triggerRuntimeLeft(usage, 4.5 * 60_000)).toBe(false);
  });

  test('the pause message names the quota, its daily figure and when it refills', () => {
    expect(pauseMessage('urlFetchCalls', '2026-12-02 03:00 UTC')).toEqual({
      key: 'job_paused_urlfetch',
      params: { at: '2026-12-02 03:00 UTC', limit: '20,000' },
    });
    expect(pauseMessage('propertiesCalls', 'then').params).toMatchObject({ limit: '50,000' });
    expect(pauseMessage('triggerRuntimeMs', 'then')).toEqual({
      key: 'job_background_waits',
      params: { at: 'then', minutes: 90 },
    });
  });
});

describe('who may do what', () => {
  const NOW = Date.UTC(2026, 11, 1, 3);
  const job = (owner: string, updatedAt = NOW) => ({ owner, updatedAt }) as JobRecord;
  const caller = (standing: Standing, user = 'me', legacy = 'my-temporary-key') => ({
    user,
    legacyUser: () => legacy,
    standing: () => standing,
  });

  test('the starter, known by their stable id or (older jobs) their temporary key', () => {
    expect(isMine(job('me'), caller('editor'))).toBe(true);
    expect(isMine(job('my-temporary-key'), caller('editor'))).toBe(true);
    expect(isMine(job('someone'), caller('editor'))).toBe(false);
    const old = job('my-temporary-key');
    expect(adopt(old, caller('editor'))).toBe(true);
    expect(old.owner).toBe('me');
    expect(adopt(old, caller('editor'))).toBe(false);
  });

  test('cancelling: the starter, the spreadsheet’s owner, or on a shared drive anyone after a week', () => {
    expect(mayCancel(job('someone'), caller('editor'), NOW)).toBe(false);
    expect(mayCancel(job('someone'), caller('owner'), NOW)).toBe(true);
    expect(mayCancel(job('someone'), caller('shared-drive'), NOW)).toBe(false);
    expect(mayCancel(job('someone', NOW - STALE_JOB_MS), caller('shared-drive'), NOW)).toBe(true);
    expect(mayCancel(job('me'), caller('editor'), NOW)).toBe(true);
  });

  test('the stable id is made once and kept in the user’s own properties', () => {
    const user = place();
    let n = 0;
    const id = stableUserId(user, () => `id${++n}`, null);
    expect(id).toBe('id1');
    expect(stableUserId(user, () => `id${++n}`, null)).toBe('id1');
    expect(stableUserId(user, () => `id${++n}`, 'id1')).toBe('id1');
    expect(user.store.data[USER_ID_PROPERTY]).toBe('id1');
    expect(n).toBe(1);
  });
});
