import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../tools/emulator';
import { startStub } from '../../tools/openai-stub/index';
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

describe('payload objects with Blobs', () => {
  interface Part {
    name: string;
    file: boolean;
    filename?: string;
    type?: string;
    text: string;
    bytes: number[];
  }
  interface Seen {
    contentType: string;
    raw: string;
    parts: Part[] | null;
  }
  let formServer: Server;
  let formEmu: Emulator;
  const seen: Seen[] = [];

  /** Parses the body with the platform's own multipart parser (undici), not the emulator's code. */
  async function partsOf(body: Buffer, contentType: string): Promise<Part[] | null> {
    try {
      const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
      const parts: Part[] = [];
      for (const [name, value] of form) {
        if (typeof value === 'string') {
          parts.push({ name, file: false, text: value, bytes: [...Buffer.from(value, 'utf8')] });
        } else {
          const bytes = Buffer.from(await value.arrayBuffer());
          parts.push({
            name,
            file: true,
            filename: value.name,
            type: value.type,
            text: bytes.toString('utf8'),
            bytes: [...bytes],
          });
        }
      }
      return parts;
    } catch {
      return null;
    }
  }

  beforeAll(async () => {
    formServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        void partsOf(body, contentType).then((parts) => {
          seen.push({ contentType, raw: body.toString('latin1'), parts });
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end('ok');
        });
      });
    });
    await new Promise<void>((resolve) => formServer.listen(0, '127.0.0.1', resolve));
    const { port } = formServer.address() as AddressInfo;
    formEmu = await createEmulator({ hostMap: { [API]: `http://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await formEmu.close();
    formServer.closeAllConnections();
    await new Promise<void>((resolve) => formServer.close(() => resolve()));
  });

  const lastSeen = (): Seen => seen[seen.length - 1];
  const upload = `${API}/v1/files`;

  test('an object holding a Blob is sent as multipart/form-data with a boundary, its string fields and a named, typed file part', async () => {
    const r = await formEmu.run('postForm', [
      upload,
      { purpose: 'batch' },
      [{ field: 'file', data: '{"custom_id":"r1"}\n', contentType: 'application/jsonl', name: 'rows.jsonl' }],
    ]);
    expect(r.ok).toBe(true);
    const { contentType, raw, parts } = lastSeen();
    const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    expect(raw.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    expect(parts).toEqual([
      { name: 'purpose', file: false, text: 'batch', bytes: [...Buffer.from('batch')] },
      {
        name: 'file',
        file: true,
        filename: 'rows.jsonl',
        type: 'application/jsonl',
        text: '{"custom_id":"r1"}\n',
        bytes: [...Buffer.from('{"custom_id":"r1"}\n')],
      },
    ]);
  });

  test('the bytes of a Blob made from a signed byte array arrive unchanged, and each request has its own boundary', async () => {
    const blob = {
      field: 'file',
      data: [-1, 0, 127, -128, 13, 10, 45, 45],
      contentType: 'image/png',
      name: 'x.png',
    };
    await formEmu.run('postForm', [upload, {}, [blob]]);
    const first = lastSeen();
    expect(first.parts?.[0]).toMatchObject({ file: true, bytes: [255, 0, 127, 128, 13, 10, 45, 45] });
    await formEmu.run('postForm', [upload, {}, [blob]]);
    expect(lastSeen().contentType).not.toBe(first.contentType);
  });

  test('an object of strings only stays application/x-www-form-urlencoded', async () => {
    await formEmu.run('postForm', [upload, { purpose: 'batch', note: 'a b&c' }, []]);
    expect(lastSeen().contentType).toBe('application/x-www-form-urlencoded');
    expect(lastSeen().raw).toBe('purpose=batch&note=a+b%26c');
  });

  test('a Blob without a name is a plain field (no filename) and without a type is application/octet-stream', async () => {
    await formEmu.run('postForm', [
      upload,
      {},
      [{ field: 'file', data: 'abc', contentType: null, name: null }],
    ]);
    const { raw, parts } = lastSeen();
    expect(raw).toContain(
      'Content-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n',
    );
    expect(parts).toEqual([{ name: 'file', file: false, text: 'abc', bytes: [...Buffer.from('abc')] }]);
  });

  test('contentType "multipart/form-data" given with a Blob object replaces the header only: no boundary, so the server cannot read the body', async () => {
    const blob = { field: 'file', data: 'abc', contentType: 'text/plain', name: 'a.txt' };
    await formEmu.run('postForm', [
      upload,
      { purpose: 'batch' },
      [blob],
      { contentType: 'multipart/form-data' },
    ]);
    expect(lastSeen().contentType).toBe('multipart/form-data');
    expect(lastSeen().raw).toContain('filename="a.txt"');
    expect(lastSeen().parts).toBeNull();
  });

  test('a Blob as the whole payload is sent as its bytes with its own content type', async () => {
    await formEmu.run('postBlob', [upload, '{"a":1}', 'application/json', 'a.json']);
    expect(lastSeen().contentType).toBe('application/json');
    expect(lastSeen().raw).toBe('{"a":1}');
  });
});

test('a body over urlFetchMaxPostBytes (50 MB) throws "Limit Exceeded: URLFetch POST Size." before anything is sent', async () => {
  const small = await createEmulator({ hostMap: { [API]: server.origin }, urlFetchMaxPostBytes: 300 });
  try {
    const before = server.requests.length;
    const fits = await small.run('postForm', [`${API}/v1/files`, { purpose: 'batch' }, []]);
    expect(fits.ok).toBe(true);
    // 200 bytes of data fit the limit, but not with the multipart framing around them.
    const blob = {
      field: 'file',
      data: 'x'.repeat(200),
      contentType: 'application/jsonl',
      name: 'rows.jsonl',
    };
    const over = await small.run('postForm', [`${API}/v1/files`, { purpose: 'batch' }, [blob]]);
    expect(over.ok).toBe(false);
    expect(over.error?.message).toBe('Limit Exceeded: URLFetch POST Size.');
    expect(over.urlFetchRequests).toBe(0);
    expect(server.requests.length).toBe(before + 1);
  } finally {
    await small.close();
  }
});

test('a response over urlFetchMaxResponseBytes (50 MB) throws "Limit Exceeded: URLFetch Response Size."', async () => {
  const small = await createEmulator({ hostMap: { [API]: server.origin }, urlFetchMaxResponseBytes: 120 });
  try {
    const fits = await small.run('fetchText', [`${API}/v1/a`, { muteHttpExceptions: true }]);
    expect(fits.ok).toBe(true);
    const over = await small.run('fetchText', [`${API}/v1/${'a'.repeat(150)}`]);
    expect(over.ok).toBe(false);
    expect(over.error?.message).toBe('Limit Exceeded: URLFetch Response Size.');
  } finally {
    await small.close();
  }
});

test('a Blob form posted by UrlFetchApp is an upload the OpenAI stub accepts as a batch file', async () => {
  const stub = await startStub({ today: '2026-12-01' });
  const toStub = await createEmulator({ hostMap: { [API]: stub.baseUrl } });
  try {
    const rows = '{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{}}\n';
    const blob = { field: 'file', data: rows, contentType: 'application/jsonl', name: 'rows.jsonl' };
    const headers = { headers: { Authorization: 'Bearer sk-test-0123456789abcdefghij' } };
    const r = await toStub.run('postForm', [`${API}/v1/files`, { purpose: 'batch' }, [blob], headers]);
    expect(JSON.parse(r.value as string)).toMatchObject({
      object: 'file',
      purpose: 'batch',
      filename: 'rows.jsonl',
      bytes: rows.length,
    });
  } finally {
    await toStub.close();
    await stub.stop();
  }
});
