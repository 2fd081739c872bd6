export default {
  displayName: 'proxy',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // openapi-backend (the tests' OpenAPI validator) loads these ES modules.
    '^.+\\.js$': ['babel-jest', { plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@apidevtools/json-schema-ref-parser|js-yaml)/)'],
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60000,
  coverageDirectory: '../../coverage/libs/proxy',
};
