import { checkApiKey, maskKey, redactKeys } from '../../src/openai/api-key';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx_yz-0123456789';

test('spaces and line breaks around and inside a pasted key are removed and reported', () => {
  expect(checkApiKey(`  ${KEY.slice(0, 20)}\n${KEY.slice(20)}\r\n `)).toMatchObject({
    ok: true,
    key: KEY,
    cleaned: true,
    cleaning: { spaces: true, normalized: false, invisible: [] },
  });
});

test('a clean key is accepted as is', () => {
  expect(checkApiKey(KEY)).toMatchObject({ ok: true, key: KEY, cleaned: false });
});

test('quotes and a Bearer prefix copied along with the key are removed', () => {
  expect(checkApiKey(`Bearer "${KEY}"`)).toMatchObject({ ok: true, key: KEY });
});

test.each([
  ['', 'key_empty'],
  ['   \n ', 'key_empty'],
  [undefined, 'key_empty'],
  ['pk-abcdefghijklmnopqrstuvwxyz', 'key_prefix'],
  ['sk-abc', 'key_too_short'],
  ['sk-abcdefghij…klmnopqrstuvwxyz', 'key_characters'],
])('%j is refused as %s', (raw, problem) => {
  expect(checkApiKey(raw)).toMatchObject({ ok: false, problem });
});

test('the masked form shows only the last four characters', () => {
  expect(maskKey(KEY)).toBe('sk-...6789');
});

test('redaction masks anything shaped like a key inside text', () => {
  expect(redactKeys(`Incorrect API key provided: ${KEY}.`)).toBe('Incorrect API key provided: sk-...6789.');
});

test('a key pasted from a Japanese page in full-width characters becomes ASCII', () => {
  const fullWidth = KEY.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  expect(checkApiKey(fullWidth)).toMatchObject({ ok: true, key: KEY, cleaning: { normalized: true } });
});

test('invisible characters are removed and named by code point, never shown', () => {
  const out = checkApiKey(`\u200b${KEY.slice(0, 10)}\u2060${KEY.slice(10)}\ufeff`);
  expect(out).toMatchObject({ ok: true, key: KEY });
  if (!out.ok) return;
  expect(out.cleaning.invisible).toEqual([
    'U+200B ZERO WIDTH SPACE',
    'U+2060 WORD JOINER',
    'U+FEFF ZERO WIDTH NO-BREAK SPACE',
  ]);
  expect(out.cleaning.normalized).toBe(false);
});

test('an ideographic space around the key is a space, not a full-width key', () => {
  expect(checkApiKey(`\u3000${KEY}\u3000`)).toMatchObject({
    ok: true,
    cleaning: { spaces: true, normalized: false },
  });
});

test('a visible stray character is named with its code point', () => {
  expect(checkApiKey(`${KEY}、`)).toEqual({
    ok: false,
    problem: 'key_characters',
    chars: '“、” U+3001 IDEOGRAPHIC COMMA',
  });
});

test('an admin key is refused; project, service-account and legacy keys are told apart', () => {
  expect(checkApiKey('sk-admin-AbCdEfGhIjKlMnOpQrStUvWx')).toEqual({ ok: false, problem: 'admin_key' });
  expect(checkApiKey(KEY)).toMatchObject({ kind: 'project' });
  expect(checkApiKey('sk-svcacct-AbCdEfGhIjKlMnOpQrStUvWx')).toMatchObject({ kind: 'service_account' });
  expect(checkApiKey('sk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijkl')).toMatchObject({ kind: 'user' });
});

test('the API’s masked form of a key is redacted too', () => {
  expect(redactKeys('Incorrect API key provided: sk-proj-********************wxyz.')).toBe(
    'Incorrect API key provided: sk-...wxyz.',
  );
});
