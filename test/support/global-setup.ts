// Jest global setup: when the whole suite runs (npm test), says first how long it takes, since the
// first results come only after about half a minute; then the skipped-files line.
import announceMissingSharedFiles from './shared-files-setup';

/** Measured with `npm test` on a 2-core machine; update it when the suite grows (docs/development.md). */
export const EXPECTED_SUITE_MINUTES = 6;

export default function globalSetup(globalConfig: { testPathPattern?: string }): void {
  if (!globalConfig.testPathPattern) {
    process.stdout.write(
      `\nnpm test: every unit and integration test, about ${EXPECTED_SUITE_MINUTES} minutes on 2 cores; ` +
        'the first results appear after about half a minute.\n',
    );
  }
  announceMissingSharedFiles();
}
