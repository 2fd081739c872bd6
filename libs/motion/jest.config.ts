export default {
  displayName: 'motion',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'node'],
  testTimeout: 60000,
  coverageDirectory: '../../coverage/libs/motion',
};
