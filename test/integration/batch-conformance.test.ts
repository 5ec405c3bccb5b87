// Every request a batch job sends to /v1/files and /v1/batches, as the stub captured it, and every
// answer it acted on, against OpenAI's own OpenAPI description (CreateFileRequest, OpenAIFile,
// CreateBatchRequest, Batch, ListBatchesResponse, DeleteFileResponse, ErrorResponse); and every line
// of the files it uploads as a Batch API request whose body is a CreateChatCompletionRequest.
import type { CapturedExchange } from '../../tools/openai-stub/stats';
import { problemsBesideNulls, validateSchema } from '../support/openapi';
import { describeWithShared } from '../support/shared-tests';
import { GOOD_KEY, saveKey, startHarness, type Harness } from './harness';
import { sheetRows, start, step } from './job-helpers';

const SPEC = { sheet: 'Reviews', inputColumn: 'A', outputColumn: 'B', task: 'sentiment', mode: 'batch' };
const PAST_A_LOOK_MS = 11 * 60_000;
/** The Batch API's limit of a file (CreateBatchRequest.input_file_id). */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** The schemas of a request body and of its answer, by method and path; null: no body to check. */
interface Route {
  name: string;
  request: string | null;
  response: string | null;
}

function routeOf(method: string, path: string): Route | undefined {
  const routes: Array<[string, RegExp, Route]> = [
    ['POST', /^\/v1\/files$/, { name: 'upload', request: 'CreateFileRequest', response: 'OpenAIFile' }],
    ['GET', /^\/v1\/files\/[^/]+$/, { name: 'file', request: null, response: 'OpenAIFile' }],
    ['GET', /^\/v1\/files\/[^/]+\/content$/, { name: 'content', request: null, response: null }],
    ['DELETE', /^\/v1\/files\/[^/]+$/, { name: 'delete', request: null, response: 'DeleteFileResponse' }],
    ['POST', /^\/v1\/batches$/, { name: 'create', request: 'CreateBatchRequest', response: 'Batch' }],
    ['GET', /^\/v1\/batches(\?.*)?$/, { name: 'list', request: null, response: 'ListBatchesResponse' }],
    ['GET', /^\/v1\/batches\/[^/]+$/, { name: 'retrieve', request: null, response: 'Batch' }],
    ['POST', /^\/v1\/batches\/[^/]+\/cancel$/, { name: 'cancel', request: null, response: 'Batch' }],
  ];
  return routes.find(([m, re]) => m === method && re.test(path))?.[2];
}

/** An upload as the stub keeps it (its fields, and of the file its name, type and size) as the form it was. */
function uploadForm(body: unknown): {
  form: Record<string, unknown>;
  file: { filename: string; bytes: number };
} {
  const { file, ...fields } = body as { file: { filename: string; bytes: number } };
  return { form: { ...fields, file: `<${file.bytes} bytes>` }, file };
}

/** What is wrong with one exchange with the Batch API: [] when it matches the description. */
function problemsOf(exchange: CapturedExchange): string[] {
  const route = routeOf(exchange.method, exchange.path);
  if (!route) return [`${exchange.method} ${exchange.path}: not a Batch API call the add-on should make`];
  const problems: string[] = [];
  if (route.request === 'CreateFileRequest') {
    const { form, file } = uploadForm(exchange.body);
    problems.push(...validateSchema(route.request, form));
    if (form.purpose !== 'batch') problems.push(`purpose ${String(form.purpose)}`);
    if (!file.filename.endsWith('.jsonl')) problems.push(`file name ${file.filename}`);
    if (file.bytes > MAX_FILE_BYTES) problems.push(`${file.bytes} bytes`);
  } else if (route.request) problems.push(...validateSchema(route.request, exchange.body));
  if (exchange.status >= 400) problems.push(...validateSchema('ErrorResponse', exchange.response));
  else if (route.response) problems.push(...problemsBesideNulls(route.response, exchange.response));
  return problems.map((p) => `${route.name} ${exchange.status}: ${p}`);
}

/** The exchanges the bundle had with the stub, less the test's own reads in between. */
class Exchanges {
  private seen = 0;
  readonly bundle: CapturedExchange[] = [];

  constructor(private readonly h: Harness) {}

  /** What the bundle sent since the last look. */
  async take(): Promise<void> {
    const all = (await this.h.stub.stats()).captured;
    this.bundle.push(...all.slice(this.seen));
    this.seen = all.length;
  }

  /** The test's own calls since the last look are not the bundle's. */
  async skip(): Promise<void> {
    this.seen = (await this.h.stub.stats()).captured.length;
  }

  batchApi(): CapturedExchange[] {
    return this.bundle.filter((c) => c.path.startsWith('/v1/files') || c.path.startsWith('/v1/batches'));
  }
}

async function api(h: Harness, path: string): Promise<unknown> {
  const res = await fetch(`${h.stub.baseUrl}/v1${path}`, {
    headers: { authorization: `Bearer ${GOOD_KEY}` },
  });
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

/** Problems of the lines of every batch's input file (read while the batches are out). */
async function inputProblems(h: Harness): Promise<{ lines: number; problems: string[] }> {
  const listed = (await api(h, '/batches?limit=100')) as { data: Array<{ input_file_id: string }> };
  const problems: string[] = [];
  let lines = 0;
  for (const batch of listed.data) {
    const text = (await api(h, `/files/${batch.input_file_id}/content`)) as string;
    const ids = new Set<string>();
    const models = new Set<unknown>();
    for (const raw of text.split('\n').filter((l) => l.trim())) {
      lines++;
      const line = JSON.parse(raw) as {
        custom_id: string;
        method: string;
        url: string;
        body: { model: unknown };
      };
      const at = `${batch.input_file_id} ${line.custom_id}`;
      if (Object.keys(line).sort().join() !== 'body,custom_id,method,url') problems.push(`${at}: fields`);
      if (line.method !== 'POST' || line.url !== '/v1/chat/completions')
        problems.push(`${at}: ${line.method} ${line.url}`);
      if (typeof line.custom_id !== 'string' || ids.has(line.custom_id))
        problems.push(`${at}: custom_id not unique`);
      ids.add(line.custom_id);
      models.add(line.body.model);
      problems.push(...validateSchema('CreateChatCompletionRequest', line.body).map((p) => `${at}: ${p}`));
    }
    if (models.size !== 1) problems.push(`${batch.input_file_id}: ${models.size} models in one file`);
  }
  return { lines, problems };
}

async function look(h: Harness, jobId: string): Promise<{ state: string }> {
  h.emu.advanceClock(PAST_A_LOOK_MS);
  return (await step(h, jobId)) as { state: string };
}

describeWithShared('openapi')('a batch job’s calls against OpenAI’s OpenAPI description', () => {
  let h: Harness;
  let exchanges: Exchanges;
  beforeEach(async () => {
    h = await startHarness(
      { spreadsheet: { sheets: { Reviews: sheetRows(300, 'c') } } },
      { batchSecondsPerStage: null },
    );
    await saveKey(h.emu);
    await h.stub.reset();
    exchanges = new Exchanges(h);
  });
  afterEach(() => h.close());

  /** Every exchange so far checked, and the kinds of call among them. */
  function checked(): string[] {
    const calls = exchanges.batchApi();
    expect(calls.flatMap(problemsOf)).toEqual([]);
    return [...new Set(calls.map((c) => routeOf(c.method, c.path)?.name ?? '?'))].sort();
  }

  test('upload, create, look, download and delete; partial failure and the new batch after it', async () => {
    await h.stub.configure({ batchFailEvery: 3, batchMaxRequests: 8 });
    const jobId = await start(h, SPEC);
    await step(h, jobId);
    await exchanges.take();
    const input = await inputProblems(h);
    expect(input).toEqual({ lines: 12, problems: [] });
    await exchanges.skip();
    await h.stub.configure({ batchSecondsPerStage: 0 });
    let s = await look(h, jobId);
    for (let i = 0; s.state === 'running' && i < 12; i++) s = await look(h, jobId);
    await h.stub.configure({ batchFailEvery: null });
    await exchanges.take();
    expect(s.state).toBe('done');
    expect(checked()).toEqual(['content', 'create', 'delete', 'retrieve', 'upload']);
  });

  test('an expired batch, a cancelled one, and one refused for the enqueued-token limit', async () => {
    await h.stub.configure({ batchEnqueuedTokenLimit: 6000 });
    const refused = await start(h, SPEC);
    await step(h, refused);
    await h.stub.advanceBatches(); // validation refuses it
    await look(h, refused);
    await h.emu.run('cancelJob', [refused]);
    await h.stub.configure({ batchEnqueuedTokenLimit: null });

    const expired = await start(h, { ...SPEC, outputColumn: 'C' });
    await step(h, expired);
    await h.stub.advanceBatches({ completeRequests: 2, to: 'expired' });
    expect((await look(h, expired)).state).toBe('paused');
    await h.emu.run('cancelJob', [expired]);

    const cancelled = await start(h, { ...SPEC, outputColumn: 'D' });
    await step(h, cancelled);
    await h.stub.advanceBatches({ completeRequests: 1 });
    await h.emu.run('cancelJob', [cancelled]);
    await h.stub.advanceBatches({ to: 'cancelled' });
    h.emu.advanceClock(PAST_A_LOOK_MS);
    await h.emu.run('listColumnJobs');
    await exchanges.take();

    const statuses = exchanges
      .batchApi()
      .filter((c) => c.status === 200 && routeOf(c.method, c.path)?.response === 'Batch')
      .map((c) => (c.response as { status: string }).status);
    expect(new Set(statuses)).toEqual(
      new Set(['validating', 'failed', 'expired', 'cancelling', 'cancelled']),
    );
    expect(checked()).toEqual(['cancel', 'content', 'create', 'delete', 'retrieve', 'upload']);
  });

  test('the checks would catch a request or an answer the API does not describe', () => {
    const upload = (fields: Record<string, unknown>): CapturedExchange => ({
      method: 'POST',
      path: '/v1/files',
      body: { purpose: 'batch', file: { filename: 'rows.jsonl', bytes: 10 }, ...fields },
      status: 200,
      response: {
        id: 'file-1',
        object: 'file',
        bytes: 10,
        created_at: 1,
        filename: 'rows.jsonl',
        purpose: 'batch',
        status: 'processed',
      },
    });
    expect(problemsOf(upload({}))).toEqual([]);
    expect(problemsOf(upload({ purpose: 'fine-tune' }))).not.toEqual([]);
    expect(problemsOf(upload({ file: { filename: 'rows.csv', bytes: 10 } }))).not.toEqual([]);
    const create: CapturedExchange = {
      method: 'POST',
      path: '/v1/batches',
      body: { input_file_id: 'file-1', endpoint: '/v1/chat/completions', completion_window: '48h' },
      status: 200,
      response: {},
    };
    expect(problemsOf(create).length).toBeGreaterThan(1);
    expect(problemsOf({ method: 'GET', path: '/v1/uploads', body: null, status: 200 })).not.toEqual([]);
  });
});
