import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Shared libs (`scope:shared`: shared-types, mp4) run in the browser and on the server: they
// depend on shared libs only, and on no server or browser framework. Node's own modules and
// globals are refused by the rule below (the boundaries rule does not see built-ins).
const SHARED_LIB = {
  allSourceTags: ['scope:shared', 'type:lib'],
  onlyDependOnLibsWithTags: ['scope:shared'],
  bannedExternalImports: ['@nestjs/*', '@angular/*', 'fastify', '@fastify/*', 'rxjs', 'ws'],
};

// What code that never ships in production (tooling, e2e tests, tests of server code) may
// import: everything but the browser's own code.
const NOT_PRODUCTION_MAY_USE = [
  'scope:server',
  'scope:process',
  'scope:shared',
  'scope:tooling',
  'scope:testing',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/coverage', '**/.nx', '**/*.py'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:types', onlyDependOnLibsWithTags: ['type:types'] },
            SHARED_LIB,
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            // What the tests share: production code (no rule below lists it) may not import it.
            // The simulated cameras in it run their ffmpeg through the process lib.
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:process'] },
            // Child processes, for the server and for the tests alike: it stands below both, so
            // it imports no lib at all (the browser, scope:web, may not import it).
            { sourceTag: 'scope:process', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:process', 'scope:shared'],
            },
            {
              // Tooling (camera-sim, the bench, the timeline harness) is never imported by
              // production code, so it may share helpers with other tooling.
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: NOT_PRODUCTION_MAY_USE,
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: NOT_PRODUCTION_MAY_USE,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of server code (and the reliability suite) drive the simulated cameras; production
    // code never imports them.
    files: ['**/*.spec.ts', '**/test-support/**/*.ts', 'apps/api/src/reliability/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: NOT_PRODUCTION_MAY_USE,
            },
            {
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: NOT_PRODUCTION_MAY_USE,
            },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:process'] },
            { sourceTag: 'scope:process', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:types', onlyDependOnLibsWithTags: ['type:types'] },
            SHARED_LIB,
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: NOT_PRODUCTION_MAY_USE,
            },
          ],
        },
      ],
    },
  },
  {
    // Production code of the shared libs: no Node modules or globals (Buffer, process, …), so
    // that the same code runs in the dashboard. Their tests and test helpers run in Node.
    files: ['libs/shared-types/src/**/*.ts', 'libs/mp4/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test-support/**', '**/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Built-ins by exact name (a pattern "stream" would also match a sibling ./lib/stream).
          paths: builtinModules.map((name) => ({
            name,
            message: 'Shared libs run in the browser too: no Node modules.',
          })),
          patterns: [
            { group: ['node:*'], message: 'Shared libs run in the browser too: no Node modules.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'Buffer',
          'process',
          'global',
          'require',
          '__dirname',
          '__filename',
          'setImmediate',
        ].map((name) => ({
          name,
          message: 'Shared libs run in the browser too: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/jest.config.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
];
