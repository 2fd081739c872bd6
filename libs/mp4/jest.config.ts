export default {
  displayName: 'mp4',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60000,
  coverageDirectory: '../../coverage/libs/mp4',
};
