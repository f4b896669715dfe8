// Three projects: pure unit tests run with no servers; fast tests with fakes (test/fast) need
// only the Java time-skipping server; everything else shares one
// globalSetup that starts the real servers (time-skipping test server, Temporal dev
// server, FerretDB, agency simulator) once per run.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  maxWorkers: 2,
  // Workflow tests wait on real servers; the stack project's files set tighter bounds where it matters.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      // Fast tests with fakes: workflows on a private time-skipping server with typed fake
      // activities, activities in MockActivityEnvironment, the API on createApp with a stubbed
      // Temporal client. No FerretDB, no simulator, no dev server.
      displayName: 'fast',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/fast/**/*.test.ts'],
    },
    {
      displayName: 'stack',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/{workflows,api,integration,replay,infra,browser}/**/*.test.ts'],
      // The history recorder runs only through `npm run record-histories`.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/replay/record.test.ts'],
      globalSetup: '<rootDir>/test/setup/globalSetup.ts',
      globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
    },
  ],
};
