// @camrec/process: the child processes of the server and of the simulated cameras (ffmpeg,
// ffprobe, the proxy engines): spawning so that none outlives its parent, stopping, a registry
// of the live ones, and the credential masking their command lines and stderr pass through.
// Also a free local port, for the engines and simulated servers these processes listen on.
// A lib of its own so that the test helpers (@camrec/testing) can use it without @camrec/media.
export * from './lib/child-process-registry';
export * from './lib/media-process';
export * from './lib/run-media-command';
export * from './lib/credential-masker';
export * from './lib/pid-alive';
export * from './lib/free-port';
export { dieWithParent } from './lib/parent-death';
export { executableIdentity, findExecutable } from './lib/find-executable';
