// Text a server sends back (an error message above all) can repeat the key it was sent, and a
// compatible server may do it in any form: as sent, without "sk-", percent-encoded, spaced out, in
// base64 (alone or inside a logged "Authorization: Bearer ..." header). Such text reaches cells that
// every editor sees. So it is redacted knowing the key: every form we can compute is replaced by the
// key's mask; and when a normalized reading of what is left (separators dropped, %XX and base64 runs
// decoded) still holds a 12-character piece of the key, the text is withheld as a whole.
import { maskKey } from './api-key';

/** What a withheld message is replaced by. */
export const WITHHELD = '[the server’s message is not shown: it repeated the API key]';
/** A piece of the key this long found anywhere means the key is exposed. */
const PIECE = 12;
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(3, bytes.length - i) + 1;
    for (let k = 0; k < 4; k++) out += k < chars ? B64[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

function fromBase64(text: string): string | undefined {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 255);
    }
  }
  return out;
}

/**
 * The base64 text that encodes `secret` wherever it sits in the encoded data: for each of the three
 * byte alignments, the characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = utf8Bytes(secret);
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = base64([...Array<number>(offset).fill(0), ...bytes]);
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    const core = encoded.slice(first, last);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

function percentForms(secret: string): string[] {
  const every = utf8Bytes(secret).map((b) => '%' + b.toString(16).padStart(2, '0'));
  return [encodeURIComponent(secret), every.join('').toUpperCase(), every.join('')];
}

/** Every form of one key this redaction replaces, longest first. */
function formsOf(secret: string): string[] {
  const body = secret.replace(/^sk-/, '');
  const hex = utf8Bytes(secret)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  const forms = [secret, body, ...percentForms(secret), ...base64Forms(secret), hex, hex.toUpperCase()];
  return [...new Set(forms.filter((f) => f.length >= PIECE))].sort((a, b) => b.length - a.length);
}

/** The key's characters with anything but letters and digits allowed between them: spaced, dotted, split. */
function spacedPattern(secret: string): RegExp {
  const chars = [...secret.replace(/^sk-/, '')].filter((c) => /[A-Za-z0-9]/.test(c));
  return new RegExp(
    `(?:s[^A-Za-z0-9]{0,3}k[^A-Za-z0-9]{0,3})?${chars.map(escapeRegExp).join('[^A-Za-z0-9]{0,3}')}`,
    'gi',
  );
}

/** Letters and digits only, lower case: what is left of text once separators and case are ignored. */
function skeleton(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The text plus what its %XX escapes and base64 runs decode to. */
function decodedViews(text: string): string[] {
  const views = [text];
  try {
    views.push(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25')));
  } catch {
    // not percent-encoded text
  }
  for (const run of text.match(BASE64_RUN) ?? []) {
    const decoded = fromBase64(run);
    if (decoded) views.push(decoded);
  }
  return views;
}

/** Whether any 12-character piece of a key's letters and digits can still be read in `text`. */
export function exposesKey(text: string, secrets: string[]): boolean {
  const views = decodedViews(text).map(skeleton);
  return secrets.some((secret) => {
    const body = skeleton(secret.replace(/^sk-/, ''));
    if (body.length < PIECE) return false;
    for (let i = 0; i + PIECE <= body.length; i++) {
      const piece = body.slice(i, i + PIECE);
      if (views.some((v) => v.includes(piece))) return true;
    }
    return false;
  });
}

/**
 * `text` with every form of the keys replaced by their mask ("sk-...abcd"), or WITHHELD when a
 * piece of a key can still be read in it.
 */
export function redactSecrets(text: string, secrets: string[]): string {
  const keys = secrets.filter((s) => s.length >= PIECE);
  let out = text;
  for (const secret of keys) {
    const mask = maskKey(secret);
    for (const form of formsOf(secret)) out = out.split(form).join(mask);
    out = out.replace(spacedPattern(secret), mask);
  }
  return exposesKey(out, keys) ? WITHHELD : out;
}
