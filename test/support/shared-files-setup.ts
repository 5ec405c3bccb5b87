// Jest global setup: says once which tests are skipped for want of a file from outside the
// repository, and in CI (where every test must run) fails instead.
import {
  missingLine,
  mustHaveSharedFiles,
  sharedFile,
  SHARED_FILES,
  type SharedFileName,
} from '../../scripts/shared-files';

export default function announceMissingSharedFiles(): void {
  const missing = (Object.keys(SHARED_FILES) as SharedFileName[]).filter((name) => !sharedFile(name));
  if (!missing.length) return;
  const lines = missing.map(missingLine);
  if (mustHaveSharedFiles()) throw new Error(`CI must run every test:\n${lines.join('\n')}`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
