// @camrec/testing: what the tests, the bench and the simulated cameras share, never imported by
// production code (lint enforces it).
export { isPidAlive } from './lib/pid-alive';
export { sleep, waitFor } from './lib/wait-for';
export * from './lib/server/free-port';
export * from './lib/server/launched-server';
export type { ServerExit } from './lib/server/server-child';
export * from './lib/server/server-command';
export * from './lib/server/server-config';
export * from './lib/server/workspace';
export * from './lib/browser/chromium-launch-options';
export * from './lib/browser/launch-chromium';
