// `npm run record-histories`: the recorder alone, on the same servers as the stack tests.
const base = require('../../jest.config.js');
const stack = base.projects.find((p) => p.displayName === 'stack');

module.exports = {
  rootDir: '../..',
  testTimeout: base.testTimeout,
  ...stack,
  displayName: 'record',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/replay/record.test.ts'],
};
