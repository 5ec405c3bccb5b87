import { answerKey } from '../../src/cache/answer-cache';
import { CLAIMS_MIRROR, claimChanges, claimId, mirrorValue, readClaims } from '../../src/engine/claims';
import { answerTexts, type PipelineDeps } from '../../src/engine/pipeline';
import { sentimentTask } from '../../src/engine/tasks';
import { OpenAIClient } from '../../src/openai/client';
import { apiError, FakeClock, freeMutex, MemoryCache, MemoryStore, ScriptedHttp } from '../support/fakes';
import { UTC_CALENDAR } from '../../src/platform/calendar';

const task = sentimentTask();
const MODEL = 'gpt-4.1-mini';

function setup() {
  const clock = new FakeClock();
  const http = new ScriptedHttp(() => apiError(500, null, 'server_error'));
  const store = new MemoryStore();
  const cache = new MemoryCache();
  const deps: PipelineDeps = {
    client: new OpenAIClient(http, clock, { apiKey: 'sk-test-abcdefghijklmnopqrstuvwxyz1234' }),
    clock,
    cache,
    documentStore: store,
    documentLock: freeMutex,
    newId: () => 'mine',
    documentProps: () => store.getAll(),
    calendar: UTC_CALENDAR,
    prices: {},
  };
  const key = (text: string) => answerKey({ epoch: '', model: MODEL, signature: task.signature, text });
  /** Another execution holds a claim on these texts until `until`. */
  const claimedElsewhere = (texts: string[], until: number) => {
    const claim = { id: 'theirs', until, keys: texts.map((t) => claimId(key(t))) };
    store.setAll(claimChanges({}, clock.now(), claim) ?? {});
    cache.putAll({ [CLAIMS_MIRROR]: mirrorValue(readClaims(store.getAll()), clock.now()) });
  };
  return { clock, http, store, cache, deps, claimedElsewhere };
}

test('a cell whose answer another execution holds a claim on waits, and gives up in time rather than asking', () => {
  const { clock, http, deps, claimedElsewhere } = setup();
  const started = clock.now();
  claimedElsewhere(['mine', 'other'], started + 60_000);
  const report = answerTexts(
    ['mine'],
    task,
    deps,
    { model: MODEL, deadline: started + 25_000 },
    {
      neighbours: () => ['other'],
    },
  );
  expect(report.outcomes).toEqual([{ ok: false, error: 'unfinished' }]);
  expect(http.requests).toHaveLength(0);
  expect(clock.now()).toBeGreaterThanOrEqual(started + 19_000);
  expect(clock.now()).toBeLessThanOrEqual(started + 19_500);
});

test('a claim that ends while the cell waits is taken over: the cell claims its row and its neighbours', () => {
  const { clock, http, store, deps, claimedElsewhere } = setup();
  claimedElsewhere(['mine', 'other'], clock.now() + 2_000);
  const report = answerTexts(
    ['mine'],
    task,
    deps,
    { model: MODEL, deadline: clock.now() + 25_000 },
    {
      neighbours: () => ['other', 'third'],
    },
  );
  expect(report.outcomes[0]).toMatchObject({ ok: false }); // the scripted API answers 500
  const items = JSON.parse(JSON.parse(String(http.requests[0].payload)).messages[1].content).items;
  expect(items.map((i: { text: string }) => i.text)).toEqual(['mine', 'other', 'third']);
  expect(readClaims(store.getAll())).toEqual([]); // released at commit
});

test('a cell with no neighbours claims only itself and writes no mirror', () => {
  const { http, cache, deps, clock } = setup();
  answerTexts(
    ['alone'],
    task,
    deps,
    { model: MODEL, deadline: clock.now() + 25_000 },
    { neighbours: () => [] },
  );
  const items = JSON.parse(JSON.parse(String(http.requests[0].payload)).messages[1].content).items;
  expect(items).toHaveLength(1);
  expect(cache.data.has(CLAIMS_MIRROR)).toBe(false);
});
