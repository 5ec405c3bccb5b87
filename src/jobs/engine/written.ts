// Fingerprints of texts, and the filter of what a job wrote.
//
// A fingerprint is 48 bits of two FNV-1a hashes, 8 characters: claims and failed texts name texts by
// it (a false match among 50,000 texts: about one in 10^5 jobs).
//
// The filter records, for a job that may overwrite (and for an evaluation), the pairs (input, answer)
// it wrote: a Bloom filter of 12 bits a row with 8 hashes, sized once from the job's rows (50,000 rows:
// 100,000 characters over 13 properties). It moves with nothing, so it survives sorts, moves and
// inserts: a row whose input and output are a pair the job wrote is done, whatever row it is on now.
// A false match (about 0.3 % of the rows that are not the job's) leaves a row that holds a pair the
// job did not write as it is: its old value stays, as without overwrite.
import { WRITTEN_PER_PROPERTY, readParts, writeParts, writtenKey } from '../store';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const FP_CHARS = 8;
const BITS_PER_ROW = 12;
const HASHES = 8;

function fnv(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function fingerprint(text: string): string {
  const a = fnv(text, 0x811c9dc5);
  const b = fnv(text, 0x050c5d1f);
  const bits = [a & 0xffffff, (a >>> 24) | ((b & 0xffff) << 8)];
  let out = '';
  for (const n of bits) for (let shift = 18; shift >= 0; shift -= 6) out += ALPHABET[(n >>> shift) & 63];
  return out;
}

/** Fingerprints as a set, from their concatenation. */
export function fingerprintSet(concatenated: string | undefined): Set<string> {
  const set = new Set<string>();
  if (!concatenated) return set;
  for (let i = 0; i + FP_CHARS <= concatenated.length; i += FP_CHARS)
    set.add(concatenated.slice(i, i + FP_CHARS));
  return set;
}

/** Bits of the filter for a job of this many rows (a multiple of 6: one character holds 6). */
export function filterBits(rows: number): number {
  return Math.max(60, Math.ceil((rows * BITS_PER_ROW) / 6) * 6);
}

/** The pairs (input, answer) a job wrote, as a Bloom filter kept in the job's properties. */
export class WrittenFilter {
  private readonly bits: Uint8Array;
  private changed = false;

  private constructor(
    private readonly jobId: string,
    private readonly size: number,
    text: string,
  ) {
    this.bits = new Uint8Array(size / 6);
    for (let i = 0; i < this.bits.length; i++) {
      const v = ALPHABET.indexOf(text[i] ?? 'A');
      this.bits[i] = v < 0 ? 0 : v;
    }
  }

  static read(props: Record<string, string>, jobId: string, size: number): WrittenFilter {
    const parts = Math.ceil(size / 6 / WRITTEN_PER_PROPERTY);
    return new WrittenFilter(
      jobId,
      size,
      readParts(props, (p) => writtenKey(jobId, p), parts),
    );
  }

  has(input: string, answer: string): boolean {
    return this.positions(input, answer).every((p) => (this.bits[Math.floor(p / 6)] >> (p % 6)) & 1);
  }

  add(input: string, answer: string): void {
    for (const p of this.positions(input, answer)) {
      const i = Math.floor(p / 6);
      const bit = 1 << (p % 6);
      if (!(this.bits[i] & bit)) {
        this.bits[i] |= bit;
        this.changed = true;
      }
    }
  }

  /** The properties to write (none when nothing was added). */
  changes(): Record<string, string> {
    if (!this.changed) return {};
    let text = '';
    for (const v of this.bits) text += ALPHABET[v];
    return writeParts(text, (p) => writtenKey(this.jobId, p), WRITTEN_PER_PROPERTY);
  }

  private positions(input: string, answer: string): number[] {
    const pair = `${input}\u0000${answer}`;
    const h1 = fnv(pair, 0x811c9dc5);
    const h2 = fnv(pair, 0x050c5d1f) | 1;
    const out: number[] = [];
    for (let k = 0; k < HASHES; k++) out.push((h1 + Math.imul(k, h2)) >>> 0);
    return out.map((h) => h % this.size);
  }
}
