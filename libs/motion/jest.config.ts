export default {
  displayName: 'motion',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'node'],
  testTimeout: 60000,
  coverageDirectory: '../../coverage/libs/motion',
};
