// One stub for a test file: started before its tests, stopped after them, and set back to the
// file's settings with its statistics, files and batches cleared before each test.
import { startStub, type StubConfig, type StubHandle } from '../../tools/openai-stub/index';
import { TODAY } from './client';

/** Registers the file's hooks; call it at the top level of a test file. */
export function useStub(settings: Partial<StubConfig> = {}): StubHandle {
  let started: StubHandle | undefined;
  const live = (): StubHandle => {
    if (!started) throw new Error('The stub starts in beforeAll; use it inside a test.');
    return started;
  };
  beforeAll(async () => {
    started = await startStub({ today: TODAY, ...settings });
  });
  beforeEach(async () => {
    await live().configure(settings);
    await live().reset();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get baseUrl() {
      return live().baseUrl;
    },
    configure: (partial) => live().configure(partial),
    stats: () => live().stats(),
    reset: () => live().reset(),
    advanceBatches: (request) => live().advanceBatches(request),
    stop: () => live().stop(),
  };
}
