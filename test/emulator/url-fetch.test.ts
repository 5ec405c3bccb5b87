import type { Emulator } from '../../tools/emulator';
import { createEmulator, startServer, type TestServer } from './helpers';

const API = 'https://api.openai.com';
let server: TestServer;
let emu: Emulator;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const delay = Number(url.searchParams.get('delay') ?? 0);
    const status = Number(url.searchParams.get('status') ?? 200);
    setTimeout(() => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Ratelimit-Remaining-Requests': '59' });
      res.end(
        JSON.stringify({
          path: url.pathname,
          method: req.method,
          body,
          error: status >= 400 ? 'nope' : undefined,
        }),
      );
    }, delay);
  });
  // The fixture manifest allows only https://api.openai.com/; hostMap sends it to the local server.
  emu = await createEmulator({ hostMap: { [API]: server.origin }, urlFetchTimeoutMs: 1000 });
});
afterAll(async () => {
  await emu.close();
  await server.close();
});

test('fetch makes a real request through the host map and returns code, text and headers', async () => {
  const r = await emu.run('fetchText', [
    `${API}/v1/chat`,
    {
      method: 'post',
      contentType: 'application/json',
      payload: '{"a":1}',
      headers: { Authorization: 'Bearer k' },
    },
  ]);
  const value = r.value as { code: number; text: string; headers: Record<string, string>; blob: string };
  expect(value.code).toBe(200);
  expect(value.blob).toBe(value.text);
  expect(JSON.parse(value.text)).toEqual({ path: '/v1/chat', method: 'POST', body: '{"a":1}' });
  expect(value.headers['x-ratelimit-remaining-requests']).toBe('59');
  const seen = server.requests[server.requests.length - 1];
  expect(seen.headers['content-type']).toBe('application/json');
  expect(seen.headers.authorization).toBe('Bearer k');
  expect(r.urlFetchRequests).toBe(1);
});

test('fetchAll sends its requests in parallel, returns them in order and counts one service call', async () => {
  const urls = [300, 250, 200, 150, 100].map((d, i) => `${API}/v1/item${i}?delay=${d}`);
  const started = Date.now();
  const r = await emu.run('fetchAllCodes', [urls]);
  expect(Date.now() - started).toBeLessThan(1000);
  expect((r.value as string[]).map((s) => JSON.parse(s.slice(4)).path)).toEqual([
    '/v1/item0',
    '/v1/item1',
    '/v1/item2',
    '/v1/item3',
    '/v1/item4',
  ]);
  expect(r.urlFetchRequests).toBe(5);
  expect(r.serviceCallsByMethod).toEqual({ 'UrlFetchApp.fetchAll': 1 });
});

test('an HTTP error throws like Apps Script unless muteHttpExceptions is set', async () => {
  const thrown = await emu.run('fetchError', [`${API}/v1/models?status=401`]);
  expect(thrown.value).toMatchObject({
    name: 'Exception',
    message: expect.stringMatching(
      /^Request failed for https:\/\/api\.openai\.com returned code 401\. Truncated server response: \{/,
    ),
  });
  const muted = await emu.run('fetchText', [`${API}/v1/models?status=429`, { muteHttpExceptions: true }]);
  expect((muted.value as { code: number }).code).toBe(429);
});

test('a URL outside the manifest whitelist is refused without any request', async () => {
  const before = server.requests.length;
  const r = await emu.run('fetchError', [`${server.origin}/direct`]);
  expect(r.value).toMatchObject({ message: expect.stringContaining('urlFetchWhitelist') });
  const evil = await emu.run('fetchError', ['https://api.openai.com.evil.example/v1/models']);
  expect(evil.value).toMatchObject({ message: expect.stringContaining('not allowed') });
  expect(server.requests.length).toBe(before);
  expect(r.urlFetchRequests).toBe(0);
});

test('a request past urlFetchTimeoutMs throws "Timeout: <url>"', async () => {
  const url = `${API}/v1/slow?delay=3000`;
  const r = await emu.run('fetchError', [url]);
  expect(r.value).toMatchObject({ name: 'Exception', message: `Timeout: ${url}` });
});

test('a refused connection throws "Address unavailable: <url>"', async () => {
  const gone = await startServer(() => undefined);
  await gone.close(); // a port nothing listens on any more
  const closed = await createEmulator({ hostMap: { [API]: gone.origin } });
  try {
    const r = await closed.run('fetchError', [`${API}/v1/models`]);
    expect(r.value).toMatchObject({ message: `Address unavailable: ${API}/v1/models` });
  } finally {
    await closed.close();
  }
});
