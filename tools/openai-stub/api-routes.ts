// The /v1 endpoints: key checks, the model list, and chat completions with limits, faults and latency.

import * as errors from './api-errors';
import { composeContent } from './answers/compose';
import { authenticate, isQuotaExhausted } from './auth';
import { parseChatRequest, type ChatRequest } from './chat-request';
import { buildCompletion } from './completion';
import type { FaultKind } from './config';
import type { Exchange } from './exchange';
import { modelObject } from './models';
import type { StubState } from './state';
import { countPromptTokens } from './tokens';

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

export async function handleApi(stub: StubState, ex: Exchange, rawBody: string): Promise<void> {
  const limits = { rpm: stub.config.rpm, tpm: stub.config.tpm };
  ex.rateHeaders = stub.limiter.headers('', limits, Date.now());
  const auth = authenticate(ex.req.headers.authorization, stub.config);
  if (!auth.ok) return ex.error(auth.error);
  ex.rateHeaders = stub.limiter.headers(auth.key, limits, Date.now());
  const { method, path } = ex;
  if (method === 'GET' && path === '/v1/models') return listModels(stub, ex);
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && model) return getModel(stub, ex, decodeURIComponent(model[1]));
  if (method === 'POST' && path === '/v1/chat/completions') return chat(stub, ex, auth.key, rawBody);
  ex.error(errors.invalidUrl(method, path));
}

function listModels(stub: StubState, ex: Exchange): void {
  stub.stats.modelsList();
  ex.json(200, { object: 'list', data: stub.config.models.map(modelObject) });
}

function getModel(stub: StubState, ex: Exchange, id: string): void {
  if (!stub.config.models.includes(id)) return ex.error(errors.modelNotFoundById(id));
  ex.json(200, modelObject(id));
}

async function chat(stub: StubState, ex: Exchange, key: string, rawBody: string): Promise<void> {
  stub.stats.chatCompletion();
  const json = parseJson(rawBody);
  if (json === INVALID) return ex.error(errors.invalidJson());
  if (isQuotaExhausted(key, stub.config)) return ex.error(errors.insufficientQuota());
  const parsed = parseChatRequest(json, stub.config.models);
  if (!parsed.ok) return ex.error(parsed.error);
  const request = parsed.request;
  if (!admit(stub, ex, key, request)) return;
  const fault = stub.planner.next();
  if (fault) {
    stub.stats.fault(fault);
    return injectFault(stub, ex, request, fault);
  }
  const { body, usage } = buildCompletion(request, composeContent(request));
  await stub.delay(stub.latency() + stub.config.perOutputTokenMs * usage.completionTokens);
  stub.stats.billed(usage);
  ex.json(200, body);
}

const INVALID = Symbol('invalid JSON');

function parseJson(rawBody: string): unknown {
  try {
    return rawBody.trim() === '' ? {} : JSON.parse(rawBody);
  } catch {
    return INVALID;
  }
}

/** Charges the request to the key's window (prompt + output allowance, as the real limiter does), or answers 429. */
function admit(stub: StubState, ex: Exchange, key: string, request: ChatRequest): boolean {
  const estimate = countPromptTokens(request.messages) + (request.maxTokens ?? 0) * request.n;
  const limits = { rpm: stub.config.rpm, tpm: stub.config.tpm };
  const admission = stub.limiter.admit(key, request.model, estimate, limits, Date.now());
  if (!admission.ok) {
    stub.stats.rateLimited();
    ex.error(admission.error);
    return false;
  }
  ex.rateHeaders = admission.headers;
  return true;
}

async function injectFault(
  stub: StubState,
  ex: Exchange,
  request: ChatRequest,
  fault: FaultKind,
): Promise<void> {
  if (fault === 'reset') return ex.drop(true);
  if (fault === 'timeout') {
    await stub.delay(stub.config.timeoutHoldMs);
    return ex.drop(false);
  }
  await stub.delay(stub.latency());
  switch (fault) {
    case 'server_error':
      return ex.error(errors.serverError());
    case 'bad_gateway':
      return ex.send(502, 'text/html', BAD_GATEWAY_HTML, BAD_GATEWAY_HTML);
    case 'rate_limit': {
      const limit = stub.config.rpm ?? 30_000;
      const details = { kind: 'requests' as const, model: request.model, limit, used: limit, requested: 1 };
      return ex.error(errors.rateLimited({ ...details, retryAfterMs: 1000 }, '1s'));
    }
    case 'malformed': {
      const text = JSON.stringify(buildCompletion(request, composeContent(request)).body);
      const cut = text.slice(0, Math.floor(text.length / 2));
      return ex.send(200, 'application/json', cut, cut);
    }
    case 'drop_item': {
      // A complete, valid answer that happens to leave an item out: the real API bills it.
      const { body, usage } = buildCompletion(request, composeContent(request, { dropLastItem: true }));
      stub.stats.billed(usage);
      return ex.json(200, body);
    }
  }
}
