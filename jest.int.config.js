// @ts-check
'use strict';
const { sharedConfig } = require('./jest.shared');

/**
 * Integration tests: `*.int-spec.ts`, against the real Kafka broker and PostgreSQL that
 * `npm run infra:up` starts. One worker: the tests share one broker and some restart it on purpose.
 * @type {import('jest').Config}
 */
module.exports = {
  ...sharedConfig,
  testMatch: ['<rootDir>/{libs,services,tools,tests}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/tests/setup/global-setup.js',
  testTimeout: 120000,
  maxWorkers: 1,
  // After the broker-restart test, kafkajs can keep reconnect timers alive for minutes in a
  // client another suite already closed; every suite closes what it opens, so end the run.
  forceExit: true,
};
