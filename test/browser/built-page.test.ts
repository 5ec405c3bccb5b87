// The built page as shipped: self-contained, and no HTML parsing of data anywhere in it.
import { readFileSync } from 'node:fs';
import { catalogs } from '../../src/ui/pages/Sidebar/i18n';
import { SIDEBAR_HTML } from './bridge';

const html = readFileSync(SIDEBAR_HTML, 'utf8');

test('the built sidebar never parses strings as HTML (no innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
  expect(html).not.toMatch(
    /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/,
  );
  expect(html).not.toMatch(/\beval\(|new Function\(/);
});

test('the built sidebar loads nothing from the network: no external script, stylesheet, font or image', () => {
  expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
  expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
  expect(html).not.toContain('<!-- inline:');
  expect(html).toMatch(/<style>[\s\S]+<\/style>/);
  expect(html).toMatch(/<script>[\s\S]+<\/script>/);
});

test('the English and Japanese catalogs have the same messages with the same placeholders', () => {
  const { en, ja } = catalogs();
  expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    expect([key, holes(ja[key])]).toEqual([key, holes(en[key])]);
    expect(ja[key].trim()).not.toBe('');
  }
});
