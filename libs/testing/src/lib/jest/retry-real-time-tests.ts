// Jest setup (setupFilesAfterEnv of every project). The tests of real time — real cameras,
// ffmpeg, servers and browsers: `*.int.spec.ts`, `*.e2e.spec.ts` — share two cores that the
// suite keeps 85–90 % busy, and read frames, delays and files as they come: one that fails is
// run once more, at once: a file's tests often go on from the state the one before left (a
// camera's one movement, a page, a server the last test stops), so a second run deferred to the
// file's end would start from the wrong state. Its first failure is printed all the same, and
// `npm test` names every test that passed only on its second run. Unit tests (`*.spec.ts`) only
// compute: no second run.
const REAL_TIME_TEST = /\.(int|e2e)\.spec\.ts$/;

if (REAL_TIME_TEST.test(expect.getState().testPath ?? '')) {
  jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });
}

export {};
