// API keys: the Bearer header, the accepted shape, and the markers that make a key stand for a
// revoked, unpaid, restricted or admin key.

import { incorrectKey, missingKey, missingScopes, type ApiError } from './api-errors';
import type { StubConfig } from './config';

/** The shape of real keys: "sk-", "sk-proj-", "sk-admin-"... and then letters, digits, "-" and "_". */
const KEY_SHAPE = /^sk-[A-Za-z0-9_-]+$/;

export const KEY_MARKERS = {
  revoked: 'revoked',
  noQuota: 'noquota',
  noModelRequest: 'nomodelreq',
  noModelList: 'nolist',
  adminPrefix: 'sk-admin-',
} as const;

export type AuthResult = { ok: true; key: string } | { ok: false; error: ApiError };

export function authenticate(header: string | undefined, config: StubConfig): AuthResult {
  const match = /^Bearer\s+(.*)$/i.exec(header ?? '');
  const key = match ? match[1].trim() : '';
  if (!key) return { ok: false, error: missingKey() };
  if (!KEY_SHAPE.test(key)) return { ok: false, error: incorrectKey(key) };
  if (config.revokedKeys.includes(key) || key.includes(KEY_MARKERS.revoked))
    return { ok: false, error: incorrectKey(key) };
  return { ok: true, key };
}

export function isQuotaExhausted(key: string, config: StubConfig): boolean {
  return config.quotaExhaustedKeys.includes(key) || key.includes(KEY_MARKERS.noQuota);
}

const isAdmin = (key: string): boolean => key.startsWith(KEY_MARKERS.adminPrefix);

// An admin key has neither scope; the body for it is not confirmed by a capture.
const adminRefusal = (config: StubConfig): ApiError =>
  missingScopes(401, 'api.model.read, model.request', config.missingScopeCode);

/** Why the key may not call GET /v1/models or /v1/models/{id}, or null. */
export function modelsRefusal(key: string, config: StubConfig): ApiError | null {
  if (isAdmin(key)) return adminRefusal(config);
  // "List models: None": neither the 403 nor the scope name is confirmed by a capture.
  if (key.includes(KEY_MARKERS.noModelList)) return missingScopes(403, 'api.model.read', 'missing_scope');
  return null;
}

/** Why the key may not call POST /v1/chat/completions, or null. */
export function chatRefusal(key: string, config: StubConfig): ApiError | null {
  if (isAdmin(key)) return adminRefusal(config);
  if (key.includes(KEY_MARKERS.noModelRequest)) {
    return missingScopes(401, 'model.request', config.missingScopeCode);
  }
  return null;
}
