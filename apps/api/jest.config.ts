export default {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // 'node': the OpenCV binding is a native module.
  moduleFileExtensions: ['ts', 'js', 'node'],
  testTimeout: 120000,
  coverageDirectory: '../../coverage/apps/api',
};
