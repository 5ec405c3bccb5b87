// The files API of the stub: multipart uploads, the OpenAIFile object, content, deletion, refusals.

import { KEY, call, errorOf, uploadFile } from './client';
import { useStub } from './use-stub';

const stub = useStub({ batchMaxBytes: 200_000_000, clockOffsetMs: 0 });

const CONTENT = '{"custom_id":"r1","note":"レビュー"}\n';
const THIRTY_DAYS = 30 * 24 * 3600;

test('an uploaded .jsonl batch file comes back as an OpenAIFile, and its content byte for byte', async () => {
  const uploaded = await uploadFile(stub.baseUrl, CONTENT, 'rows.jsonl');
  expect(uploaded.status).toBe(200);
  const file = uploaded.json as Record<string, unknown>;
  expect(file).toMatchObject({
    object: 'file',
    bytes: Buffer.byteLength(CONTENT),
    filename: 'rows.jsonl',
    purpose: 'batch',
    status: 'processed',
    status_details: null,
  });
  expect(file.id).toMatch(/^file-[A-Za-z0-9]{22}$/);
  expect(file.expires_at).toBe((file.created_at as number) + THIRTY_DAYS);
  expect((await call(stub.baseUrl, 'GET', `/v1/files/${String(file.id)}`)).json).toEqual(file);
  const content = await call(stub.baseUrl, 'GET', `/v1/files/${String(file.id)}/content`);
  expect(content.status).toBe(200);
  expect(content.text).toBe(CONTENT);
  const stats = await stub.stats();
  expect(stats.filesUploaded).toBe(1);
  expect(stats.captured[0].body).toEqual({
    purpose: 'batch',
    file: { filename: 'rows.jsonl', contentType: 'application/jsonl', bytes: Buffer.byteLength(CONTENT) },
  });
});

test('binary content of another purpose is kept as uploaded and does not expire', async () => {
  const bytes = new Uint8Array([0, 255, 10, 13, 128]);
  const uploaded = await uploadFile(stub.baseUrl, bytes, 'image.bin', 'user_data');
  const file = uploaded.json as { id: string; expires_at: unknown; purpose: string };
  expect(file.purpose).toBe('user_data');
  expect(file.expires_at).toBeNull();
  const response = await fetch(`${stub.baseUrl}/v1/files/${file.id}/content`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([...bytes]);
});

test('a deleted file is gone, and so is a file of another key', async () => {
  const file = (await uploadFile(stub.baseUrl, CONTENT)).json as { id: string };
  const other = await call(
    stub.baseUrl,
    'GET',
    `/v1/files/${file.id}`,
    undefined,
    'sk-test-someone-else-000000',
  );
  expect(other.status).toBe(404);
  const deleted = await call(stub.baseUrl, 'DELETE', `/v1/files/${file.id}`);
  expect(deleted.json).toEqual({ id: file.id, object: 'file', deleted: true });
  for (const path of [`/v1/files/${file.id}`, `/v1/files/${file.id}/content`]) {
    const gone = await call(stub.baseUrl, 'GET', path);
    expect(gone.status).toBe(404);
    expect(errorOf(gone.json)).toEqual({
      message: `No such File object: ${file.id}`,
      type: 'invalid_request_error',
      param: 'id',
      code: null,
    });
  }
  expect((await call(stub.baseUrl, 'DELETE', `/v1/files/${file.id}`)).status).toBe(404);
});

test('a batch file is gone 30 days after its upload by the stub clock', async () => {
  const file = (await uploadFile(stub.baseUrl, CONTENT)).json as { id: string };
  await stub.configure({ clockOffsetMs: (THIRTY_DAYS - 60) * 1000 });
  expect((await call(stub.baseUrl, 'GET', `/v1/files/${file.id}`)).status).toBe(200);
  await stub.configure({ clockOffsetMs: (THIRTY_DAYS + 1) * 1000 });
  expect((await call(stub.baseUrl, 'GET', `/v1/files/${file.id}`)).status).toBe(404);
});

describe('uploads are refused as the real API refuses them', () => {
  const refusal = async (reply: Promise<{ status: number; json: unknown }>) => {
    const { status, json } = await reply;
    return { status, error: errorOf(json) };
  };

  test('a purpose outside the list', async () => {
    expect(await refusal(uploadFile(stub.baseUrl, CONTENT, 'rows.jsonl', 'answers'))).toEqual({
      status: 400,
      error: {
        message:
          "'answers' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'",
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  test('a missing purpose, a missing file, and a body that is not multipart', async () => {
    expect(await refusal(uploadFile(stub.baseUrl, CONTENT, 'rows.jsonl', null))).toMatchObject({
      status: 400,
      error: { code: 'missing_required_parameter', param: 'purpose' },
    });
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', 'not a file');
    const noFile = fetch(`${stub.baseUrl}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as unknown }));
    expect(await refusal(noFile)).toMatchObject({ status: 400, error: { param: 'file' } });
    expect(await refusal(call(stub.baseUrl, 'POST', '/v1/files', { purpose: 'batch' }))).toMatchObject({
      status: 400,
      error: { param: 'purpose' },
    });
  });

  test('a batch file that is not .jsonl', async () => {
    expect(await refusal(uploadFile(stub.baseUrl, CONTENT, 'rows.txt'))).toEqual({
      status: 400,
      error: {
        message: 'Invalid file format for Batch API. Must be .jsonl',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  test('a batch file over batchMaxBytes (200 MB unless lowered), while other purposes may be larger', async () => {
    await stub.configure({ batchMaxBytes: 10 });
    expect(await refusal(uploadFile(stub.baseUrl, CONTENT))).toEqual({
      status: 400,
      error: { message: 'File is too large.', type: 'invalid_request_error', param: null, code: null },
    });
    expect((await uploadFile(stub.baseUrl, CONTENT, 'rows.jsonl', 'user_data')).status).toBe(200);
    expect((await stub.stats()).filesUploaded).toBe(1);
  });
});
