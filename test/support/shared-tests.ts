// `describe` for tests that need a file from outside the repository: skipped when it is missing
// (the global setup has said so in one line; in CI it has failed the run instead).
import { sharedFile, type SharedFileName } from '../../scripts/shared-files';

export function describeWithShared(name: SharedFileName): jest.Describe {
  return sharedFile(name) ? describe : describe.skip;
}
