// npm run deploy as a newcomer meets it: the script run as a process, with HOME pointing at a
// folder of our choosing, so what it says and what it runs are what a fresh machine sees.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkClaspLogin, claspAuthPath } from '../../scripts/clasp-config';

const repo = resolve(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-test-'));
  dirs.push(dir);
  return dir;
}

/** Runs scripts/deploy.ts in `cwd` (a project folder without .clasp.json unless the test writes one). */
function deploy(home: string, cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const { clasp_config_auth: _ignored, ...inherited } = process.env;
  const run = spawnSync(
    process.execPath,
    [join(repo, 'scripts/run-ts.mjs'), join(repo, 'scripts/deploy.ts'), ...args],
    { cwd, env: { ...inherited, HOME: home, USERPROFILE: home, ...env }, encoding: 'utf8', timeout: 30000 },
  );
  return { status: run.status, out: run.stdout, err: run.stderr };
}

const credentials = JSON.stringify({ tokens: { default: { type: 'authorized_user', refresh_token: 'r' } } });

test('without a clasp login, deploy says to run npx clasp login and runs nothing, without a stack trace', () => {
  const run = deploy(emptyDir(), emptyDir());
  expect(run.status).toBe(1);
  expect(run.err).toContain('npx clasp login');
  expect(run.err).toContain('clasp is not logged in');
  expect(run.err).not.toMatch(/^\s+at /m);
  expect(run.err.trim().split('\n').length).toBeLessThanOrEqual(4);
  expect(run.out).not.toContain('> npm');
});

test('a clasp login in ~/.clasprc.json gets past the login check to the .clasp.json check', () => {
  const home = emptyDir();
  writeFileSync(join(home, '.clasprc.json'), credentials);
  const run = deploy(home, emptyDir());
  expect(run.status).toBe(1);
  expect(run.err).not.toContain('npx clasp login');
  expect(run.err).toContain('No .clasp.json yet');
  expect(run.out).not.toContain('> npm');
});

test('a login in the folder clasp_config_auth names counts as a login', () => {
  const auth = emptyDir();
  writeFileSync(join(auth, '.clasprc.json'), credentials);
  const run = deploy(emptyDir(), emptyDir(), [], { clasp_config_auth: auth });
  expect(run.err).toContain('No .clasp.json yet');
});

test('an unknown option is refused with the usage, before anything runs', () => {
  const run = deploy(emptyDir(), emptyDir(), ['--skip-tests']);
  expect(run.status).toBe(1);
  expect(run.err).toContain('Usage: npm run deploy [-- --skip-checks]');
});

test('a credentials file after clasp logout (no default token) is not a login', () => {
  expect(checkClaspLogin('/h/.clasprc.json', '{"tokens":{}}')).toContain('npx clasp login');
  expect(checkClaspLogin('/h/.clasprc.json', '{"tokens":{"default":{"refresh_token":"r"}}}')).toBeUndefined();
  expect(checkClaspLogin('/h/.clasprc.json', 'not json')).toContain('not valid JSON');
});

test('clasp_config_auth naming a file is used as the credentials file itself', () => {
  expect(claspAuthPath({ clasp_config_auth: '/a/creds.json' }, '/h', () => false)).toBe('/a/creds.json');
  expect(claspAuthPath({}, '/h', () => false)).toBe('/h/.clasprc.json');
});
