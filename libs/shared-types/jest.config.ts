export default {
  displayName: 'shared-types',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60000,
  // Types and constants only: their tests are the API's and the dashboard's.
  passWithNoTests: true,
  coverageDirectory: '../../coverage/libs/shared-types',
};
