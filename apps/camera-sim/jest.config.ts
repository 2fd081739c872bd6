export default {
  displayName: 'camera-sim',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60000,
  coverageDirectory: '../../coverage/apps/camera-sim',
};
