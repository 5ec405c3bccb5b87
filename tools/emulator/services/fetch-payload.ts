// The body UrlFetchApp sends for a `payload`: a string, bytes, a Blob, or an object of form fields
// (URL-encoded when every value is a string, multipart/form-data as soon as one is a Blob).
import { randomBytes } from 'node:crypto';
import { isFacadeMarker } from '../protocol';
import { bytesOf } from './utilities';

export const FORM_URLENCODED = 'application/x-www-form-urlencoded';
const OCTET_STREAM = 'application/octet-stream';

export interface EncodedPayload {
  body: Uint8Array | string;
  /** The Content-Type that goes with the body when the script names none. */
  type: string;
}

interface BlobData {
  bytes: Uint8Array;
  contentType: string | null;
  name: string | null;
}

/** A Blob made by Utilities.newBlob or HTTPResponse.getBlob, as it arrives from the worker. */
export function blobOf(value: unknown): BlobData | null {
  if (!isFacadeMarker(value) || value.$facade !== 'Blob') return null;
  const data = (value.data ?? {}) as Partial<Record<keyof BlobData, unknown>>;
  const bytes = data.bytes;
  return {
    bytes: ArrayBuffer.isView(bytes)
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : new Uint8Array(),
    contentType: typeof data.contentType === 'string' ? data.contentType : null,
    name: typeof data.name === 'string' ? data.name : null,
  };
}

export function encodePayload(payload: unknown): EncodedPayload {
  if (Array.isArray(payload) || ArrayBuffer.isView(payload))
    return { body: bytesOf(payload, 'UTF_8'), type: FORM_URLENCODED };
  const blob = blobOf(payload);
  // Not established: which Content-Type a bare Blob payload gets; its own is the likely one.
  if (blob) return { body: blob.bytes, type: blob.contentType ?? FORM_URLENCODED };
  if (typeof payload === 'object' && payload !== null) return encodeForm(payload as Record<string, unknown>);
  return { body: String(payload), type: FORM_URLENCODED };
}

/** "A JavaScript object is interpreted as a map of form field names to values, where the values can be either strings or blobs." */
function encodeForm(fields: Record<string, unknown>): EncodedPayload {
  const entries = Object.entries(fields);
  if (!entries.some(([, value]) => blobOf(value))) {
    const pairs = entries.map(([k, v]): [string, string] => [k, String(v)]);
    return { body: new URLSearchParams(pairs).toString(), type: FORM_URLENCODED };
  }
  const boundary = `----AppsScriptFormBoundary${randomBytes(12).toString('hex')}`;
  return { body: multipartBody(entries, boundary), type: `multipart/form-data; boundary=${boundary}` };
}

function multipartBody(entries: Array<[string, unknown]>, boundary: string): Uint8Array {
  const chunks: Buffer[] = [];
  for (const [name, value] of entries) {
    const blob = blobOf(value);
    chunks.push(Buffer.from(`--${boundary}\r\n${partHeaders(name, blob)}\r\n`, 'utf8'));
    chunks.push(blob ? Buffer.from(blob.bytes) : Buffer.from(String(value), 'utf8'));
    chunks.push(Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A Blob part names its file only when the Blob has a name (the real format is not documented; a
 * nameless Blob is sent as a plain field, so a server needing a file name refuses it, as it may
 * in Apps Script).
 */
function partHeaders(name: string, blob: BlobData | null): string {
  const disposition = `Content-Disposition: form-data; name="${quoted(name)}"`;
  if (!blob) return `${disposition}\r\n`;
  const file = blob.name === null ? '' : `; filename="${quoted(blob.name)}"`;
  return `${disposition}${file}\r\nContent-Type: ${blob.contentType ?? OCTET_STREAM}\r\n`;
}

/** As browsers write form-data names: quotes and line breaks percent-encoded. */
function quoted(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
