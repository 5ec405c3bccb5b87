// The Batch API of the stub: a batch's life, its results, validation, limits, expiry, cancel, lists.

import {
  KEY,
  batchLine,
  batchRequest,
  call,
  chat,
  errorOf,
  fileLines,
  getBatch,
  jsonl,
  startBatch,
  uploadFile,
  type BatchShape,
} from './client';
import { useStub } from './use-stub';

const DEFAULTS = {
  batchSecondsPerStage: null,
  batchMaxRequests: 50_000,
  batchEnqueuedTokenLimit: null,
  batchFailEvery: null,
  clockOffsetMs: 0,
};

const stub = useStub(DEFAULTS);

const labels = { type: 'string', enum: ['positive', 'neutral', 'negative'] };
const REVIEWS = [
  ['Great product, I love it', 'Terrible, it broke'],
  ['Arrived on time'],
  ['Awful support', 'Wonderful colours', 'It is fine'],
  ['Bad zipper'],
  ['Excellent value', 'Horrible smell'],
];

function sentimentLines(model = 'gpt-4o-mini'): string[] {
  return REVIEWS.map((texts, i) =>
    batchLine(`row-${i}`, batchRequest(model, 'Classify the sentiment.', texts, labels)),
  );
}

const simple = (content: string, model = 'gpt-4o-mini') => ({ model, messages: [{ role: 'user', content }] });

interface OutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: string; message: string } | null;
}

async function outputOf(batch: BatchShape): Promise<OutputLine[]> {
  return batch.output_file_id
    ? ((await fileLines(stub.baseUrl, batch.output_file_id)) as unknown as OutputLine[])
    : [];
}

async function errorsOf(batch: BatchShape): Promise<OutputLine[]> {
  return batch.error_file_id
    ? ((await fileLines(stub.baseUrl, batch.error_file_id)) as unknown as OutputLine[])
    : [];
}

async function advance(id: string, request: Record<string, unknown> = {}): Promise<BatchShape> {
  const [batch] = await stub.advanceBatches({ id, ...request });
  return batch as unknown as BatchShape;
}

describe('a batch from start to end', () => {
  test('it goes validating -> in_progress -> finalizing -> completed, with request_counts and timestamps at each stage', async () => {
    const created = await startBatch(stub.baseUrl, sentimentLines(), { metadata: { job: 'reviews' } });
    expect(created).toMatchObject({
      object: 'batch',
      status: 'validating',
      model: 'gpt-4o-mini',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      request_counts: { total: 0, completed: 0, failed: 0 },
      in_progress_at: null,
      expires_at: null,
      output_file_id: null,
      metadata: { job: 'reviews' },
    });
    expect(created.id).toMatch(/^batch_[0-9a-f]{32}$/);
    expect((await getBatch(stub.baseUrl, created.id)).status).toBe('validating');
    const running = await advance(created.id, { to: 'in_progress' });
    expect(running).toMatchObject({
      status: 'in_progress',
      request_counts: { total: 5, completed: 0, failed: 0 },
    });
    expect(running.expires_at).toBe(created.created_at + 24 * 3600);
    expect((await advance(created.id, { completeRequests: 2 })).request_counts).toEqual({
      total: 5,
      completed: 2,
      failed: 0,
    });
    const finalizing = await advance(created.id);
    expect(finalizing).toMatchObject({
      status: 'finalizing',
      request_counts: { completed: 5 },
      output_file_id: null,
    });
    const done = await advance(created.id);
    expect(done.status).toBe('completed');
    expect(done.completed_at).not.toBeNull();
    expect(done.error_file_id).toBeNull();
    expect(await getBatch(stub.baseUrl, created.id)).toEqual(done);
  });

  test('every request is answered as the synchronous call answers it, out of input order, matched by custom_id, billed in usage and stats', async () => {
    const lines = sentimentLines();
    const batch = await startBatch(stub.baseUrl, lines);
    const done = await advance(batch.id, { to: 'completed' });
    const output = await outputOf(done);
    const ids = REVIEWS.map((_, i) => `row-${i}`);
    expect(output.map((l) => l.custom_id).sort()).toEqual(ids);
    expect(output.map((l) => l.custom_id)).not.toEqual(ids);
    const stats = await stub.stats();
    const sum = { prompt: 0, completion: 0 };
    for (const line of output) {
      expect(line.id).toMatch(/^batch_req_[0-9a-f]{32}$/);
      expect(line.error).toBeNull();
      expect(line.response).toMatchObject({
        status_code: 200,
        request_id: expect.stringMatching(/^req_[0-9a-f]{32}$/),
      });
      const body = line.response?.body as { usage: { prompt_tokens: number; completion_tokens: number } };
      const index = Number(line.custom_id.slice(4));
      const sync = await chat(stub.baseUrl, JSON.parse(lines[index]).body);
      const syncBody = sync.json as typeof body & { choices: unknown };
      expect((body as unknown as { choices: unknown }).choices).toEqual(syncBody.choices);
      expect(body.usage).toEqual(syncBody.usage);
      sum.prompt += body.usage.prompt_tokens;
      sum.completion += body.usage.completion_tokens;
    }
    expect(done.usage).toEqual({
      input_tokens: sum.prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: sum.completion,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: sum.prompt + sum.completion,
    });
    expect(stats).toMatchObject({
      batchesCreated: 1,
      batchRequestsCompleted: 5,
      batchRequestsFailed: 0,
      batchTokens: sum.prompt + sum.completion,
      batchPromptTokens: sum.prompt,
      batchCompletionTokens: sum.completion,
      promptTokens: 0,
      chatCompletions: 0,
    });
  });

  test('the output file is a batch_output file named after the batch, living 30 days unless output_expires_after says otherwise', async () => {
    const batch = await startBatch(stub.baseUrl, sentimentLines(), {
      output_expires_after: { anchor: 'created_at', seconds: 7200 },
    });
    const done = await advance(batch.id, { to: 'completed' });
    const file = (await call(stub.baseUrl, 'GET', `/v1/files/${String(done.output_file_id)}`)).json as Record<
      string,
      number | string
    >;
    expect(file).toMatchObject({ purpose: 'batch_output', filename: `${batch.id}_output.jsonl` });
    expect(file.expires_at).toBe((file.created_at as number) + 7200);
  });

  test('reasoning and cached tokens of the requests add up in the batch usage', async () => {
    const long = 'Classify each review by its sentiment, carefully and consistently. '.repeat(120);
    const body = (text: string) => ({
      model: 'gpt-6-luna',
      messages: [
        { role: 'system', content: long },
        { role: 'user', content: text },
      ],
    });
    const batch = await startBatch(stub.baseUrl, [batchLine('a', body('good')), batchLine('b', body('bad'))]);
    const done = await advance(batch.id, { to: 'completed' });
    expect(done.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(done.usage.input_tokens_details.cached_tokens).toBeGreaterThanOrEqual(1024);
    const stats = await stub.stats();
    expect(stats.batchCachedTokens).toBe(done.usage.input_tokens_details.cached_tokens);
    expect(stats.batchReasoningTokens).toBe(done.usage.output_tokens_details.reasoning_tokens);
  });
});

describe('partial failure', () => {
  test('a request whose body the chat validation refuses is in the error file as its 400 response; the others complete', async () => {
    const lines = [
      batchLine('ok-1', simple('Hello', 'gpt-6-luna')),
      batchLine('bad', { ...simple('Hello', 'gpt-6-luna'), temperature: 0.2 }),
      batchLine('ok-2', simple('Bye', 'gpt-6-luna')),
    ];
    const done = await advance((await startBatch(stub.baseUrl, lines)).id, { to: 'completed' });
    expect(done).toMatchObject({
      status: 'completed',
      request_counts: { total: 3, completed: 2, failed: 1 },
    });
    expect((await outputOf(done)).map((l) => l.custom_id).sort()).toEqual(['ok-1', 'ok-2']);
    const [failed] = await errorsOf(done);
    expect(failed).toMatchObject({
      custom_id: 'bad',
      error: null,
      response: {
        status_code: 400,
        body: {
          error: {
            message:
              "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
            type: 'invalid_request_error',
            param: 'temperature',
            code: 'unsupported_value',
          },
        },
      },
    });
    expect((await stub.stats()).batchRequestsFailed).toBe(1);
  });

  test('batchFailEvery makes every Nth request run fail with a 500 server_error line', async () => {
    await stub.configure({ batchFailEvery: 3 });
    const lines = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((t) => batchLine(t, simple(t)));
    const done = await advance((await startBatch(stub.baseUrl, lines)).id, { to: 'completed' });
    expect(done.request_counts).toEqual({ total: 7, completed: 5, failed: 2 });
    const failed = await errorsOf(done);
    expect(new Set(failed.map((l) => l.custom_id)).size).toBe(2);
    for (const line of failed) {
      expect(line.response?.status_code).toBe(500);
      expect(errorOf(line.response?.body)).toMatchObject({ type: 'server_error' });
    }
    expect((await outputOf(done)).length).toBe(5);
  });
});

describe('validation failures', () => {
  const good = (id: string, model = 'gpt-4o-mini') => batchLine(id, simple(`text ${id}`, model));
  const cases: Array<
    [string, string[], { code: string; line: number | null; param: string | null; message?: string }]
  > = [
    [
      'a line that is not JSON',
      [good('a'), '{"custom_id": "b", "method": "POST"', good('c')],
      {
        code: 'invalid_json_line',
        line: 2,
        param: null,
        message: 'This line is not parseable as valid JSON.',
      },
    ],
    [
      'two models in one file',
      [good('a'), good('b', 'gpt-4.1-mini')],
      { code: 'model_mismatch', line: 2, param: 'body.model' },
    ],
    [
      'a duplicate custom_id',
      [good('a'), good('b'), good('a')],
      { code: 'duplicate_custom_id', line: 3, param: 'custom_id' },
    ],
    [
      'an unknown model',
      [good('a', 'gpt-nothing')],
      { code: 'model_not_found', line: 1, param: 'body.model' },
    ],
    [
      'a request for another endpoint',
      [JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/embeddings', body: simple('x') })],
      { code: 'url_mismatch', line: 1, param: 'url' },
    ],
    [
      'a line without a body',
      [JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions' })],
      { code: 'missing_required_parameter', line: 1, param: 'body' },
    ],
    [
      'a GET request',
      [JSON.stringify({ custom_id: 'a', method: 'GET', url: '/v1/chat/completions', body: simple('x') })],
      { code: 'invalid_value', line: 1, param: 'method' },
    ],
  ];

  test.each(cases)('%s fails the batch with errors.data naming the line', async (_name, lines, expected) => {
    const batch = await startBatch(stub.baseUrl, lines);
    expect(batch.status).toBe('validating');
    const failed = await advance(batch.id, { to: 'completed' });
    expect(failed).toMatchObject({
      status: 'failed',
      request_counts: { total: 0, completed: 0, failed: 0 },
      output_file_id: null,
      error_file_id: null,
      in_progress_at: null,
    });
    expect(failed.failed_at).not.toBeNull();
    expect(failed.errors?.object).toBe('list');
    expect(failed.errors?.data).toEqual([expect.objectContaining(expected)]);
    expect((await stub.stats()).batchRequestsCompleted).toBe(0);
  });

  test('more requests than batchMaxRequests (50,000 unless lowered) fail the batch with too_many_tasks', async () => {
    await stub.configure({ batchMaxRequests: 3 });
    const ok = await advance(
      (
        await startBatch(
          stub.baseUrl,
          ['a', 'b', 'c'].map((i) => good(i)),
        )
      ).id,
      {
        to: 'in_progress',
      },
    );
    expect(ok.status).toBe('in_progress');
    const failed = await advance(
      (
        await startBatch(
          stub.baseUrl,
          ['a', 'b', 'c', 'd'].map((i) => good(i)),
        )
      ).id,
      {
        to: 'in_progress',
      },
    );
    expect(failed.errors?.data).toEqual([
      {
        code: 'too_many_tasks',
        line: null,
        param: null,
        message: 'The input file has 4 requests; a batch can have at most 3.',
      },
    ]);
  });

  test('an empty input file fails with empty_file, and every bad line of a file is reported in line order', async () => {
    const empty = await uploadFile(stub.baseUrl, '');
    const created = await call(stub.baseUrl, 'POST', '/v1/batches', {
      input_file_id: (empty.json as { id: string }).id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const failed = await advance((created.json as BatchShape).id);
    expect(failed.errors?.data.map((e) => e.code)).toEqual(['empty_file']);
    const several = await startBatch(stub.baseUrl, [good('a'), 'nope', good('a'), good('b', 'gpt-4.1-mini')]);
    const reported = await advance(several.id);
    expect(reported.errors?.data.map((e) => [e.code, e.line])).toEqual([
      ['invalid_json_line', 2],
      ['duplicate_custom_id', 3],
      ['model_mismatch', 4],
    ]);
  });
});

describe('the enqueued-token limit', () => {
  const lines = (prefix: string, model = 'gpt-4o-mini') =>
    Array.from({ length: 40 }, (_, i) =>
      batchLine(
        `${prefix}-${i}`,
        simple(`Review number ${i}: the delivery was late but the product works well.`, model),
      ),
    );

  async function promptTokensOf(batchLines: string[]): Promise<number> {
    const done = await advance((await startBatch(stub.baseUrl, batchLines)).id, { to: 'completed' });
    await stub.reset();
    return done.usage.input_tokens;
  }

  test('a batch that would take a model past the limit fails with token_limit_exceeded and the real message, until earlier batches end', async () => {
    const tokens = await promptTokensOf(lines('x'));
    const limit = Math.floor(tokens * 1.5);
    await stub.configure({ batchEnqueuedTokenLimit: limit });
    const first = await startBatch(stub.baseUrl, lines('a'));
    const second = await advance((await startBatch(stub.baseUrl, lines('b'))).id, { to: 'in_progress' });
    expect(second.status).toBe('failed');
    expect(second.errors?.data).toEqual([
      {
        code: 'token_limit_exceeded',
        message:
          `Enqueued token limit reached for gpt-4o-mini in organization org-stub. Limit: ${limit.toLocaleString('en-US')} ` +
          'enqueued tokens. Please try submitting fewer tasks or waiting for existing batches to complete.',
        param: null,
        line: null,
      },
    ]);
    expect(limit).toBeGreaterThan(999);
    const otherModel = await advance((await startBatch(stub.baseUrl, lines('c', 'gpt-4.1-mini'))).id, {
      to: 'in_progress',
    });
    expect(otherModel.status).toBe('in_progress');
    const otherKey = await startBatch(stub.baseUrl, lines('d'), {}, 'sk-test-another-key-0000000000');
    expect((await stub.advanceBatches({ id: otherKey.id, to: 'in_progress' }))[0].status).toBe('in_progress');
    await advance(first.id, { to: 'completed' });
    expect(
      (await advance((await startBatch(stub.baseUrl, lines('e'))).id, { to: 'in_progress' })).status,
    ).toBe('in_progress');
  });

  test('a batch the clock has completed, though nobody read it since, no longer counts as enqueued', async () => {
    const limit = Math.floor((await promptTokensOf(lines('x'))) * 1.5);
    await stub.configure({ batchEnqueuedTokenLimit: limit, batchSecondsPerStage: 1 });
    await startBatch(stub.baseUrl, lines('a'));
    await stub.configure({ clockOffsetMs: 10_000 });
    const second = await startBatch(stub.baseUrl, lines('b'));
    await stub.configure({ clockOffsetMs: 11_500 });
    expect((await getBatch(stub.baseUrl, second.id)).status).toBe('in_progress');
  });

  test('a batch alone over the limit fails too', async () => {
    await stub.configure({ batchEnqueuedTokenLimit: 10 });
    const failed = await advance((await startBatch(stub.baseUrl, lines('a'))).id);
    expect(failed.errors?.data[0].code).toBe('token_limit_exceeded');
  });
});

describe('expiry', () => {
  test('an expired batch returns and bills what finished; the rest are in the error file as batch_expired', async () => {
    const lines = ['a', 'b', 'c', 'd'].map((t) => batchLine(t, simple(t)));
    const batch = await startBatch(stub.baseUrl, lines);
    const one = await advance(batch.id, { completeRequests: 1 });
    const expired = await advance(batch.id, { to: 'expired' });
    expect(expired).toMatchObject({
      status: 'expired',
      request_counts: { total: 4, completed: 1, failed: 3 },
    });
    expect(expired.expired_at).not.toBeNull();
    expect(expired.usage).toEqual(one.usage);
    const [finished] = await outputOf(expired);
    expect(finished.response?.status_code).toBe(200);
    const unfinished = await errorsOf(expired);
    expect(unfinished.map((l) => l.custom_id).sort()).toEqual(
      ['a', 'b', 'c', 'd'].filter((id) => id !== finished.custom_id),
    );
    for (const line of unfinished) {
      expect(line).toMatchObject({ response: null, error: { code: 'batch_expired' } });
    }
    const stats = await stub.stats();
    expect(stats).toMatchObject({
      batchRequestsCompleted: 1,
      batchRequestsFailed: 3,
      batchTokens: one.usage.total_tokens,
    });
  });

  test('by the stub clock a batch still running at the end of its 24-hour window expires, with the requests the clock let run', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => batchLine(`r${i}`, simple(`text ${i}`)));
    const batch = await startBatch(stub.baseUrl, lines);
    await advance(batch.id, { to: 'in_progress' });
    await stub.configure({ batchSecondsPerStage: 100 * 3600, clockOffsetMs: 23 * 3600 * 1000 });
    expect((await getBatch(stub.baseUrl, batch.id)).status).toBe('in_progress');
    await stub.configure({ clockOffsetMs: 25 * 3600 * 1000 });
    const expired = await getBatch(stub.baseUrl, batch.id);
    expect(expired).toMatchObject({
      status: 'expired',
      request_counts: { total: 10, completed: 2, failed: 8 },
    });
    expect(expired.expired_at).toBe(expired.expires_at);
  });
});

describe('cancel', () => {
  test('cancel makes a running batch cancelling, then cancelled with its partial results; unrun requests are batch_cancelled', async () => {
    const lines = ['a', 'b', 'c'].map((t) => batchLine(t, simple(t)));
    const batch = await startBatch(stub.baseUrl, lines);
    await advance(batch.id, { completeRequests: 1 });
    const cancelling = await call(stub.baseUrl, 'POST', `/v1/batches/${batch.id}/cancel`);
    expect(cancelling.status).toBe(200);
    expect(cancelling.json).toMatchObject({ status: 'cancelling', cancelled_at: null });
    expect((cancelling.json as BatchShape).cancelling_at).not.toBeNull();
    expect((await call(stub.baseUrl, 'POST', `/v1/batches/${batch.id}/cancel`)).json).toMatchObject({
      status: 'cancelling',
    });
    const cancelled = await advance(batch.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      request_counts: { total: 3, completed: 1, failed: 2 },
    });
    expect((await outputOf(cancelled)).length).toBe(1);
    expect((await errorsOf(cancelled)).map((l) => l.error?.code)).toEqual([
      'batch_cancelled',
      'batch_cancelled',
    ]);
    expect((await stub.stats()).batchesCancelled).toBe(1);
  });

  test('a cancel is refused once the batch has ended, and by the clock cancelling lasts one stage', async () => {
    await stub.configure({ batchSecondsPerStage: 0 });
    const done = await startBatch(stub.baseUrl, [batchLine('a', simple('a'))]);
    // The cancel reads the batch first, and at 0 seconds a stage that read completes it.
    const refused = await call(stub.baseUrl, 'POST', `/v1/batches/${done.id}/cancel`);
    expect(refused.status).toBe(409);
    expect(errorOf(refused.json).message).toBe("Cannot cancel a batch with status 'completed'.");
    await stub.configure({ batchSecondsPerStage: null });
    const running = await startBatch(stub.baseUrl, [batchLine('a', simple('a'))]);
    await advance(running.id, { to: 'in_progress' });
    expect((await call(stub.baseUrl, 'POST', `/v1/batches/${running.id}/cancel`)).json).toMatchObject({
      status: 'cancelling',
    });
    await stub.configure({ batchSecondsPerStage: 2, clockOffsetMs: 1000 });
    expect((await getBatch(stub.baseUrl, running.id)).status).toBe('cancelling');
    await stub.configure({ clockOffsetMs: 2500 });
    expect((await getBatch(stub.baseUrl, running.id)).status).toBe('cancelled');
  });

  test('an unknown batch id is 404 batch_not_found on retrieve and cancel', async () => {
    for (const [method, path] of [
      ['GET', '/v1/batches/batch_nothing'],
      ['POST', '/v1/batches/batch_nothing/cancel'],
    ]) {
      const reply = await call(stub.baseUrl, method, path);
      expect(reply.status).toBe(404);
      expect(errorOf(reply.json)).toMatchObject({
        code: 'batch_not_found',
        message: 'No such Batch object: batch_nothing',
      });
    }
  });
});

describe('the stub clock', () => {
  test('with batchSecondsPerStage 0 a batch is completed at the next read', async () => {
    await stub.configure({ batchSecondsPerStage: 0 });
    const batch = await startBatch(stub.baseUrl, sentimentLines());
    expect(batch.status).toBe('validating');
    const done = await getBatch(stub.baseUrl, batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 5, completed: 5 } });
  });

  test('each stage lasts batchSecondsPerStage by the stub clock, and requests run in proportion', async () => {
    await stub.configure({ batchSecondsPerStage: 2 });
    const lines = Array.from({ length: 4 }, (_, i) => batchLine(`r${i}`, simple(`text ${i}`)));
    const batch = await startBatch(stub.baseUrl, lines);
    const at = async (ms: number) => {
      await stub.configure({ clockOffsetMs: ms });
      return getBatch(stub.baseUrl, batch.id);
    };
    expect((await at(1000)).status).toBe('validating');
    const running = await at(2200);
    expect(running.status).toBe('in_progress');
    expect(running.request_counts.completed).toBeLessThan(4);
    expect(running.in_progress_at).toBe(batch.created_at + 2);
    expect((await at(3500)).request_counts.completed).toBeGreaterThanOrEqual(2);
    expect(await at(4500)).toMatchObject({ status: 'finalizing', request_counts: { completed: 4 } });
    expect((await at(6500)).status).toBe('completed');
  });
});

describe('the list of batches', () => {
  test('it is newest first and pages with limit and after; another key sees none of them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await startBatch(stub.baseUrl, [batchLine('a', simple(`t${i}`))])).id);
    const newest = [...ids].reverse();
    const page = async (query: string) =>
      (await call(stub.baseUrl, 'GET', `/v1/batches${query}`)).json as {
        object: string;
        data: BatchShape[];
        first_id: string | null;
        last_id: string | null;
        has_more: boolean;
      };
    const first = await page('?limit=2');
    expect(first).toMatchObject({ object: 'list', first_id: newest[0], last_id: newest[1], has_more: true });
    expect(first.data.map((b) => b.id)).toEqual(newest.slice(0, 2));
    const second = await page(`?limit=2&after=${String(first.last_id)}`);
    expect(second.data.map((b) => b.id)).toEqual(newest.slice(2, 4));
    const last = await page(`?limit=2&after=${String(second.last_id)}`);
    expect(last).toMatchObject({ has_more: false, first_id: newest[4], last_id: newest[4] });
    expect((await page('')).data.length).toBe(5);
    const other = await call(stub.baseUrl, 'GET', '/v1/batches', undefined, 'sk-test-another-key-0000000000');
    expect(other.json).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  test('a limit outside 1..100 and an unknown after are refused', async () => {
    for (const limit of ['0', '101']) {
      const reply = await call(stub.baseUrl, 'GET', `/v1/batches?limit=${limit}`);
      expect(reply.status).toBe(400);
      expect(errorOf(reply.json)).toMatchObject({ param: 'limit', code: 'invalid_value' });
    }
    expect((await call(stub.baseUrl, 'GET', '/v1/batches?after=batch_nothing')).status).toBe(404);
  });
});

describe('creating a batch is refused as the real API refuses it', () => {
  async function fileId(purpose = 'batch', name = 'rows.jsonl'): Promise<string> {
    return (
      (await uploadFile(stub.baseUrl, jsonl([batchLine('a', simple('a'))]), name, purpose)).json as {
        id: string;
      }
    ).id;
  }
  const create = (body: unknown, key = KEY) => call(stub.baseUrl, 'POST', '/v1/batches', body, key);
  const body = (input: string, extra: Record<string, unknown> = {}) => ({
    input_file_id: input,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...extra,
  });

  test('an unknown input file is 404 and a file of another purpose 400', async () => {
    const unknown = await create(body('file-nothing'));
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown.json).message).toBe('No such File object: file-nothing');
    const other = await create(body(await fileId('user_data')));
    expect(other.status).toBe(400);
    expect(errorOf(other.json).param).toBe('input_file_id');
  });

  test('missing or wrong parameters', async () => {
    const id = await fileId();
    const refused: Array<[unknown, string | null]> = [
      [{ endpoint: '/v1/chat/completions', completion_window: '24h' }, 'input_file_id'],
      [{ input_file_id: id, completion_window: '24h' }, 'endpoint'],
      [body(id, { endpoint: '/v1/chat' }), 'endpoint'],
      [body(id, { endpoint: '/v1/embeddings' }), 'endpoint'],
      [body(id, { completion_window: '48h' }), 'completion_window'],
      [
        body(id, { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }),
        'metadata',
      ],
      [
        body(id, { output_expires_after: { anchor: 'created_at', seconds: 60 } }),
        'output_expires_after.seconds',
      ],
      ['not json', null],
    ];
    for (const [request, param] of refused) {
      const reply = await create(request);
      expect(reply.status).toBe(400);
      expect(errorOf(reply.json).param).toBe(param);
    }
    expect(errorOf((await create(body(id, { completion_window: '48h' }))).json).message).toBe(
      "Invalid value: '48h'. Supported values are: '24h'.",
    );
    expect((await stub.stats()).batchesCreated).toBe(0);
  });

  test('keys refused chat are refused batches: no quota 429, no model.request scope 401', async () => {
    const quota = await create(body('file-x'), 'sk-test-noquota-0000000000');
    expect(quota.status).toBe(429);
    expect(errorOf(quota.json).code).toBe('insufficient_quota');
    expect((await create(body('file-x'), 'sk-test-nomodelreq-000000000')).status).toBe(401);
  });
});

describe('the control call and reset', () => {
  test('advance refuses an unknown id, an unknown target and going backwards; without an id it moves every open batch', async () => {
    const unknown = await fetch(`${stub.baseUrl}/__stub/batches/advance`, {
      method: 'POST',
      body: JSON.stringify({ id: 'batch_nothing' }),
    });
    expect(unknown.status).toBe(404);
    await expect(stub.advanceBatches({ to: 'validating' as never })).rejects.toThrow(
      /must be one of in_progress/,
    );
    const a = await startBatch(stub.baseUrl, [batchLine('a', simple('a'))]);
    const b = await startBatch(stub.baseUrl, [batchLine('b', simple('b'))]);
    await advance(a.id, { to: 'completed' });
    await expect(stub.advanceBatches({ id: a.id, to: 'in_progress' })).rejects.toThrow(/has ended/);
    const moved = await stub.advanceBatches({ to: 'finalizing' });
    expect(moved.map((m) => [m.id, m.status])).toEqual([[b.id, 'finalizing']]);
  });

  test('reset clears files, batches and the batch statistics', async () => {
    const batch = await advance((await startBatch(stub.baseUrl, sentimentLines())).id, { to: 'completed' });
    await stub.reset();
    expect((await call(stub.baseUrl, 'GET', `/v1/batches/${batch.id}`)).status).toBe(404);
    expect((await call(stub.baseUrl, 'GET', `/v1/files/${String(batch.output_file_id)}`)).status).toBe(404);
    expect(await stub.stats()).toMatchObject({
      filesUploaded: 0,
      batchesCreated: 0,
      batchRequestsCompleted: 0,
      batchTokens: 0,
    });
  });
});
