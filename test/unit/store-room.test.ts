import { UserError } from '../../src/i18n/messages';
import { fitInStore, STORE_BYTES, storeBytes } from '../../src/engine/store-room';
import {
  decodeStates,
  encodeStates,
  readRows,
  rowChanges,
  type JobRecord,
  type RowState,
} from '../../src/jobs/store';

function filler(prefix: string, count: number, bytes: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`${prefix}${i}`] = 'x'.repeat(bytes);
  return out;
}

function job(rows: number): JobRecord {
  return { id: 'j1', spec: { firstRow: 2, lastRow: rows + 1 } } as unknown as JobRecord;
}

describe('the document store shares', () => {
  test('counts bytes as UTF-8 does, for Japanese text and emoji too', () => {
    for (const text of ['abc', 'レビュー', 'ﾚﾋﾞｭｰ', '😀 ok', 'é'])
      expect(storeBytes({ [`k:${text}`]: text })).toBe(Buffer.byteLength(`k:${text}${text}`));
  });

  test('changes that fit are written as given', () => {
    const props = { ...filler('dc:', 2, 8000), budget: '{}' };
    expect(fitInStore(props, { 'u:*': '{"total":1}' })).toEqual({
      changes: { 'u:*': '{"total":1}' },
      evict: [],
    });
  });

  test('a write that would pass 500 KB evicts durable answer shards, largest first, and nothing else', () => {
    const props = {
      ...filler('job:a:fp:', 52, 8000),
      ...filler('dc:', 10, 7000),
      'dc:big': 'y'.repeat(8000),
    };
    expect(storeBytes(props)).toBeGreaterThan(470_000);
    const fitted = fitInStore(props, { 'u:*': 'z'.repeat(8000) });
    expect(fitted.evict[0]).toBe('dc:big');
    expect(fitted.evict.every((k) => k.startsWith('dc:'))).toBe(true);
    expect(fitted.changes).toEqual({ 'u:*': 'z'.repeat(8000) });
    const after: Record<string, string> = { ...props, ...fitted.changes };
    for (const k of fitted.evict) delete after[k];
    expect(storeBytes(after)).toBeLessThanOrEqual(STORE_BYTES);
  });

  test('a durable answer that does not fit is not written, rather than refusing the ledger beside it', () => {
    const props = filler('job:a:fp:', 61, 8000);
    const fitted = fitInStore(props, { 'dc:3': 'a'.repeat(8000), 'u:*': '{"total":2}' });
    expect(fitted).toEqual({ changes: { 'u:*': '{"total":2}' }, evict: [] });
  });

  test('with no durable answers left to evict, a write that does not fit is refused with store_full', () => {
    const props = filler('job:a:fp:', 61, 8000);
    expect(() => fitInStore(props, { 'u:*': 'z'.repeat(8000) })).toThrow(UserError);
    try {
      fitInStore(props, { 'u:*': 'z'.repeat(8000) });
    } catch (e) {
      expect((e as UserError).key).toBe('store_full');
    }
  });
});

describe('row states in the store', () => {
  test('runs of five or more are run-length encoded, shorter runs kept as they are', () => {
    expect(encodeStates('ddddddddbbdf.....'.split(''))).toBe('d*8bbdf.*5');
    expect(decodeStates('d*8bbdf.*5')).toBe('ddddddddbbdf.....');
  });

  test('an encoding is never longer than the states and always decodes back', () => {
    const states: RowState[] = ['.', 'r', 'd', 'b', 's', 'f', 'x'];
    for (let seed = 1; seed < 50; seed++) {
      const rows = Array.from(
        { length: 300 },
        (_, i) => states[(i * seed * 7919 + (i >> (seed % 5))) % states.length],
      );
      const encoded = encodeStates(rows);
      expect(encoded.length).toBeLessThanOrEqual(rows.length);
      expect(decodeStates(encoded)).toBe(rows.join(''));
    }
  });

  test('a finished 50,000-row job keeps a few hundred bytes of row states', () => {
    const rows = Array.from({ length: 50_000 }, (_, i): RowState => (i % 1000 === 0 ? 'b' : 'd'));
    const parts = rowChanges(job(50_000), rows);
    expect(Object.keys(parts)).toHaveLength(7);
    expect(storeBytes(parts)).toBeLessThan(1_000);
    expect(readRows(parts, job(50_000))).toEqual(rows);
  });

  test('row states stored one character per row by an earlier version are read as they are', () => {
    const raw = 'ddddd.fb'.padEnd(8000, 'd') + 'x'.repeat(10);
    const props = { 'job:j1:rows:0': raw.slice(0, 8000), 'job:j1:rows:1': raw.slice(8000) };
    expect(readRows(props, job(8010)).join('')).toBe(raw);
  });
});
