export default {
  displayName: 'catalog',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 20000,
  coverageDirectory: '../../coverage/libs/catalog',
};
