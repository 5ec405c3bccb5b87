// From an API failure to the message a person sees.
import { UserError } from '../i18n/messages';
import { DailyQuotaError, StoreFullError } from '../platform/ports';
import { redactKeys } from '../openai/api-key';
import { missingScopes, type APIError } from '../openai/errors';

/**
 * The permission a restricted key lacks, as platform.openai.com labels it (API keys > Edit >
 * Permissions > Restricted): "model.request" is "Model capabilities: Request", "api.model.read"
 * is "List models: Read".
 */
export function permissionFor(error: APIError): { resource: string; level: string } {
  const scopes = missingScopes(error.body);
  if (scopes.length && scopes.every((s) => s === 'api.model.read'))
    return { resource: 'List models', level: 'Read' };
  return { resource: 'Model capabilities', level: 'Request' };
}

export function userErrorFor(error: APIError, model: string): UserError {
  switch (error.reason) {
    case 'model_not_found':
      return new UserError('model_not_found', { model });
    case 'org_not_verified':
      return new UserError('org_not_verified', { model });
    case 'missing_scope':
      return new UserError('missing_scope', permissionFor(error));
    case 'bad_request':
    case 'context_length':
      return new UserError('bad_request', {
        detail: redactKeys(error.body?.message ?? error.message).slice(0, 300),
        code: error.code ?? String(error.status ?? ''),
      });
    default:
      return new UserError(error.reason);
  }
}

/** Failures that concern the key, the account or the model, not one row: worth stopping early for. */
export function isAccountWide(error: UserError): boolean {
  return [
    'invalid_key',
    'insufficient_quota',
    'model_not_found',
    'org_not_verified',
    'model_retired',
    'missing_scope',
    'not_found',
    'permission',
    'no_key',
    'job_no_key',
    'budget_reached',
    'budget_short',
    'budget_needs_price',
    'urlfetch_quota',
    'properties_quota',
  ].includes(error.key);
}

/**
 * A spent daily quota of Apps Script, or a full document store, as the message a person sees;
 * anything else as it is.
 */
export function quotaAsUserError(error: unknown): unknown {
  if (error instanceof StoreFullError) return new UserError('store_full');
  if (!(error instanceof DailyQuotaError)) return error;
  return new UserError(error.quota === 'urlFetchCalls' ? 'urlfetch_quota' : 'properties_quota');
}
