const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

// ESM-only packages (execa and its dependencies, @nestjs/config, the ref parser of the proxy
// tests' OpenAPI validator). Jest cannot require() ES modules on Node 20, so these are compiled
// to CommonJS for the tests; the built server loads them natively.
const esmPackages = [
  '@nestjs/config',
  '@apidevtools/json-schema-ref-parser',
  'execa',
  '@sec-ant/readable-stream',
  '@sindresorhus/merge-streams',
  'figures',
  'get-stream',
  'human-signals',
  'is-plain-obj',
  'is-stream',
  'is-unicode-supported',
  'npm-run-path',
  'parse-ms',
  'path-key',
  'pretty-ms',
  'strip-final-newline',
  'unicorn-magic',
  'yoctocolors',
];

module.exports = {
  ...nxPreset,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // Transpile only: these files are not type-checked, just turned into CommonJS.
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testEnvironmentOptions: {
    ...nxPreset.testEnvironmentOptions,
    // execa's child clean-up (signal-exit) keeps one emitter on globalThis for the process;
    // Jest's cleanup of globals between test files would turn it into a proxy that recurses.
    globalsCleanup: 'off',
  },
  // unicorn-magic exports only an `import` condition, which Jest's CommonJS resolution skips.
  moduleNameMapper: { '^unicorn-magic$': join(__dirname, 'node_modules/unicorn-magic/node.js') },
  // One second run for a failing test of real time; each file's CPU time, for `npm test`.
  setupFilesAfterEnv: ['retry-real-time-tests', 'cpu-per-file'].map((name) =>
    join(__dirname, `libs/testing/src/lib/jest/${name}.ts`),
  ),
};
