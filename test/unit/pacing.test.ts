import { isTight, mergeStates, observe, SharedPacer, waitFor } from '../../src/openai/pacing';
import { FakeClock, MemoryCache } from '../support/fakes';

const headers = (requests: number, tokens: number, reset = '6s') => ({
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-limit-tokens': '200000',
  'x-ratelimit-remaining-requests': String(requests),
  'x-ratelimit-remaining-tokens': String(tokens),
  'x-ratelimit-reset-requests': reset,
  'x-ratelimit-reset-tokens': reset,
});

test('the headers of a wave give what is left and when the allowance is full again', () => {
  const state = observe([{ headers: headers(300, 150000) }, { headers: headers(299, 149000, '7s') }], 1000);
  expect(state).toMatchObject({
    requestsLeft: 299,
    tokensLeft: 149000,
    requestsFullAt: 8000,
    requestLimit: 500,
  });
  expect(isTight(state!, 1000)).toBe(false);
  expect(waitFor(state, 10, 5000, 1000)).toBe(0);
});

test('too few requests or tokens left means waiting for the reset; a 429 means waiting for its retry-after', () => {
  const low = observe([{ headers: headers(3, 150000) }], 1000)!;
  expect(isTight(low, 1000)).toBe(true);
  expect(waitFor(low, 2, 100, 1000)).toBe(0);
  expect(waitFor(low, 5, 100, 1000)).toBe(6000);
  const tokens = observe([{ headers: headers(300, 5000) }], 1000)!;
  expect(waitFor(tokens, 1, 8000, 1000)).toBe(6000);
  const limited = observe([{ headers: headers(0, 0, '2s'), rateLimitedForMs: 1500 }], 1000)!;
  expect(limited.retryAt).toBe(2500);
  expect(waitFor(limited, 0, 0, 1000)).toBe(1500);
});

test('of two observations the newer wins, but a pending retry-after is kept', () => {
  const older = { at: 1, requestsLeft: 1, retryAt: 9000 };
  const newer = { at: 2, requestsLeft: 400 };
  expect(mergeStates(older, newer)).toEqual({ at: 2, requestsLeft: 400, retryAt: 9000 });
  expect(mergeStates(undefined, newer)).toBe(newer);
});

test('a tight state is shared through the cache, and another execution waits for it before sending', () => {
  const cache = new MemoryCache();
  const clock = new FakeClock(10_000);
  const first = new SharedPacer(cache, clock, 'rl1:k');
  expect(first.waitBefore(5, 1000)).toBe(0);
  first.record([{ headers: headers(500, 200000) }]);
  expect(cache.data.size).toBe(0); // nothing worth sharing
  first.record([{ headers: headers(2, 1000, '4s'), rateLimitedForMs: 1000 }]);
  expect(cache.data.has('rl1:k')).toBe(true);
  const second = new SharedPacer(cache, clock, 'rl1:k');
  expect(second.waitBefore(5, 1000)).toBe(4000);
  clock.time += 4000;
  second.record([{ headers: headers(450, 190000) }]);
  const third = new SharedPacer(cache, clock, 'rl1:k');
  expect(third.waitBefore(5, 1000)).toBe(0);
});
