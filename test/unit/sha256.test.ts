import { createHash } from 'node:crypto';
import { sha256Hex, utf8Length } from '../../src/engine/sha256';

const samples = [
  '',
  'abc',
  'positive',
  '素晴らしい商品です！',
  '😀 emoji',
  'x'.repeat(55),
  'y'.repeat(64),
  'z'.repeat(1000),
];

test.each(samples)('the SHA-256 of %j matches Node’s', (text) => {
  expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
});

test('utf8Length counts bytes the way Buffer does', () => {
  for (const text of samples) expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
});
