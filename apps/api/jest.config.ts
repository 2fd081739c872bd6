export default {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 120000,
  coverageDirectory: '../../coverage/apps/api',
};
