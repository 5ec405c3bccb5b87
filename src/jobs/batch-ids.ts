// Names in a job's batch files. A request's custom_id says which job it belongs to, which of the
// job's rows its items are (in item order) and a hash of the exact item texts it asked about, so a
// result line is matched to its rows whatever order the output file has, and its answers are cached
// only when the rows still hold the texts that were asked.
import { sha256Hex } from '../engine/sha256';

/** Row indices as base-36 ranges: [0,1,2,5,7,8] -> "0-2_5_7-8". */
export function encodeRanges(indices: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    const first = indices[i].toString(36);
    parts.push(j > i ? `${first}-${indices[j].toString(36)}` : first);
    i = j + 1;
  }
  return parts.join('_');
}

export function decodeRanges(text: string): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.split('_')) {
    const [first, last] = part.split('-').map((n) => parseInt(n, 36));
    if (!Number.isInteger(first)) return [];
    const end = last === undefined ? first : last;
    for (let i = first; i <= end; i++) out.push(i);
  }
  return out;
}

/** 8 hex characters of SHA-256 of a request's user message: changes when any item text changes. */
export function textsHash(userMessage: string): string {
  return sha256Hex(userMessage).slice(0, 8);
}

export interface RequestId {
  jobId: string;
  hash: string;
  /** The job's row indices of the request's items, in item order (item id k is rows[k]). */
  rows: number[];
}

/** "<job id>.<hash>.<row ranges>": unique in a file, since a row is asked at most once per file. */
export function customId(id: RequestId): string {
  return `${id.jobId}.${id.hash}.${encodeRanges(id.rows)}`;
}

export function parseCustomId(text: unknown): RequestId | null {
  if (typeof text !== 'string') return null;
  const match = /^([0-9a-z]+)\.([0-9a-f]{8})\.([0-9a-z_-]+)$/.exec(text);
  if (!match) return null;
  const rows = decodeRanges(match[3]);
  return rows.length ? { jobId: match[1], hash: match[2], rows } : null;
}
