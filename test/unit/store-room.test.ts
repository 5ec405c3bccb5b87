import { UserError } from '../../src/i18n/messages';
import { fitInStore, STORE_BYTES, storeBytes } from '../../src/engine/store-room';
import { bytesForJob, jobChanges, readJob, type JobRecord } from '../../src/jobs/store';
import { filterBits, fingerprint, WrittenFilter } from '../../src/jobs/engine/written';
import type { JobSpec } from '../../src/jobs/spec';

function filler(prefix: string, count: number, bytes: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`${prefix}${i}`] = 'x'.repeat(bytes);
  return out;
}

function spec(rows: number, overwrite = false): JobSpec {
  return { firstRow: 2, lastRow: rows + 1, overwrite } as unknown as JobSpec;
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

describe('a job in the store', () => {
  test('a job that does not overwrite keeps the same bytes whatever its rows', () => {
    expect(bytesForJob(spec(300))).toBe(bytesForJob(spec(50_000)));
    expect(bytesForJob(spec(50_000))).toBeLessThanOrEqual(30_000);
  });

  test('a job that overwrites adds a filter of 12 bits a row, bounded by the 50,000 rows a job may have', () => {
    expect(bytesForJob(spec(50_000, true)) - bytesForJob(spec(50_000))).toBeLessThan(105_000);
    expect(filterBits(50_000)).toBe(600_000);
  });

  test('three claims of 1,000 texts each take a property each, under 9 KB, read back as they were', () => {
    const claims = Object.fromEntries(
      [1, 2, 3].map((n) => [
        `c${n}`,
        {
          texts: Array.from({ length: 1000 }, (_, i) => fingerprint(`${n}:${i}`)).join(''),
          until: 1,
          first: 0,
          last: 999,
        },
      ]),
    );
    const job = { id: 'j1', spec: spec(50_000), claims, failures: {} } as unknown as JobRecord;
    const changes = jobChanges(job);
    expect(Math.max(...Object.values(changes).map((v) => v.length))).toBeLessThan(9_000 - 100);
    expect(readJob(changes, 'j1')?.claims).toEqual(claims);
    // A claim gone leaves its property empty, to be used again.
    const fewer = jobChanges({ ...(readJob(changes, 'j1') as JobRecord), claims: { c2: claims.c2 } });
    expect(Object.values(fewer).filter((v) => v === '')).toHaveLength(2);
    expect(Object.keys(readJob({ ...changes, ...fewer }, 'j1')?.claims ?? {})).toEqual(['c2']);
  });

  test('the filter knows every pair it was given and few it was not, and keeps them in properties under 9 KB', () => {
    const rows = 50_000;
    const filter = WrittenFilter.read({}, 'j1', filterBits(rows));
    for (let i = 0; i < rows; i++) filter.add(`text ${i}`, i % 2 ? 'positive' : 'negative');
    const changes = filter.changes();
    expect(Math.max(...Object.values(changes).map((v) => v.length))).toBeLessThanOrEqual(8_000);
    const again = WrittenFilter.read(changes, 'j1', filterBits(rows));
    for (let i = 0; i < rows; i += 97)
      expect(again.has(`text ${i}`, i % 2 ? 'positive' : 'negative')).toBe(true);
    let wrong = 0;
    for (let i = 0; i < 10_000; i++) if (again.has(`text ${i}`, 'neutral')) wrong++;
    expect(wrong / 10_000).toBeLessThan(0.01);
  });

  test('fingerprints are 8 characters and tell apart texts that differ in one character', () => {
    expect(fingerprint('最高です')).toHaveLength(8);
    expect(fingerprint('I love it #1')).not.toBe(fingerprint('I love it #2'));
  });
});
