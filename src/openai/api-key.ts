// Cleaning, checking and masking an API key. Pure: nothing here stores or sends the key.
import type { MessageKey } from '../i18n/messages';

export type KeyCheck =
  { ok: true; key: string; cleaned: boolean } | { ok: false; problem: MessageKey; chars?: string };

const KEY_BODY = /^[A-Za-z0-9_-]+$/;
const MIN_LENGTH = 20;

/**
 * Removes what copying adds (spaces, tabs, line breaks anywhere, surrounding quotes, a "Bearer "
 * prefix) and checks the shape: "sk-" then letters, digits, "-" and "_".
 */
export function checkApiKey(raw: unknown): KeyCheck {
  const original = typeof raw === 'string' ? raw : '';
  let key = original.replace(/\s+/g, '');
  key = key.replace(/^bearer(?=["'`“”‘’]*sk-)/i, '').replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '');
  const cleaned = key !== original;
  if (!key) return { ok: false, problem: 'key_empty' };
  if (!key.startsWith('sk-')) return { ok: false, problem: 'key_prefix' };
  const body = key.slice(3);
  if (!KEY_BODY.test(body)) {
    const bad = [...new Set(body.replace(/[A-Za-z0-9_-]/g, ''))].slice(0, 5).join(' ');
    return { ok: false, problem: 'key_characters', chars: bad };
  }
  if (key.length < MIN_LENGTH) return { ok: false, problem: 'key_too_short' };
  return { ok: true, key, cleaned };
}

/** "sk-...abcd": enough to recognise a key, useless to anyone who reads it. */
export function maskKey(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/** Replaces anything that looks like a key in text bound for a log, a cell or a message. */
export function redactKeys(text: string): string {
  return text.replace(/sk-[A-Za-z0-9_-]{6,}/g, (k) => maskKey(k));
}
