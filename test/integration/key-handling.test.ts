import { GOOD_KEY, NOQUOTA_KEY, REVOKED_KEY, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ spreadsheet: { sheets: { Sheet1: [['great product'], ['awful']] } } });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.emu.run('deleteApiKey');
});

async function save(key: unknown, locale = 'en') {
  const result = await h.emu.run('saveApiKey', [key], { locale });
  expect(result.ok).toBe(true);
  return result.value as {
    ok: boolean;
    code?: string;
    message: string;
    maskedKey?: string;
    cleaned?: boolean;
  };
}

test('a key with spaces and line breaks is cleaned, verified, stored, and only its masked form returned', async () => {
  const out = await save(`  ${GOOD_KEY.slice(0, 12)}\n${GOOD_KEY.slice(12)} \r\n`);
  expect(out).toMatchObject({ ok: true, maskedKey: `sk-...${GOOD_KEY.slice(-4)}`, cleaned: true });
  expect(out.message).toMatch(/removed/);
  expect(JSON.stringify(out)).not.toContain(GOOD_KEY);
  expect(h.emu.properties('user')['openai.apiKey']).toBe(GOOD_KEY);
  const stats = await h.stub.stats();
  expect(stats.captured.some((c) => c.path === '/v1/models')).toBe(true);
});

test('getSettings reports hasKey and the masked key, never the key itself', async () => {
  await save(GOOD_KEY);
  const result = await h.emu.run('getSettings');
  expect(result.value).toMatchObject({ hasKey: true, maskedKey: `sk-...${GOOD_KEY.slice(-4)}` });
  expect(JSON.stringify(result.value)).not.toContain(GOOD_KEY);
});

test.each([
  ['', 'key_empty'],
  [' \n ', 'key_empty'],
  ['not-a-key', 'key_prefix'],
  ['sk-short', 'key_too_short'],
  ['sk-abcdefghij klmnop!qrstuvwxyz', 'key_characters'],
])('the malformed key %j is refused as %s without a request and nothing is stored', async (key, code) => {
  await h.stub.reset();
  const out = await save(key);
  expect(out).toMatchObject({ ok: false, code });
  expect(out.message.length).toBeGreaterThan(20);
  expect(h.emu.properties('user')['openai.apiKey']).toBeUndefined();
  expect((await h.stub.stats()).requests).toBe(0);
});

test('a revoked key is refused with a message saying to make a new one', async () => {
  const out = await save(REVOKED_KEY);
  expect(out).toMatchObject({ ok: false, code: 'invalid_key' });
  expect(out.message).toMatch(/new key/);
  expect(out.message).not.toContain(REVOKED_KEY);
  expect(h.emu.properties('user')['openai.apiKey']).toBeUndefined();
});

test('a key without quota is refused with a billing message, in Japanese for a Japanese user', async () => {
  const out = await save(NOQUOTA_KEY, 'ja');
  expect(out).toMatchObject({ ok: false, code: 'insufficient_quota' });
  expect(out.message).toMatch(/クレジット/);
});

test('without a key a formula says how to set one, in English', async () => {
  const result = await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1)');
  expect(result.ok).toBe(false);
  expect(result.error?.message).toMatch(/No OpenAI API key is set.*Settings/);
  expect(h.emu.sheet('Sheet1').getValues('B1')).toEqual([['#ERROR!']]);
});

test('without a key a formula in a Japanese spreadsheet says so in Japanese', async () => {
  const ja = await startHarness(
    { spreadsheet: { locale: 'ja_JP', sheets: { シート1: [['素晴らしい']] } } },
    {},
    h.stub,
  );
  try {
    const result = await ja.emu.evaluate('シート1', 'B1', '=GPT_SENTIMENT(A1)');
    expect(result.error?.message).toMatch(/API キーが設定されていません/);
  } finally {
    await ja.close();
  }
});

test('the key never appears in logs, errors, cache keys, document properties or the bundle', async () => {
  await save(GOOD_KEY);
  const results = [
    await h.emu.evaluate('Sheet1', 'B1', '=GPT_SENTIMENT(A1:A2)'),
    await h.emu.evaluate('Sheet1', 'C1', '=GPT_SENTIMENT(A1, "x,y")'),
    await h.emu.run('getSettings'),
    await h.emu.run('getUsage'),
  ];
  const seen = JSON.stringify([
    results,
    h.emu.cacheEntries('document'),
    h.emu.cacheEntries('script'),
    h.emu.properties('document'),
    h.emu.properties('script'),
    h.emu.sheet('Sheet1').getValues(),
  ]);
  expect(seen).not.toContain(GOOD_KEY);
  expect(seen).not.toContain(GOOD_KEY.slice(8));
});

test('a collaborator’s formula spends the owner’s key: the editor cannot read it or store their own there', async () => {
  await save(GOOD_KEY);
  const editor = 'editor@example.com';
  const formula = await h.emu.evaluate('Sheet1', 'D1', '=GPT_SENTIMENT(A1)', { user: editor });
  expect(formula.value).toBe('positive');
  const settings = await h.emu.run('getSettings', [], { user: editor });
  expect(settings.value).toMatchObject({ hasKey: false, maskedKey: null });
});

test('a key that cannot be checked because the API is unreachable is not stored, and the message says so', async () => {
  const offline = await startHarness(
    { hostMap: { 'https://api.openai.com': 'http://127.0.0.1:9' } },
    {},
    h.stub,
  );
  try {
    const result = await offline.emu.run('saveApiKey', [GOOD_KEY]);
    expect(result.value).toMatchObject({ ok: false, code: 'network' });
    expect((result.value as { message: string }).message).toMatch(/could not be reached/);
    expect(offline.emu.properties('user')['openai.apiKey']).toBeUndefined();
  } finally {
    await offline.close();
  }
});
