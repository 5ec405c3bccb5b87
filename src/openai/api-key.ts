// Cleaning, checking and masking an API key. Pure: nothing here stores or sends the key.
import type { MessageKey } from '../i18n/messages';

/** What cleaning did to the pasted text, for the message the person sees. */
export interface KeyCleaning {
  /** Spaces, tabs or line breaks were removed. */
  spaces: boolean;
  /** Full-width or other compatibility characters became their ASCII form (NFKC). */
  normalized: boolean;
  /** Invisible characters removed, named as "U+200B ZERO WIDTH SPACE". */
  invisible: string[];
}

export type KeyKind = 'project' | 'service_account' | 'user';

export type KeyCheck =
  | { ok: true; key: string; cleaned: boolean; cleaning: KeyCleaning; kind: KeyKind }
  | { ok: false; problem: MessageKey; chars?: string };

const KEY_BODY = /^[A-Za-z0-9_-]+$/;
const MIN_LENGTH = 20;

/** Characters that copying from web pages, chats and documents slips in without a trace on screen. */
const INVISIBLE: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** Names for visible characters that are often mistaken for part of a key. */
const NAMED: Record<number, string> = {
  0x3001: 'IDEOGRAPHIC COMMA',
  0x3002: 'IDEOGRAPHIC FULL STOP',
  0x2026: 'HORIZONTAL ELLIPSIS',
  0x2010: 'HYPHEN',
  0x2011: 'NON-BREAKING HYPHEN',
  0x2012: 'FIGURE DASH',
  0x2013: 'EN DASH',
  0x2014: 'EM DASH',
  0x2212: 'MINUS SIGN',
  0x002e: 'FULL STOP',
  0x002c: 'COMMA',
  0x0021: 'EXCLAMATION MARK',
  0x002a: 'ASTERISK',
};

/** "U+200B ZERO WIDTH SPACE"; a visible character is shown too: "“…” U+2026 HORIZONTAL ELLIPSIS". */
export function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0) as number;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const invisible = INVISIBLE[code];
  if (invisible) return `${hex} ${invisible}`;
  const name = NAMED[code];
  const shown = /\p{L}|\p{N}|\p{P}|\p{S}/u.test(ch) ? `“${ch}” ` : '';
  return `${shown}${hex}${name ? ` ${name}` : ''}`;
}

function isInvisible(ch: string): boolean {
  const code = ch.codePointAt(0) as number;
  return code in INVISIBLE || /\p{Cf}/u.test(ch);
}

/**
 * Undoes what copying does to a key: full-width forms (NFKC), invisible characters, spaces and
 * line breaks anywhere, surrounding quotes and a "Bearer " prefix.
 */
export function cleanApiKey(raw: unknown): { key: string; cleaning: KeyCleaning } {
  const original = typeof raw === 'string' ? raw : '';
  const normalizedText = original.normalize('NFKC');
  const invisible: string[] = [];
  let key = '';
  for (const ch of normalizedText) {
    if (isInvisible(ch)) {
      const name = describeCharacter(ch);
      if (!invisible.includes(name)) invisible.push(name);
    } else key += ch;
  }
  const withoutSpaces = key.replace(/\s+/g, '');
  const spaces = withoutSpaces !== key;
  key = withoutSpaces.replace(/^bearer(?=["'`“”‘’]*sk-)/i, '').replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '');
  // NFKC also turns U+3000 and U+00A0 into spaces: that is a space removed, not a full-width key.
  const visible = original.replace(/\s/g, '');
  const normalized = visible.normalize('NFKC').replace(/\s/g, '') !== visible;
  return { key, cleaning: { spaces, normalized, invisible } };
}

/** Checks the shape after cleaning: "sk-" then letters, digits, "-" and "_"; admin keys refused. */
export function checkApiKey(raw: unknown): KeyCheck {
  const { key, cleaning } = cleanApiKey(raw);
  const cleaned = cleaning.spaces || cleaning.normalized || cleaning.invisible.length > 0 || key !== raw;
  if (!key) return { ok: false, problem: 'key_empty' };
  if (!key.startsWith('sk-')) return { ok: false, problem: 'key_prefix' };
  if (key.startsWith('sk-admin-')) return { ok: false, problem: 'admin_key' };
  const body = key.slice(3);
  if (!KEY_BODY.test(body)) {
    const bad = [...new Set(body.replace(/[A-Za-z0-9_-]/g, ''))].slice(0, 5).map(describeCharacter);
    return { ok: false, problem: 'key_characters', chars: bad.join(', ') };
  }
  if (key.length < MIN_LENGTH) return { ok: false, problem: 'key_too_short' };
  return { ok: true, key, cleaned, cleaning, kind: keyKind(key) };
}

function keyKind(key: string): KeyKind {
  if (key.startsWith('sk-proj-')) return 'project';
  if (key.startsWith('sk-svcacct-')) return 'service_account';
  return 'user';
}

/** "sk-...abcd": enough to recognise a key, useless to anyone who reads it. */
export function maskKey(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/** Replaces anything that looks like a key in text bound for a log, a cell or a message. */
export function redactKeys(text: string): string {
  return text.replace(/sk-[A-Za-z0-9_*-]{6,}/g, (k) => maskKey(k.replace(/\*+/g, '')));
}
