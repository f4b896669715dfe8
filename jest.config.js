// Two projects: pure unit tests run with no servers; everything else shares one
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
      displayName: 'stack',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/{workflows,api,integration,replay,infra}/**/*.test.ts'],
      // The history recorder runs only through `npm run record-histories`.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/replay/record.test.ts'],
      globalSetup: '<rootDir>/test/setup/globalSetup.ts',
      globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
    },
  ],
};
