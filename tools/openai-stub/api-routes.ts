// The /v1 endpoints: key checks, the model list, chat completions with limits, faults and latency,
// and the files and batches of the Batch API.

import * as errors from './api-errors';
import { composeContent } from './answers/compose';
import type { ItemFault } from './answers/schema-answer';
import { authenticate, chatRefusal, isQuotaExhausted, modelsRefusal } from './auth';
import { handleBatches } from './batch-routes';
import { parseChatRequest, type ChatRequest } from './chat-request';
import { answerChat } from './chat-answer';
import { buildCompletion, promptTokens } from './completion';
import type { FaultKind } from './config';
import type { Exchange } from './exchange';
import { handleFiles, type RequestBody } from './file-routes';
import { CATALOGUE } from './catalogue';
import { modelObject, todayOf } from './models';
import { formatDuration } from './durations';
import type { StubState } from './state';
import { keyEchoError } from './untrusted';

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

export async function handleApi(stub: StubState, ex: Exchange, body: RequestBody): Promise<void> {
  const limits = { rpm: stub.config.rpm, tpm: stub.config.tpm };
  ex.rateHeaders = stub.limiter.headers('', limits, Date.now());
  const auth = authenticate(ex.req.headers.authorization, stub.config);
  if (!auth.ok) return ex.error(auth.error);
  ex.rateHeaders = stub.limiter.headers(auth.key, limits, Date.now());
  const { method, path } = ex;
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && (path === '/v1/models' || model)) {
    const refusal = modelsRefusal(auth.key, stub.config);
    if (refusal) return ex.error(refusal);
    return model ? getModel(stub, ex, decodeURIComponent(model[1])) : listModels(stub, ex);
  }
  if (method === 'POST' && path === '/v1/chat/completions') return chat(stub, ex, auth.key, body.text);
  if (path === '/v1/files' || path.startsWith('/v1/files/')) return handleFiles(stub, ex, auth.key, body);
  if (path === '/v1/batches' || path.startsWith('/v1/batches/'))
    return handleBatches(stub, ex, auth.key, body);
  ex.error(errors.invalidUrl(method, path));
}

function listModels(stub: StubState, ex: Exchange): void {
  stub.stats.modelsList();
  const data = stub.models.listed(todayOf(stub.config)).map(modelObject);
  ex.json(200, { object: 'list', data });
}

function getModel(stub: StubState, ex: Exchange, id: string): void {
  const model = stub.models.available(id, todayOf(stub.config));
  if (!model) return ex.error(errors.modelNotFoundById(id));
  ex.json(200, modelObject(model));
}

async function chat(stub: StubState, ex: Exchange, key: string, rawBody: string): Promise<void> {
  stub.stats.chatCompletion();
  const refusal = chatRefusal(key, stub.config);
  if (refusal) return ex.error(refusal);
  const json = parseJson(rawBody);
  if (json === INVALID) return ex.error(errors.invalidJson());
  if (isQuotaExhausted(key, stub.config)) return ex.error(errors.insufficientQuota());
  if (stub.config.echoKeyIn400) return ex.error(keyEchoError(key, stub.config.echoKeyIn400));
  const today = todayOf(stub.config);
  const parsed = parseChatRequest(json, (id) => stub.models.available(id, today)?.family ?? null);
  if (!parsed.ok) return ex.error(parsed.error);
  const request = parsed.request;
  if (isUnverified(key) && requiresVerification(stub, request.model))
    return ex.error(errors.organizationNotVerified(request.model, stub.config.verificationCode));
  if (!admit(stub, ex, key, request)) return;
  const planned = stub.planner.next();
  const fault = planned?.kind ?? null;
  if (fault) stub.stats.fault(fault);
  if (fault && !isItemFault(fault)) return injectFault(stub, ex, request, fault, planned?.leftMs);
  return answer(stub, ex, key, request, fault);
}

/** A key containing "unverified" stands for an organization that has not verified itself. */
export function isUnverified(key: string): boolean {
  return key.includes('unverified');
}

export function requiresVerification(stub: StubState, model: string): boolean {
  const gated = stub.config.verificationModels;
  if (gated) return gated.includes(model);
  return CATALOGUE.models.some((m) => m.id === model && m.requiresVerification);
}

function isItemFault(fault: FaultKind): fault is 'drop_item' | 'duplicate_id' {
  return fault === 'drop_item' || fault === 'duplicate_id';
}

/**
 * A complete 200 answer, billed. The item faults are answers too: valid JSON with usage that
 * happens to leave an item out or repeat an id, which the real API would bill.
 */
async function answer(stub: StubState, ex: Exchange, key: string, request: ChatRequest, fault: ItemFault) {
  const { body, usage } = answerChat(stub, key, request, fault);
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
  const estimate = promptTokens(request) + (request.maxTokens ?? 0) * request.n;
  const limits = { rpm: stub.config.rpm, tpm: stub.config.tpm };
  const admission = stub.limiter.admit(key, request.model, estimate, limits, Date.now());
  if (!admission.ok) {
    stub.stats.rateLimited();
    ex.error(hinted(stub, admission.error));
    return false;
  }
  ex.rateHeaders = admission.headers;
  return true;
}

/** A 429 rate_limit_exceeded as the switch wants it: with its headers, or bare as openai-node#1477 captured it. */
function hinted(stub: StubState, error: errors.ApiError): errors.ApiError {
  const rateLimit = error.status === 429 && error.body.error.code === 'rate_limit_exceeded';
  return rateLimit && !stub.config.rateLimitHints ? errors.withoutHints(error) : error;
}

async function injectFault(
  stub: StubState,
  ex: Exchange,
  request: ChatRequest,
  fault: Exclude<FaultKind, ItemFault>,
  leftMs = 1000,
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
      const error = errors.rateLimited({ ...details, retryAfterMs: leftMs }, formatDuration(leftMs));
      return ex.error(hinted(stub, error));
    }
    case 'malformed': {
      const text = JSON.stringify(buildCompletion(request, composeContent(request)).body);
      const cut = text.slice(0, Math.floor(text.length / 2));
      return ex.send(200, 'application/json', cut, cut);
    }
  }
}
