// Error responses with the status, body and wording the real API uses.

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface ApiError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
  /** Sent without the x-ratelimit-* headers every other answer carries. */
  bare?: boolean;
}

function apiError(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): ApiError {
  return { status, body: { error: { message, type, param, code } } };
}

/**
 * The real API's mask: the first 8 characters, a `*` for each middle one, the last 4, as long as
 * the key. A key under 16 characters shows less, never more than half of it.
 */
export function maskKey(key: string): string {
  const shown = key.length >= 16 ? 12 : Math.floor(key.length / 2);
  const tail = key.length >= 16 ? 4 : Math.floor(shown / 3);
  const head = shown - tail;
  return `${key.slice(0, head)}${'*'.repeat(key.length - shown)}${tail ? key.slice(-tail) : ''}`;
}

export const missingKey = (): ApiError =>
  apiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
      'Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the basic auth username and password (i.e. ' +
      "username: YOUR_KEY, password: ''). You can obtain an API key from https://platform.openai.com/account/api-keys.",
    'invalid_request_error',
  );

export const incorrectKey = (key: string): ApiError =>
  apiError(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    'invalid_api_key',
  );

/** A restricted, read-only or admin key without a scope the endpoint needs. */
export const missingScopes = (status: 401 | 403, scopes: string, code: string | null): ApiError =>
  apiError(
    status,
    `You have insufficient permissions for this operation. Missing scopes: ${scopes}. Check that you have ` +
      'the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if ' +
      "you're using a restricted API key, that it has the necessary scopes.",
    'invalid_request_error',
    code,
  );

export const insufficientQuota = (): ApiError =>
  apiError(
    429,
    'You exceeded your current quota, please check your plan and billing details. For more information on ' +
      'this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    'insufficient_quota',
    'insufficient_quota',
  );

export const invalidUrl = (method: string, path: string): ApiError =>
  apiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');

export const invalidJson = (): ApiError =>
  apiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
      'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you ' +
      'have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)',
    'invalid_request_error',
  );

export const missingModel = (): ApiError =>
  apiError(400, 'you must provide a model parameter', 'invalid_request_error');

export const missingParameter = (param: string): ApiError =>
  apiError(
    400,
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    'missing_required_parameter',
    param,
  );

export const invalidType = (param: string, expected: string): ApiError =>
  apiError(
    400,
    `Invalid type for '${param}': expected ${expected}.`,
    'invalid_request_error',
    'invalid_type',
    param,
  );

export const invalidValue = (param: string, message: string): ApiError =>
  apiError(400, message, 'invalid_request_error', 'invalid_value', param);

export const modelNotFound = (model: string): ApiError =>
  apiError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
  );

export const modelNotFoundById = (model: string): ApiError =>
  apiError(404, `The model '${model}' does not exist`, 'invalid_request_error', 'model_not_found', 'model');

export const unsupportedValue = (param: string, message: string): ApiError =>
  apiError(400, message, 'invalid_request_error', 'unsupported_value', param);

export const unsupportedEffort = (model: string, effort: string, supported: string): ApiError =>
  unsupportedValue(
    'reasoning_effort',
    `Unsupported value: '${effort}' is not supported with the '${model}' model. Supported values are: ${supported}.`,
  );

export const unsupportedParameter = (param: string, hint = ''): ApiError =>
  apiError(
    400,
    `Unsupported parameter: '${param}' is not supported with this model.${hint ? ` ${hint}` : ''}`,
    'invalid_request_error',
    'unsupported_parameter',
    param,
  );

/**
 * An organization that is not verified, as LibreChat#7323 and pal-mcp-server#144 (status 404) and
 * openai-go#565 captured it; the code is not shown there: null or model_not_available.
 */
export const organizationNotVerified = (model: string, code: string | null): ApiError =>
  apiError(
    404,
    `Your organization must be verified to use the model \`${model}\`. Please go to: ` +
      'https://platform.openai.com/settings/organization/general and click on Verify Organization. ' +
      'If you just verified, it can take up to 15 minutes for access to propagate.',
    'invalid_request_error',
    code,
  );

/**
 * A batch line of a model whose batch runs use an internal "-batch" id (openai/openai-python#3071):
 * "The model `gpt-5-mini-2025-08-07-batch` does not exist or you do not have access to it."
 */
export const internalBatchModelNotFound = (internalId: string): ApiError =>
  apiError(
    404,
    `The model \`${internalId}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
  );

export const serverError = (): ApiError =>
  apiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');

export type RateLimitKind = 'requests' | 'tokens';

export interface RateLimitDetails {
  kind: RateLimitKind;
  model: string;
  limit: number;
  used: number;
  requested: number;
  retryAfterMs: number;
}

/**
 * A 429 as openai/openai-node#1477 captured it: no retry-after and no x-ratelimit-* header, so the
 * wait is only in the message ("... Please try again in 2s.").
 */
export function withoutHints(error: ApiError): ApiError {
  return { ...error, headers: {}, bare: true };
}

export function rateLimited(d: RateLimitDetails, wait: string): ApiError {
  const unit = d.kind === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
  const where = `Rate limit reached for ${d.model} in organization org-stub on ${unit}`;
  const message =
    `${where}: Limit ${d.limit}, Used ${d.used}, Requested ${d.requested}. Please try again in ${wait}. ` +
    'Visit https://platform.openai.com/account/rate-limits to learn more.';
  return { ...apiError(429, message, d.kind, 'rate_limit_exceeded'), headers: retryHeaders(d.retryAfterMs) };
}

/** A single request asking for more tokens than the per-minute limit: waiting does not help. */
export function requestTooLarge(model: string, limit: number, requested: number): ApiError {
  const message =
    `Request too large for ${model} in organization org-stub on tokens per min (TPM): Limit ${limit}, ` +
    `Requested ${requested}. The input or output tokens must be reduced in order to run successfully. ` +
    'Visit https://platform.openai.com/account/rate-limits to learn more.';
  return apiError(429, message, 'tokens', 'rate_limit_exceeded');
}

export function retryHeaders(retryAfterMs: number): Record<string, string> {
  const ms = Math.max(0, Math.ceil(retryAfterMs));
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))), 'retry-after-ms': String(ms) };
}

// Files and batches. Which of these a real capture confirms is recorded in data/models.json (`errors`).

/** Over the Batch API's 200 MB (or the 512 MB of any upload). */
export const fileTooLarge = (): ApiError => apiError(400, 'File is too large.', 'invalid_request_error');

export const notJsonl = (): ApiError =>
  apiError(400, 'Invalid file format for Batch API. Must be .jsonl', 'invalid_request_error');

/** The purposes an upload may name, in the order the captured message lists them. */
export const UPLOAD_PURPOSES = ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] as const;

export const invalidPurpose = (purpose: string): ApiError =>
  apiError(
    400,
    `'${purpose}' is not one of [${UPLOAD_PURPOSES.map((p) => `'${p}'`).join(', ')}] - 'purpose'`,
    'invalid_request_error',
  );

export const noSuchFile = (id: string): ApiError =>
  apiError(404, `No such File object: ${id}`, 'invalid_request_error', null, 'id');

export const batchNotFound = (id: string, param = 'id'): ApiError =>
  apiError(404, `No such Batch object: ${id}`, 'invalid_request_error', 'batch_not_found', param);

export const notBatchPurpose = (purpose: string): ApiError =>
  apiError(
    400,
    `The input file must be uploaded with purpose 'batch', but its purpose is '${purpose}'.`,
    'invalid_request_error',
    'invalid_value',
    'input_file_id',
  );

export const cannotCancel = (status: string): ApiError =>
  apiError(409, `Cannot cancel a batch with status '${status}'.`, 'invalid_request_error');
