import { billsCacheWrites, CATALOG_CHECKED, SHUTDOWNS } from '../../src/openai/catalog';
import { boundUsd, cacheWriteTokens, costUsd, priceOf } from '../../src/openai/models';
import { messageDelayMs } from '../../src/openai/durations';
import { errorForStatus } from '../../src/openai/errors';
import { RATE_LIMIT_FLOOR_MS, retryDelayMs } from '../../src/openai/retry';
import { format } from '../../src/i18n/messages';

describe('prompt-cache writes', () => {
  test('are billed from GPT-5.6 on and free before', () => {
    expect(
      ['gpt-5.6-luna', 'gpt-6-luna', 'gpt-6.1-terra', 'gpt-6.2-sol', 'gpt-7-nova'].map(billsCacheWrites),
    ).toEqual([true, true, true, true, true]);
    expect(['gpt-5', 'gpt-5-mini', 'gpt-5.4-nano', 'gpt-4.1', 'o3'].map(billsCacheWrites)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('cost 1.25x the input price, or the price a model page publishes; the rest of the input at the input price', () => {
    // 1,000 plain, 2,000 cached, 400 written (the guide's example shape), 100 out on gpt-6-luna.
    const usage = { input: 3400, cachedInput: 2000, cacheWrite: 400, output: 100 };
    expect(costUsd('gpt-6-luna', usage)).toBeCloseTo(
      (1000 * 0.1 + 2000 * 0.01 + 400 * 0.125 + 100 * 0.5) / 1e6,
      12,
    );
    expect(costUsd('gpt-6.1-terra', usage)).toBeCloseTo(
      (1000 * 1 + 2000 * 0.05 + 400 * 1.25 + 100 * 5) / 1e6,
      12,
    );
    // Before 5.6 a write is ordinary input.
    expect(costUsd('gpt-5.4-nano', usage)).toBeCloseTo((1400 * 0.2 + 2000 * 0.02 + 100 * 1.25) / 1e6, 12);
  });

  test('a bound prices every input token as a write where writes are billed', () => {
    expect(boundUsd('gpt-6-luna', { input: 1000, output: 0 })).toBeCloseTo((1000 * 0.125) / 1e6, 12);
    expect(boundUsd('gpt-5.4-nano', { input: 1000, output: 0 })).toBeCloseTo((1000 * 0.2) / 1e6, 12);
  });

  test('cache_write_tokens is read from usage, and anything but a non-negative number counts as none', () => {
    const usage = (w: unknown) =>
      ({
        prompt_tokens: 10,
        completion_tokens: 1,
        total_tokens: 11,
        prompt_tokens_details: { cache_write_tokens: w },
      }) as never;
    expect(cacheWriteTokens(usage(3207))).toBe(3207);
    expect([cacheWriteTokens(usage(-5)), cacheWriteTokens(usage('9')), cacheWriteTokens(undefined)]).toEqual([
      0, 0, 0,
    ]);
  });
});

describe('the catalogue of 2026-12-06', () => {
  test('is dated, and names the replacements OpenAI names', () => {
    expect(CATALOG_CHECKED).toBe('2026-12-06');
    expect(SHUTDOWNS['gpt-5-mini'].replacement).toBe('gpt-6.1-terra');
    expect(SHUTDOWNS['gpt-5'].replacement).toBe('gpt-6.1-sol');
    expect(SHUTDOWNS.o3.replacement).toBe('gpt-6.1-sol');
    expect(SHUTDOWNS['gpt-5-nano'].replacement).toBe('gpt-6-luna');
  });

  test('prices the new models, gpt-5.4-mini’s cached input at 0.075, and leaves gpt-6.2-astra unknown', () => {
    expect(priceOf('gpt-6.1-terra')).toEqual({ input: 1, cachedInput: 0.05, cacheWrite: 1.25, output: 5 });
    expect(priceOf('gpt-6.2-sol')).toEqual({ input: 2, cachedInput: 0.1, output: 10 });
    expect(priceOf('gpt-5.4-mini')?.cachedInput).toBe(0.075);
    expect(priceOf('gpt-6.2-astra')).toBeUndefined();
  });

  test('a fine-tuned id is priced at twice its base; the owner’s price for the id or the base wins', () => {
    expect(priceOf('ft:gpt-6-luna:acme::abc')).toEqual({ input: 0.2, cachedInput: 0.02, output: 1 });
    const own = { input: 0.3, output: 1.5 };
    expect(priceOf('ft:gpt-6-luna:acme::abc', { 'ft:gpt-6-luna:acme::abc': own })).toBe(own);
    expect(priceOf('ft:gpt-6-luna:acme::abc', { 'gpt-6-luna': own })).toBe(own);
    expect(priceOf('ft:gpt-6.2-astra:acme::abc')).toBeUndefined();
  });
});

describe('429 waits', () => {
  test('are read from the message in the forms the API writes durations', () => {
    const said = (wait: string) =>
      messageDelayMs(`Rate limit reached for gpt-6-luna. Please try again in ${wait}. Visit ...`);
    expect([said('2s'), said('250ms'), said('1.5s'), said('1m30s'), said('6m0s')]).toEqual([
      2100, 350, 1600, 90100, 360100,
    ]);
    expect(
      messageDelayMs('Rate limit reached. Visit https://platform.openai.com/account/rate-limits'),
    ).toBeUndefined();
    expect(messageDelayMs(undefined)).toBeUndefined();
  });

  test('a 429 whose headers and message name no wait waits at least the floor; one that names a wait waits that', () => {
    const bare = errorForStatus(
      429,
      { message: 'Too many requests', code: 'rate_limit_exceeded' },
      undefined,
      undefined,
    );
    expect(retryDelayMs(bare, 0, () => 0)).toBe(RATE_LIMIT_FLOOR_MS);
    expect(retryDelayMs(bare, 1, () => 0)).toBe(RATE_LIMIT_FLOOR_MS);
    const said = errorForStatus(
      429,
      { message: 'Please try again in 2s.', code: 'rate_limit_exceeded' },
      undefined,
      2100,
    );
    expect(retryDelayMs(said, 0)).toBe(2100);
    const server = errorForStatus(500, { message: 'oops' }, undefined, undefined);
    expect(retryDelayMs(server, 0, () => 0)).toBe(500);
  });
});

describe('the verification 404', () => {
  test('is told apart from a missing model, with code null or model_not_available, and as the 400 for streaming', () => {
    const message =
      'Your organization must be verified to use the model `gpt-5`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.';
    expect(errorForStatus(404, { message, code: null }, undefined, undefined).reason).toBe(
      'org_not_verified',
    );
    expect(errorForStatus(404, { message, code: 'model_not_available' }, undefined, undefined).reason).toBe(
      'org_not_verified',
    );
    expect(
      errorForStatus(
        404,
        {
          message: 'The model `gpt-9` does not exist or you do not have access to it.',
          code: 'model_not_found',
        },
        undefined,
        undefined,
      ).reason,
    ).toBe('model_not_found');
    expect(
      errorForStatus(
        400,
        { message: 'Your organization must be verified to stream this model.' },
        undefined,
        undefined,
      ).reason,
    ).toBe('org_not_verified');
  });
});

describe('messages', () => {
  test('a null param shows as its placeholder instead of failing', () => {
    expect(() => format('en', 'budget_reached', { budget: null as never, used: 1 })).not.toThrow();
  });
});
