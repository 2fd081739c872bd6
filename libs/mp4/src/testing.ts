// Test helpers of the MP4 reader for other projects' tests (Node only: they run ffmpeg and
// read files); never imported by production code.
export * from './test-support/ffmpeg-fixtures';
export * from './test-support/fixture-files';
