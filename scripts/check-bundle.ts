// npm run check-bundle: the contract checker that comes with the brief, run on dist/.
import { execFileSync } from 'node:child_process';
import { missingLine, mustHaveSharedFiles, sharedFile } from './shared-files';

const checker = sharedFile('checkBundle');
if (!checker) {
  console.log(missingLine('checkBundle'));
  process.exit(mustHaveSharedFiles() ? 1 : 0);
}
try {
  execFileSync(process.execPath, [checker, 'dist'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
