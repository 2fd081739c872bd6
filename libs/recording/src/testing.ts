// Test helpers of the recording lib for other projects' tests (the browser tests write footage
// exactly as the continuous recorder does): never imported by production code.
export * from './lib/test-support/mp4-fixtures';
export * from './lib/continuous/test-support/segment-test-support';
