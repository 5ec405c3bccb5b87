import {
  CLAIM_SHARDS,
  claimChanges,
  claimCovering,
  claimId,
  mirrorValue,
  parseMirror,
  readClaims,
  withChanges,
} from '../../src/engine/claims';

const NOW = Date.UTC(2026, 11, 1, 3);
const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => (from + i).toString(16).padStart(10, '0'));

test('a claim is found by any of its answers until it ends', () => {
  const changes = claimChanges({}, NOW, { id: 'c1', until: NOW + 15000, keys: ids(3) }) ?? {};
  const claims = readClaims(changes);
  expect(claimCovering(claims, ids(3)[1], NOW)?.id).toBe('c1');
  expect(claimCovering(claims, ids(1, 99)[0], NOW)).toBeUndefined();
  expect(claimCovering(claims, ids(3)[1], NOW + 15000)).toBeUndefined();
});

test('releasing a claim rewrites its shard without it, and expired claims go with any change', () => {
  let props = withChanges({}, claimChanges({}, NOW, { id: 'old', until: NOW + 1000, keys: ids(2) }) ?? {});
  props = withChanges(
    props,
    claimChanges(props, NOW, { id: 'c2', until: NOW + 15000, keys: ids(2, 10) }) ?? {},
  );
  props = withChanges(props, claimChanges(props, NOW + 2000, undefined, 'c2') ?? {});
  expect(readClaims(props)).toEqual([]);
  expect(Object.keys(props).every((k) => /^cl:\d$/.test(k))).toBe(true);
});

test('claims spread over the fixed shards and each shard stays under the 9 KB property limit', () => {
  let props: Record<string, string> = {};
  for (let c = 0; c < 2 * CLAIM_SHARDS; c++) {
    const added = claimChanges(props, NOW, { id: `c${c}`, until: NOW + 15000, keys: ids(250, c * 250) });
    expect(added).toBeDefined();
    props = withChanges(props, added ?? {});
  }
  expect(Object.keys(props)).toHaveLength(CLAIM_SHARDS);
  for (const value of Object.values(props)) expect(value.length).toBeLessThan(9 * 1024);
  expect(claimChanges(props, NOW, { id: 'more', until: NOW + 15000, keys: ids(400, 9000) })).toBeUndefined();
});

test('the mirror carries only live claims that cover other cells than the claimer', () => {
  let props = withChanges({}, claimChanges({}, NOW, { id: 'block', until: NOW + 15000, keys: ids(5) }) ?? {});
  props = withChanges(
    props,
    claimChanges(props, NOW, { id: 'lone', until: NOW + 15000, keys: ids(1, 50) }) ?? {},
  );
  const mirror = parseMirror(mirrorValue(readClaims(props), NOW));
  expect(mirror.map((c) => c.id)).toEqual(['block']);
  expect(parseMirror(mirrorValue(readClaims(props), NOW + 20000))).toEqual([]);
  expect(parseMirror('not json')).toEqual([]);
});

test('claim ids are ten hex digits of the answer key', () => {
  expect(claimId(`a1:${'0123456789abcdef'.repeat(4)}`)).toBe('0123456789');
});
