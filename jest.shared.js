// @ts-check
'use strict';
const { readFileSync } = require('node:fs');

// One SWC transform for every project: fast, and it keeps the decorator metadata Nest needs.
// Type-checking is `npm run typecheck`, not the test runner's job.
const swcConfig = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));

/** Maps `@mate/<lib>` to its source, as the tsconfig paths do, so tests never need a build. */
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

/** @type {import('jest').Config} */
const sharedConfig = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.local'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.local/'],
};

module.exports = { sharedConfig, swcConfig };
