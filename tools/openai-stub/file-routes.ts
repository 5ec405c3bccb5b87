// The /v1/files endpoints: multipart upload, the OpenAIFile object, its content, deletion.

import * as errors from './api-errors';
import type { Exchange } from './exchange';
import { BATCH_FILE_LIFETIME_S, fileObject, type StoredPurpose } from './files';
import { parseMultipart, type Form } from './multipart';
import type { StubState } from './state';

export interface RequestBody {
  text: string;
  bytes: Buffer;
}

/** "Individual files can be up to 512 MB." */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export async function handleFiles(
  stub: StubState,
  ex: Exchange,
  key: string,
  body: RequestBody,
): Promise<void> {
  const { method, path } = ex;
  if (method === 'POST' && path === '/v1/files') return upload(stub, ex, key, body);
  const match = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
  if (!match) return ex.error(errors.invalidUrl(method, path));
  const id = decodeURIComponent(match[1]);
  const file = stub.files.get(key, id, stub.nowSeconds());
  const content = match[2] !== undefined;
  if (method === 'GET' || (method === 'DELETE' && !content)) {
    if (!file) return ex.error(errors.noSuchFile(id));
    if (method === 'DELETE') {
      stub.files.delete(key, id, stub.nowSeconds());
      return ex.json(200, { id, object: 'file', deleted: true });
    }
    if (!content) return ex.json(200, fileObject(file));
    return ex.send(200, 'application/octet-stream', file.bytes, { bytes: file.bytes.length });
  }
  ex.error(errors.invalidUrl(method, path));
}

async function upload(stub: StubState, ex: Exchange, key: string, body: RequestBody): Promise<void> {
  const form = await parseMultipart(body.bytes, ex.req.headers['content-type']);
  ex.body = capturedUpload(form);
  const purpose = form.fields.get('purpose');
  const file = form.files.get('file');
  if (purpose === undefined) return ex.error(errors.missingParameter('purpose'));
  if (!isUploadPurpose(purpose)) return ex.error(errors.invalidPurpose(purpose));
  if (!file) return ex.error(errors.missingParameter('file'));
  if (file.bytes.length > MAX_FILE_BYTES) return ex.error(errors.fileTooLarge());
  if (purpose === 'batch') {
    if (!/\.jsonl$/i.test(file.filename)) return ex.error(errors.notJsonl());
    if (file.bytes.length > stub.config.batchMaxBytes) return ex.error(errors.fileTooLarge());
  }
  const lifetime = purpose === 'batch' ? BATCH_FILE_LIFETIME_S : null;
  const stored = stub.files.add(
    key,
    { bytes: file.bytes, filename: file.filename, purpose },
    stub.nowSeconds(),
    lifetime,
  );
  stub.stats.fileUploaded();
  ex.json(200, fileObject(stored));
}

function isUploadPurpose(purpose: string): purpose is StoredPurpose {
  return (errors.UPLOAD_PURPOSES as readonly string[]).includes(purpose);
}

/** What the statistics keep of an upload: its fields and the size of each file, not the bytes. */
function capturedUpload(form: Form): Record<string, unknown> {
  const files = Object.fromEntries(
    [...form.files].map(([name, f]) => [
      name,
      { filename: f.filename, contentType: f.contentType, bytes: f.bytes.length },
    ]),
  );
  return { ...Object.fromEntries(form.fields), ...files };
}
