// npm run check-bundle: the repository's own contract checker (bundle-contract.ts) on dist/, then the
// checker that comes with the brief when it is there.
import { execFileSync } from 'node:child_process';
import { checkBundle } from './bundle-contract';
import { missingLine, mustHaveSharedFiles, sharedFile } from './shared-files';

const dir = process.argv[2] ?? 'dist';
const { problems, passed } = checkBundle(dir);
for (const line of passed) console.log(`ok       ${line}`);
for (const line of problems) console.log(`PROBLEM  ${line}`);
console.log(
  problems.length ? `${problems.length} problem(s) in ${dir}` : `the bundle contract holds for ${dir}`,
);

let failed = problems.length > 0;
const checker = sharedFile('checkBundle');
if (!checker) {
  console.log(missingLine('checkBundle'));
  if (mustHaveSharedFiles()) failed = true;
} else {
  console.log(`\nthe brief's checker (${checker}):`);
  try {
    execFileSync(process.execPath, [checker, dir], { stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
