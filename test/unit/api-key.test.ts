import { checkApiKey, maskKey, redactKeys } from '../../src/openai/api-key';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx_yz-0123456789';

test('spaces and line breaks around and inside a pasted key are removed and reported', () => {
  expect(checkApiKey(`  ${KEY.slice(0, 20)}\n${KEY.slice(20)}\r\n `)).toEqual({
    ok: true,
    key: KEY,
    cleaned: true,
  });
});

test('a clean key is accepted as is', () => {
  expect(checkApiKey(KEY)).toEqual({ ok: true, key: KEY, cleaned: false });
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
