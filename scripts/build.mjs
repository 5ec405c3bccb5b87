#!/usr/bin/env node
// Builds the add-on into dist/:
//   Code.js        esbuild IIFE of src/main.ts, followed by one top-level `function NAME(...)` stub per
//                  export of src/main.ts, each carrying that export's JSDoc (Sheets reads JSDoc for
//                  autocomplete; google.script.run and Sheets only see top-level function declarations).
//   appsscript.json copied from the repo root.
//   <Page>.html    each page in src/pages/<Page>/ as one self-contained file (script and style inlined).
import { build } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const ENTRY = join(ROOT, 'src/main.ts');
const BUNDLE_GLOBAL = 'AddonBundle_';

/** Exported functions of the entry file with their JSDoc text and parameter names. */
function readExports(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const out = [];
  for (const node of source.statements) {
    if (!ts.isFunctionDeclaration(node) || !node.name) continue;
    const exported = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    const jsDoc = node.jsDoc?.length ? node.jsDoc[node.jsDoc.length - 1].getText(source) : '';
    out.push({ name: node.name.text, params: node.parameters.map((p) => p.name.getText(source)), jsDoc });
  }
  return out;
}

function stub({ name, params, jsDoc }) {
  const doc = jsDoc ? `${jsDoc}\n` : '';
  return `${doc}function ${name}(${params.join(', ')}) {\n  return ${BUNDLE_GLOBAL}.${name}.apply(this, arguments);\n}\n`;
}

async function buildCode() {
  const exports = readExports(ENTRY);
  const invalid = exports.filter((e) => e.name.endsWith('_'));
  if (invalid.length) throw new Error(`exported names must not end in "_": ${invalid.map((e) => e.name)}`);
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
  });
  const body = result.outputFiles[0].text;
  const header = '// Built file: edit src/ and run `npm run build`.\n';
  writeFileSync(join(DIST, 'Code.js'), `${header}${body}\n${exports.map(stub).join('\n')}`);
  return exports.length;
}

async function buildPages() {
  const pagesDir = join(ROOT, 'src/pages');
  if (!existsSync(pagesDir)) return [];
  // A page is a folder with an index.html; other folders (shared code) are bundled into pages.
  const pages = readdirSync(pagesDir, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && existsSync(join(pagesDir, d.name, 'index.html')),
  );
  for (const page of pages) {
    const dir = join(pagesDir, page.name);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const script = await build({
      entryPoints: [join(dir, 'page.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      minify: true,
      charset: 'utf8',
      write: false,
    });
    const cssPath = join(dir, 'style.css');
    const css = existsSync(cssPath) ? readFileSync(cssPath, 'utf8') : '';
    // A literal "</script" inside the inlined code would end the element early.
    const js = script.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
    const out = html
      .replace('<!-- inline:style -->', () => `<style>\n${css}</style>`)
      .replace('<!-- inline:script -->', () => `<script>\n${js}</script>`);
    writeFileSync(join(DIST, `${page.name}.html`), out);
  }
  return pages.map((p) => p.name);
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
copyFileSync(join(ROOT, 'appsscript.json'), join(DIST, 'appsscript.json'));
const count = await buildCode();
const pages = await buildPages();
console.log(`built dist/Code.js with ${count} globals${pages.length ? `; pages: ${pages.join(', ')}` : ''}`);
