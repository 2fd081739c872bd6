// @camrec/testing: what the tests, the bench and the simulated cameras share, never imported by
// production code (lint enforces it).
export { sleep, waitFor } from './lib/wait-for';
