// Test helpers of the proxy layer for other projects' tests: never imported by production code.
export * from './lib/test-support/standin-binary';
export * from './lib/test-support/stream-readers';
