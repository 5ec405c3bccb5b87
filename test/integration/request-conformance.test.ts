// Every request body the add-on sends, as the stub captured it, against OpenAI's own description of
// CreateChatCompletionRequest; and the responses it acted on against CreateChatCompletionResponse.
import { validateSchema } from '../support/openapi';
import { column, saveKey, startHarness, type Harness, allowFormulaModels } from './harness';
import { describeWithShared } from '../support/shared-tests';

describeWithShared('openapi')('the add-on’s requests against OpenAI’s OpenAPI description', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      spreadsheet: { sheets: { Sheet1: column('Text', ['Great, thanks a@b.co', 'Broken box', '最高です']) } },
    });
    await saveKey(h.emu);
    await allowFormulaModels(h.emu, ['gpt-4o-mini', 'gpt-5-nano', 'gpt-5.4-mini']);
  });
  afterAll(() => h.close());

  const FORMULAS = [
    '=GPT_SENTIMENT(A2:A4)',
    '=GPT_SENTIMENT(A2:A4, "良い,普通,悪い")',
    '=GPT_CLASSIFY(A2:A4, "praise,complaint")',
    '=GPT_EXTRACT(A2:A4, "email addresses")',
    '=GPT_SUMMARIZE(A2:A4, 12)',
    '=GPT_TRANSLATE(A2:A4, "French", "English")',
    '=GPT("Answer briefly", A2:A4, "gpt-4o-mini", 0.3, 40)',
    '=GPT("Answer briefly", A2:A4, "gpt-5-nano")',
    '=GPT("Answer briefly", A2:A4, "gpt-5.4-mini")',
    '=GPT("Name a colour")',
  ];

  test('every chat request the add-on sends is a valid CreateChatCompletionRequest', async () => {
    await h.stub.reset();
    for (const formula of FORMULAS) {
      const result = await h.emu.evaluate('Sheet1', 'C2', formula);
      expect(result.error).toBeUndefined();
    }
    const captured = (await h.stub.stats()).captured.filter((c) => c.path === '/v1/chat/completions');
    expect(captured.length).toBeGreaterThanOrEqual(FORMULAS.length);
    for (const request of captured) {
      expect({
        body: request.body,
        problems: validateSchema('CreateChatCompletionRequest', request.body),
      }).toEqual({
        body: request.body,
        problems: [],
      });
      expect(request.status).toBe(200);
      expect(validateSchema('CreateChatCompletionResponse', request.response)).toEqual([]);
    }
  });

  test('the validator would catch a request the API does not accept', () => {
    expect(validateSchema('CreateChatCompletionRequest', { model: 'gpt-4.1-nano' })).not.toEqual([]);
    expect(
      validateSchema('CreateChatCompletionRequest', {
        model: 'x',
        messages: [{ role: 'wizard', content: 'hi' }],
      }),
    ).not.toEqual([]);
  });
});
