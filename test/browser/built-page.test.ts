// The built pages as shipped: self-contained, and no HTML parsing of data anywhere in them.
import { readFileSync } from 'node:fs';
import { catalogs as columnJobCatalogs } from '../../src/pages/ColumnJob/i18n';
import { catalogs as evaluateCatalogs } from '../../src/pages/Evaluate/i18n';
import { COMMON_TEXT, type Catalog } from '../../src/pages/shared/i18n';
import { catalogs as sidebarCatalogs } from '../../src/pages/Sidebar/i18n';
import { PAGES } from './bridge';

const built = Object.entries(PAGES).map(([name, { file }]) => [name, readFileSync(file, 'utf8')] as const);

test.each(built)(
  'the built %s never parses strings as HTML (no innerHTML, outerHTML, insertAdjacentHTML, document.write)',
  (_name, html) => {
    expect(html).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/,
    );
    expect(html).not.toMatch(/\beval\(|new Function\(/);
  },
);

test.each(built)(
  'the built %s loads nothing from the network: no external script, stylesheet, font or image',
  (_name, html) => {
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
    expect(html).not.toContain('<!-- inline:');
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toMatch(/<script>[\s\S]+<\/script>/);
  },
);

test.each([
  ['common', COMMON_TEXT as Catalog<string>],
  ['sidebar', sidebarCatalogs() as Catalog<string>],
  ['column-job dialog', columnJobCatalogs() as Catalog<string>],
  ['evaluation dialog', evaluateCatalogs() as Catalog<string>],
])(
  'the English and Japanese %s catalogs have the same messages with the same placeholders',
  (_name, texts) => {
    const { en, ja } = texts;
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en)) {
      expect([key, holes(ja[key])]).toEqual([key, holes(en[key])]);
      expect(ja[key].trim()).not.toBe('');
    }
  },
);
