// Test helpers of the camera session for other projects' tests; never imported by production
// code.
export { testSessionOptions } from './lib/test-support/session-harness';
