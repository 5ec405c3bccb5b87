// API keys: the Bearer header, the accepted shape, and the keys that stand for revoked or unpaid accounts.

import { incorrectKey, missingKey, type ApiError } from './api-errors';
import type { StubConfig } from './config';

/** The shape of real keys: "sk-" or "sk-proj-" and then letters, digits, "-" and "_". */
const KEY_SHAPE = /^sk-[A-Za-z0-9_-]+$/;

export type AuthResult = { ok: true; key: string } | { ok: false; error: ApiError };

export function authenticate(header: string | undefined, config: StubConfig): AuthResult {
  const match = /^Bearer\s+(.*)$/i.exec(header ?? '');
  const key = match ? match[1].trim() : '';
  if (!key) return { ok: false, error: missingKey() };
  if (!KEY_SHAPE.test(key)) return { ok: false, error: incorrectKey(key) };
  if (config.revokedKeys.includes(key) || key.includes('revoked'))
    return { ok: false, error: incorrectKey(key) };
  return { ok: true, key };
}

export function isQuotaExhausted(key: string, config: StubConfig): boolean {
  return config.quotaExhaustedKeys.includes(key) || key.includes('noquota');
}
