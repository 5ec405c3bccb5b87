// npm run deploy: checks clasp's login and where .clasp.json points, then lint, tests, build and
// clasp push. `--skip-checks` leaves out lint and tests (the build still runs: clasp pushes dist/).
//
// A script bound to a spreadsheet (what `clasp create --type sheets` makes; clasp records the
// spreadsheet as `parentId`) can be opened and edited by every editor of that spreadsheet, who can
// then read the owner's key from the script's user properties. For shared spreadsheets, push to a
// standalone project and install it as a test deployment of the add-on instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { checkClaspConfig, checkClaspLogin, claspAuthPath } from './clasp-config';

const known = new Set(['--skip-checks']);
const unknown = process.argv.slice(2).filter((arg) => !known.has(arg));
if (unknown.length) stop(`Unknown option ${unknown.join(' ')}. Usage: npm run deploy [-- --skip-checks]`);
const skipChecks = process.argv.includes('--skip-checks');

const readIfThere = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null);
const authPath = claspAuthPath(process.env, homedir(), (p) => existsSync(p) && statSync(p).isDirectory());
const loginProblem = checkClaspLogin(authPath, readIfThere(authPath));
if (loginProblem) stop(loginProblem);

const check = checkClaspConfig(readIfThere('.clasp.json'));
if (check.error) stop(check.error);
for (const warning of check.warnings) console.warn(`\nWARNING: ${warning}\n`);

const steps = skipChecks
  ? ['npm run build', 'npx clasp push']
  : ['npm run lint', 'npm test', 'npx clasp push'];
if (skipChecks) console.log('Skipping lint and tests (--skip-checks).');
for (const step of steps) {
  console.log(`> ${step}`);
  const run = spawnSync(step, { stdio: 'inherit', shell: true });
  if (run.status !== 0) {
    const hint = step.includes('clasp')
      ? ' If it says "No credentials found", run: npx clasp login'
      : skipChecks
        ? ''
        : ' To push without lint and tests: npm run deploy -- --skip-checks';
    stop(`Deploy stopped: "${step}" failed (its output above says why).${hint}`);
  }
}
console.log('Pushed. Open the project with: npx clasp open-script');

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}
