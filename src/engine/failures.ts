// From an API failure to the message a person sees.
import type { APIError } from '../openai/errors';
import { redactKeys } from '../openai/api-key';
import { UserError } from '../i18n/messages';

export function userErrorFor(error: APIError, model: string): UserError {
  switch (error.reason) {
    case 'model_not_found':
      return new UserError('model_not_found', { model });
    case 'bad_request':
    case 'context_length':
      return new UserError('bad_request', {
        detail: redactKeys(error.body?.message ?? error.message).slice(0, 300),
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
    'permission',
    'no_key',
    'job_no_key',
    'budget_reached',
  ].includes(error.key);
}
