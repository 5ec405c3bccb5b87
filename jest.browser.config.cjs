/** Browser tests: the built sidebar in Chromium, its server calls answered by the emulator. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  transform: { '\\.ts$': '<rootDir>/test/esbuild-jest-transform.cjs' },
  testTimeout: 90000,
  maxWorkers: 1,
};
