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

/**
 * SWC, not ts-jest: the sources are type-checked by `npm run typecheck`, so the tests need them
 * only turned into CommonJS, one file at a time (tsconfig.base.json has isolatedModules). On an
 * empty cache ts-jest took 37 s of CPU to do that for the node projects' unit files (63 s
 * against 27 s on a warm cache); SWC's native code does it in a fraction of that. Decorators and
 * their metadata come out as tsc's `experimentalDecorators` and `emitDecoratorMetadata` make
 * them: NestJS reads a constructor's parameter types from that metadata.
 */
const swc = (syntax) => [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: syntax === 'typescript' ? { syntax, decorators: true } : { syntax },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  ...nxPreset,
  transform: { '^.+\\.ts$': swc('typescript'), '^.+\\.js$': swc('ecmascript') },
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
