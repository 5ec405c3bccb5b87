// The /__stub endpoints tests use to switch behaviour, read statistics, move batches on and start afresh.

import type { ServerResponse } from 'node:http';
import { advanceBatches, parseAdvance } from './batch-advance';
import { parseConfigPatch } from './config';
import type { StubState } from './state';

export function handleControl(
  stub: StubState,
  method: string,
  path: string,
  rawBody: string,
  res: ServerResponse,
): void {
  if (method === 'GET' && path === '/__stub/stats') return reply(res, 200, stub.stats.snapshot());
  if (method === 'GET' && path === '/__stub/config') return reply(res, 200, stub.config);
  if (method === 'POST' && path === '/__stub/reset') {
    stub.reset();
    return reply(res, 200, { ok: true });
  }
  if (method === 'POST' && path === '/__stub/config') return configure(stub, rawBody, res);
  if (method === 'POST' && path === '/__stub/batches/advance') return advance(stub, rawBody, res);
  reply(res, 404, { error: `no control endpoint ${method} ${path}` });
}

function configure(stub: StubState, rawBody: string, res: ServerResponse): void {
  try {
    stub.configure(parseConfigPatch(rawBody.trim() === '' ? {} : JSON.parse(rawBody), stub.config));
  } catch (error) {
    return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
  reply(res, 200, stub.config);
}

function advance(stub: StubState, rawBody: string, res: ServerResponse): void {
  let request: ReturnType<typeof parseAdvance>;
  try {
    request = parseAdvance(rawBody.trim() === '' ? {} : JSON.parse(rawBody));
  } catch {
    request = 'the body must be JSON';
  }
  if (typeof request === 'string') return reply(res, 400, { error: request });
  const result = advanceBatches(stub, request);
  if (!result.ok) return reply(res, result.status, { error: result.error });
  reply(res, 200, { data: result.data });
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
