// Every project's own config, found by Jest's glob. Not @nx/jest's getJestProjectsAsync: it
// loads Nx's native module, whose logger thread wakes 100 times a second for as long as the
// jest process lives (1.1 % of a core per run of `npm test`'s four lanes, ~20 s of CPU).
// Run from the root (npm test), Jest takes testTimeout from here, not from the projects' own
// configs; the longest project's (the browser tests') applies to all.
export default {
  projects: ['<rootDir>/{apps,libs,tools}/*/jest.config.ts'],
  testTimeout: 180_000,
};
