// @camrec/testing: what the tests, the bench and the simulated cameras share, never imported by
// production code (lint enforces it).
export { sleep, waitFor } from './lib/wait-for';
// The frame-index bar every simulated camera draws on its frames, and its decoder: tests and
// benchmarks read it back to tell which frame a recording or a preview really holds.
export * from './lib/frame-index';
// The simulated cameras are in @camrec/testing/camera-sim, the ONVIF device in
// @camrec/testing/onvif.
// ffprobe/ffmpeg checks of recorded files: codecs, packet times, playable, frame indices.
export * from './lib/media-checks';
// One launcher of the built server for the tests and the bench, and one
// way to start Chromium.
export * from './lib/server/launched-server';
export type { ServerExit } from './lib/server/server-child';
export * from './lib/server/server-command';
export * from './lib/server/server-config';
export * from './lib/server/workspace';
export * from './lib/browser/chromium-launch-options';
export * from './lib/browser/launch-chromium';
// This process's children, by command line (none may be left behind).
export * from './lib/process/child-pids';
// This process's memory after full collections (a leak or an unbounded queue shows in it).
export * from './lib/held-memory';
// A node process's memory read through its inspector (--inspect), after a full collection.
export * from './lib/inspector/inspector-memory';
