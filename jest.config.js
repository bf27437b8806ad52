/**
 * One jest run across the workspace. TypeScript is compiled by swc (no type checking here:
 * `pnpm typecheck` does that). packages/core carries the highest bar: 100% lines and branches.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Every CPU: jest's default (CPUs - 1) is one worker on a 2-CPU machine, and one worker means
  // running in band, on one CPU, with the whole run's heap in one process.
  maxWorkers: '100%',
  roots: ['<rootDir>/packages', '<rootDir>/apps', '<rootDir>/infra', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/dist/'],
  // A built CLI (apps/cli/dist, `pnpm build`) is not a module of the workspace: its package.json
  // repeats @guardrail/cli's name.
  modulePathIgnorePatterns: ['<rootDir>/(apps|packages)/[^/]+/dist/', '<rootDir>/infra/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup/matchers.ts'],
  coverageProvider: 'v8',
  // The test kit is test code: its coverage says nothing about the product's.
  collectCoverageFrom: [
    'packages/*/src/**/*.ts',
    'apps/*/src/**/*.ts',
    '!packages/testkit/**',
    '!**/index.ts',
    '!**/types.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './packages/core/src/': { lines: 100, branches: 100, functions: 100, statements: 100 },
  },
};
