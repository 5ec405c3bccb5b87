// Utilities handlers: digests and base64 over signed byte arrays, blobs, sleep, UUIDs and dates.
import { createHash, randomUUID } from 'node:crypto';
import type { HandlerTable } from '../execution';
import { facade } from '../protocol';
import { isDate } from '../dates';
import { num, str } from './args';
import { formatDate } from './format-date';

const DIGESTS: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
const MAX_SLEEP_MS = 300_000;

export function utilityHandlers(): HandlerTable {
  return {
    'Utilities.computeDigest': (_e, [algorithm, value, charset]) => {
      const name = DIGESTS[String(algorithm)];
      if (!name) throw new Error('Invalid argument: algorithm');
      return signed(createHash(name).update(bytesOf(value, charset)).digest());
    },
    'Utilities.base64Encode': (_e, [data, charset]) => bytesOf(data, charset).toString('base64'),
    'Utilities.base64EncodeWebSafe': (_e, [data, charset]) =>
      webSafe(bytesOf(data, charset).toString('base64')),
    'Utilities.base64Decode': (_e, [encoded]) => signed(decode(str(encoded, 'encoded'), false)),
    'Utilities.base64DecodeWebSafe': (_e, [encoded]) => signed(decode(str(encoded, 'encoded'), true)),
    'Utilities.newBlob': (_e, [data, contentType, name]) =>
      facade('Blob', null, {
        bytes: new Uint8Array(bytesOf(data ?? '', undefined)),
        contentType: contentType ?? null,
        name: name ?? null,
      }),
    'Utilities.sleep': async (exec, [ms]) => {
      await abortableDelay(Math.min(Math.max(0, num(ms, 'milliseconds')), MAX_SLEEP_MS), exec.abort.signal);
      return null;
    },
    'Utilities.getUuid': () => randomUUID(),
    'Utilities.formatDate': (_e, [date, timeZone, format]) => {
      if (!isDate(date)) throw new Error('Invalid argument: date');
      return formatDate(date, str(timeZone, 'timeZone'), str(format, 'format'));
    },
  };
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** A string in the given charset, or an array of (signed or unsigned) bytes, as a Buffer. */
export function bytesOf(value: unknown, charset: unknown): Buffer {
  if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 0xff));
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const text = String(value);
  if (charset === 'US_ASCII')
    return Buffer.from(Array.from(text, (ch) => (ch.charCodeAt(0) < 128 ? ch.charCodeAt(0) : 63)));
  return Buffer.from(text, 'utf8');
}

export function signed(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

function webSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

function decode(encoded: string, urlSafe: boolean): Buffer {
  const text = encoded.replace(/\s+/g, '');
  const alphabet = urlSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!alphabet.test(text)) throw new Error('Could not decode string.');
  return Buffer.from(text, urlSafe ? 'base64url' : 'base64');
}
