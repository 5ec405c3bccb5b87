// Fingerprints of input texts: two characters (12 bits of FNV-1a) per row, enough to notice that the
// text of a row changed after it was answered (a wrong "unchanged" once in 4,096 edits), small enough to
// keep for every row of a 50,000-row job.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  const bits = (hash ^ (hash >>> 12) ^ (hash >>> 24)) & 0xfff;
  return ALPHABET[bits >> 6] + ALPHABET[bits & 63];
}
