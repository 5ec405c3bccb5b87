// Every failure a cell can show, in English and in Japanese, saying what to do.
import { format, type Locale, type MessageKey } from '../../src/i18n/messages';
import {
  allowFormulaModels,
  GOOD_KEY,
  NO_MODEL_PERMISSION_KEY,
  saveKey,
  startHarness,
  TODAY,
  type Harness,
} from './harness';
import type { StubHandle } from '../../tools/openai-stub';
import { startStub } from '../../tools/openai-stub';

let stub: StubHandle;
beforeAll(async () => {
  stub = await startStub({ timeoutHoldMs: 3000, today: TODAY });
});
afterAll(() => stub.stop());

const LOCALES: Array<[string, Locale]> = [
  ['en_US', 'en'],
  ['ja_JP', 'ja'],
];

describe.each(LOCALES)('in a %s spreadsheet', (spreadsheetLocale, locale) => {
  let h: Harness;
  beforeEach(async () => {
    await stub.configure({ faults: [], revokedKeys: [], quotaExhaustedKeys: [], latencyMs: 0, rpm: null });
    h = await startHarness(
      {
        urlFetchTimeoutMs: 1000,
        spreadsheet: {
          locale: spreadsheetLocale,
          sheets: { Sheet1: [['good product'], ['x'.repeat(50000)]] },
        },
      },
      {},
      stub,
    );
  });
  afterEach(() => h.close());

  async function expectMessage(
    formula: string,
    key: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    const result = await h.emu.evaluate('Sheet1', 'C1', formula);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe(format(locale, key, params));
    expect(result.error?.message).not.toContain(GOOD_KEY);
  }

  test('a retired model named in the formula', async () => {
    await saveKey(h.emu);
    await expectMessage('=GPT("Shorten", A1, "gpt-4.1-nano")', 'model_retired', {
      model: 'gpt-4.1-nano',
      date: '2026-10-23',
      replacement: 'gpt-6-luna',
    });
  });

  test('examples not given as a two-column range', async () => {
    await saveKey(h.emu);
    await expectMessage('=GPT_CLASSIFY(A1, "a,b", "x")', 'examples_range');
  });

  test('an example answer that is not one of the labels', async () => {
    await saveKey(h.emu);
    h.emu.sheet('Sheet1').setValues('D1', [['nice', 'great']]);
    await expectMessage('=GPT_CLASSIFY(A1, "good,bad", D1:E1)', 'example_label', {
      answer: 'great',
      labels: 'good, bad',
    });
  });

  test('a prompt left empty', async () => {
    await expectMessage('=GPT("")', 'argument_required', { name: 'prompt' });
  });

  test('a model the owner has not allowed formulas to name', async () => {
    await saveKey(h.emu);
    await allowFormulaModels(h.emu, ['gpt-5.4-nano']);
    await expectMessage('=GPT("Shorten", A1, "gpt-6-sol")', 'model_not_allowed', {
      model: 'gpt-6-sol',
      allowed: 'gpt-6-luna, gpt-5.4-nano',
    });
  });

  test('max_tokens above the owner’s ceiling', async () => {
    await saveKey(h.emu);
    await expectMessage('=GPT("Shorten", A1, , , 16000)', 'max_tokens_not_allowed', {
      value: 16000,
      limit: 600,
    });
  });

  test('a restricted key without the permission to call models', async () => {
    await saveKey(h.emu);
    h.emu.setProperty('user', 'openai.apiKey', NO_MODEL_PERMISSION_KEY);
    await expectMessage('=GPT_SENTIMENT(A1)', 'missing_scope', {
      resource: 'Model capabilities',
      level: 'Request',
    });
  });

  test('a base URL that does not answer like the OpenAI API', async () => {
    await saveKey(h.emu);
    await h.emu.run('saveSettings', [{ baseUrl: 'https://api.openai.com/v9' }]);
    await expectMessage('=GPT_SENTIMENT(A1)', 'not_found');
  });

  test('no key', async () => {
    await expectMessage('=GPT_SENTIMENT(A1)', 'no_key');
  });

  test('an invalid or revoked key', async () => {
    await saveKey(h.emu);
    await stub.configure({ revokedKeys: [GOOD_KEY] });
    await expectMessage('=GPT_SENTIMENT(A1)', 'invalid_key');
  });

  test('quota exhausted (billing)', async () => {
    await saveKey(h.emu);
    await stub.configure({ quotaExhaustedKeys: [GOOD_KEY] });
    await expectMessage('=GPT_SENTIMENT(A1)', 'insufficient_quota');
  });

  test('rate limited', async () => {
    await saveKey(h.emu);
    await stub.configure({ faults: [{ kind: 'rate_limit', count: 3 }] });
    await expectMessage('=GPT_SENTIMENT(A1)', 'rate_limited');
  });

  test('an unknown model', async () => {
    await saveKey(h.emu);
    await allowFormulaModels(h.emu, ['gpt-nonexistent']);
    await expectMessage('=GPT("Say hi", A1, "gpt-nonexistent")', 'model_not_found', {
      model: 'gpt-nonexistent',
    });
  });

  test('a budget too small for the request: what it could need and what is left', async () => {
    await saveKey(h.emu);
    await h.emu.run('setBudget', [{ tokens: 10, period: 'monthly' }]);
    const result = await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1)');
    const need = Number(/\d[\d,]*/.exec(result.error?.message ?? '')?.[0].replace(/,/g, ''));
    expect(need).toBeGreaterThan(10);
    expect(result.error?.message).toBe(
      format(locale, 'budget_short', {
        scope: format(locale, 'scope_spreadsheet'),
        used: 0,
        budget: 10,
        left: 10,
        reserved: 0,
        need,
        period: format(locale, 'period_monthly'),
      }),
    );
  });

  test('a budget lowered below what was already used', async () => {
    await saveKey(h.emu);
    await h.emu.evaluate('Sheet1', 'C2', '=GPT_SENTIMENT(A1)');
    await h.emu.run('setBudget', [{ tokens: 10, period: 'total' }]);
    const used = (await h.emu.run('getUsage')).value as { spreadsheet: { used: number } };
    await h.emu.run('clearCache');
    const result = await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1)');
    expect(result.error?.message).toBe(
      format(locale, 'budget_lowered', {
        scope: format(locale, 'scope_spreadsheet'),
        used: used.spreadsheet.used,
        budget: 10,
        period: format(locale, 'period_total'),
      }),
    );
  });

  test('an input too long (a 50,000-character cell)', async () => {
    await saveKey(h.emu);
    await expectMessage('=GPT_SENTIMENT(A2)', 'input_too_long', { chars: 50000, limit: 20000 });
  });

  test('a timeout', async () => {
    await saveKey(h.emu);
    await stub.configure({ latencyMs: 2500 });
    await expectMessage('=GPT_SENTIMENT(A1)', 'timeout');
  });

  test('a range too large for one formula', async () => {
    await saveKey(h.emu);
    h.emu.sheet('Sheet1').setValues(
      'D1:D2001',
      Array.from({ length: 2001 }, (_, i) => [`row ${i}`]),
    );
    await expectMessage('=GPT_SENTIMENT(D1:D2001)', 'range_too_large', { rows: 2001, limit: 2000 });
  });
});
