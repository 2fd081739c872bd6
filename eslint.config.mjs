import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// camera-sim draws the frame-index bar that media decodes, and media's specs drive camera-sim:
// a cycle through tests only (no production code of media imports camera-sim).
const TEST_ONLY_CYCLES = [['media', 'camera-sim']];

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
          ignoredCircularDependencies: TEST_ONLY_CYCLES,
          depConstraints: [
            { sourceTag: 'type:types', onlyDependOnLibsWithTags: ['type:types'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'],
            },
            {
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'],
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared', 'scope:server'],
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
          ignoredCircularDependencies: TEST_ONLY_CYCLES,
          depConstraints: [
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared', 'scope:tooling'],
            },
            {
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared', 'scope:tooling'],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:types', onlyDependOnLibsWithTags: ['type:types'] },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared', 'scope:server'],
            },
          ],
        },
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
