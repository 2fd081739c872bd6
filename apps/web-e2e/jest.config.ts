export default {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js'],
  // Each file boots the production server and a browser; tests drive real cameras.
  testTimeout: 180_000,
};
