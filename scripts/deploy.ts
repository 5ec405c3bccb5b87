// npm run deploy: checks where .clasp.json points, then lint, tests, build and clasp push.
//
// A script bound to a spreadsheet (what `clasp create --type sheets` makes; clasp records the
// spreadsheet as `parentId`) can be opened and edited by every editor of that spreadsheet, who can
// then read the owner's key from the script's user properties. For shared spreadsheets, push to a
// standalone project and install it as a test deployment of the add-on instead.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { checkClaspConfig } from './clasp-config';

const check = checkClaspConfig(existsSync('.clasp.json') ? readFileSync('.clasp.json', 'utf8') : null);
if (check.error) {
  console.error(check.error);
  process.exit(1);
}
for (const warning of check.warnings) console.warn(`\nWARNING: ${warning}\n`);
for (const step of ['npm run lint', 'npm test', 'npx clasp push']) {
  console.log(`> ${step}`);
  execSync(step, { stdio: 'inherit' });
}
