/** Unit and integration tests (the browser tests have their own config). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/tools'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: { '\\.ts$': '<rootDir>/test/esbuild-jest-transform.cjs' },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
