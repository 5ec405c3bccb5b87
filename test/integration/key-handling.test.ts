import {
  GOOD_KEY,
  NO_LIST_KEY,
  NO_MODEL_PERMISSION_KEY,
  NOQUOTA_KEY,
  REVOKED_KEY,
  startHarness,
  type Harness,
} from './harness';

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
    listed?: boolean;
    model?: string;
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

describe('keys as people paste them', () => {
  test('a restricted key without the model permission is told apart from a revoked one, and not stored', async () => {
    const en = await save(NO_MODEL_PERMISSION_KEY);
    expect(en).toMatchObject({ ok: false, code: 'missing_scope' });
    expect(en.message).toMatch(/“Model capabilities: Request”.*choose “All”/);
    const ja = await save(NO_MODEL_PERMISSION_KEY, 'ja');
    expect(ja.message).toMatch(/「Model capabilities」を「Request」/);
    expect(h.emu.properties('user')['openai.apiKey']).toBeUndefined();
  });

  test('the missing-permission error is recognised by its wording when its code is null', async () => {
    await h.stub.configure({ missingScopeCode: null });
    try {
      expect(await save(NO_MODEL_PERMISSION_KEY)).toMatchObject({ ok: false, code: 'missing_scope' });
    } finally {
      await h.stub.configure({ missingScopeCode: 'missing_scope' });
    }
  });

  test('a key that may call models but not list them is accepted, with the model from the add-on’s table', async () => {
    const out = await save(NO_LIST_KEY);
    expect(out).toMatchObject({ ok: true, listed: false, model: 'gpt-6-luna' });
    expect(out.message).toMatch(/not list them/);
    expect(h.emu.properties('user')['openai.apiKey']).toBe(NO_LIST_KEY);
  });

  test('an admin key is refused without a request, with where to make a project key', async () => {
    await h.stub.reset();
    const out = await save('sk-admin-AbCdEfGhIjKlMnOpQrStUvWxYz0123');
    expect(out).toMatchObject({ ok: false, code: 'admin_key' });
    expect(out.message).toMatch(/Admin API key.*platform\.openai\.com\/api-keys.*sk-proj-/);
    expect((await h.stub.stats()).requests).toBe(0);
  });

  test('a key in full-width characters from a Japanese page is converted and saved', async () => {
    const fullWidth = GOOD_KEY.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const out = await save(fullWidth, 'ja');
    expect(out).toMatchObject({ ok: true, cleaned: true });
    expect(out.message).toMatch(/全角文字を半角に変換/);
    expect(h.emu.properties('user')['openai.apiKey']).toBe(GOOD_KEY);
  });

  test('invisible characters are removed and named by code point, never shown themselves', async () => {
    const out = await save(`${GOOD_KEY.slice(0, 12)}\u200b${GOOD_KEY.slice(12)}\u2060`);
    expect(out.ok).toBe(true);
    expect(out.message).toContain('U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER');
    expect(out.message).not.toMatch(/[\u200b\u2060]/);
  });

  test('a refused key with a space and an invisible character says what was removed before why it was refused', async () => {
    const out = await save(
      `${REVOKED_KEY.slice(0, 10)} ${REVOKED_KEY.slice(10, 20)}\u200b${REVOKED_KEY.slice(20)}`,
    );
    expect(out).toMatchObject({ ok: false, code: 'invalid_key' });
    expect(out.message).toMatch(
      /^Spaces and line breaks .* were removed\. Invisible characters .*: U\+200B ZERO WIDTH SPACE\. .*new key/,
    );
  });

  test('a visible stray character is named with its code point', async () => {
    const out = await save(`${GOOD_KEY}、`, 'ja');
    expect(out).toMatchObject({ ok: false, code: 'key_characters' });
    expect(out.message).toContain('“、” U+3001 IDEOGRAPHIC COMMA');
  });

  test('a service-account key is accepted like a project key', async () => {
    expect(await save('sk-svcacct-test0123456789abcdefghijklmnop')).toMatchObject({ ok: true });
  });
});
