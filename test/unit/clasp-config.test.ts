import { checkClaspConfig } from '../../scripts/clasp-config';

test('without .clasp.json, deploy says how to create a standalone project', () => {
  expect(checkClaspConfig(null).error).toMatch(/clasp create --type standalone/);
});

test('a template without a script id is refused', () => {
  expect(checkClaspConfig('{"scriptId":"REPLACE_WITH_X","rootDir":"dist"}').error).toMatch(/no script id/);
});

test('a script bound to a spreadsheet is warned about: its editors could read the owner’s key', () => {
  const check = checkClaspConfig('{"scriptId":"abc","rootDir":"dist","parentId":["1Sheet"]}');
  expect(check.error).toBeUndefined();
  expect(check.warnings.join('\n')).toMatch(/bound to a spreadsheet \(parentId 1Sheet\).*\n.*read the/);
});

test('a standalone project pushes without a warning', () => {
  expect(checkClaspConfig('{"scriptId":"abc","rootDir":"dist"}')).toEqual({ warnings: [] });
});
