// Error classes modelled on the official SDK: one class per HTTP status, plus the API's own
// error code, which is what decides retries and the message a person sees.

/** What went wrong, in the terms a person can act on; each reason has a localized message. */
export type FailureReason =
  | 'bad_request'
  | 'invalid_key'
  | 'permission'
  | 'model_not_found'
  | 'org_not_verified'
  | 'conflict'
  | 'rate_limited'
  | 'insufficient_quota'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed_response'
  | 'context_length'
  | 'missing_scope'
  | 'not_found'
  | 'urlfetch_quota';

export interface ApiErrorBody {
  message?: string;
  type?: string | null;
  code?: string | null;
  param?: string | null;
}

export class APIError extends Error {
  override name = 'APIError';
  readonly reason: FailureReason = 'bad_request';
  constructor(
    readonly status: number | undefined,
    readonly body: ApiErrorBody | undefined,
    message: string,
    readonly requestId?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  get code(): string | undefined {
    return this.body?.code ?? undefined;
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
  override readonly reason: FailureReason = isVerificationRefusal(this.body)
    ? 'org_not_verified'
    : this.body?.code === 'context_length_exceeded'
      ? 'context_length'
      : 'bad_request';
}
/** 401: a bad or revoked key, unless the body says a restricted key lacks a permission. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
  override readonly reason: FailureReason = isMissingScope(this.body) ? 'missing_scope' : 'invalid_key';
}
/** 403: a region or organization refusal, or (for some endpoints) a restricted key's missing permission. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
  override readonly reason: FailureReason = isMissingScope(this.body)
    ? 'missing_scope'
    : isVerificationRefusal(this.body)
      ? 'org_not_verified'
      : 'permission';
}
/**
 * 404: an unknown or retired model; without the model code, a wrong base URL. "Your organization
 * must be verified to use the model `X`" also comes as a 404 (code null or model_not_available;
 * LibreChat#7323, pal-mcp-server#144, openai-go#565): the model exists, the organization may not use
 * it yet, so it is not a missing model.
 */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
  override readonly reason: FailureReason = isVerificationRefusal(this.body)
    ? 'org_not_verified'
    : this.body?.code === 'model_not_found' || /\bmodel\b/i.test(this.body?.message ?? '')
      ? 'model_not_found'
      : 'not_found';
}

/** "Your organization must be verified to use the model `X`" (404) or "... to stream this model" (400). */
export function isVerificationRefusal(body: ApiErrorBody | undefined): boolean {
  return /organization must be verified/i.test(body?.message ?? '');
}
export class RequestTimeoutError extends APIError {
  override name = 'RequestTimeoutError';
  override readonly reason: FailureReason = 'timeout';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
  override readonly reason: FailureReason = 'conflict';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  override readonly reason: FailureReason =
    this.body?.code === 'insufficient_quota' || this.body?.type === 'insufficient_quota'
      ? 'insufficient_quota'
      : 'rate_limited';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
  override readonly reason: FailureReason = 'server';
}
/** No HTTP response at all: refused, reset, DNS, or UrlFetchApp's own timeout. */
export class APIConnectionError extends APIError {
  override name = 'APIConnectionError';
  override readonly reason: FailureReason = 'network';
}
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  override readonly reason: FailureReason = 'timeout';
}
/** A 200 whose body is not the JSON the API documents, or an answer that breaks the schema we sent. */
export class MalformedResponseError extends APIError {
  override name = 'MalformedResponseError';
  override readonly reason: FailureReason = 'malformed_response';
}
/** Apps Script refused the request: the account's daily URL Fetch quota is spent. Not retried. */
export class UrlFetchQuotaError extends APIError {
  override name = 'UrlFetchQuotaError';
  override readonly reason: FailureReason = 'urlfetch_quota';
}
/** The execution has no time left for another attempt. */
export class DeadlineExceededError extends APIError {
  override name = 'DeadlineExceededError';
  override readonly reason: FailureReason = 'timeout';
}

/**
 * A restricted key without a permission: code "missing_scope", or (the code is sometimes null) the
 * API's "insufficient permissions ... Missing scopes: model.request" wording.
 */
export function isMissingScope(body: ApiErrorBody | undefined): boolean {
  if (body?.code === 'missing_scope') return true;
  if (body?.code === 'invalid_api_key') return false;
  return /missing scopes?:|insufficient permissions/i.test(body?.message ?? '');
}

/** The scopes a missing_scope error names, e.g. ["model.request"]. */
export function missingScopes(body: ApiErrorBody | undefined): string[] {
  const list = /missing scopes?:\s*([\w.,\s]+?)(?:\.\s|\.?$)/i.exec(body?.message ?? '')?.[1] ?? '';
  return list
    .split(/[,\s]+/)
    .map((s) => s.replace(/\.$/, ''))
    .filter(Boolean);
}

export function errorForStatus(
  status: number,
  body: ApiErrorBody | undefined,
  requestId: string | undefined,
  retryAfterMs: number | undefined,
): APIError {
  const message = `${status} ${body?.message ?? 'no error message'}`;
  const args = [status, body, message, requestId, retryAfterMs] as const;
  if (status === 400 || status === 422) return new BadRequestError(...args);
  if (status === 401) return new AuthenticationError(...args);
  if (status === 403) return new PermissionDeniedError(...args);
  if (status === 404) return new NotFoundError(...args);
  if (status === 408) return new RequestTimeoutError(...args);
  if (status === 409) return new ConflictError(...args);
  if (status === 429) return new RateLimitError(...args);
  if (status >= 500) return new InternalServerError(...args);
  return new APIError(...args);
}
