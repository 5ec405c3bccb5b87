// Names in a job's batch files. A request's custom_id says which job it belongs to, a hash of its items'
// message, and its place in the file: "<job id>.<8 hex>.<n>". Which texts its items are is read back
// from the input file when the results are collected (collect.ts), so nothing is kept per row; files
// of the previous release named row ranges in the last part, which is read the same way.
import { sha256Hex } from '../../engine/sha256';

/** 8 hex characters of SHA-256 of a request's user message: changes when any item text changes. */
export function textsHash(userMessage: string): string {
  return sha256Hex(userMessage).slice(0, 8);
}

export interface RequestId {
  jobId: string;
  hash: string;
  /** Its place in the file (base 36), unique in the file. */
  n: string;
}

export function customId(id: RequestId): string {
  return `${id.jobId}.${id.hash}.${id.n}`;
}

export function parseCustomId(text: unknown): RequestId | null {
  if (typeof text !== 'string') return null;
  const match = /^([0-9a-z]+)\.([0-9a-f]{8})\.([0-9a-z_-]+)$/.exec(text);
  return match ? { jobId: match[1], hash: match[2], n: match[3] } : null;
}

/** A text's bucket in a round of batches: which file of the round it goes in, whatever row it is on. */
export function bucketOf(text: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % Math.max(1, buckets);
}
