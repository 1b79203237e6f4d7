// @ts-check
'use strict';
const { sharedConfig } = require('./jest.shared');

/** Unit tests: `*.spec.ts` beside the code. No broker, no database. @type {import('jest').Config} */
module.exports = {
  ...sharedConfig,
  testMatch: ['<rootDir>/{libs,services,tools,tests}/**/*.spec.ts'],
};
