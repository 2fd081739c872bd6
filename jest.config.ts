// Every project's own config, found by Jest's glob. Not @nx/jest's getJestProjectsAsync: it
// builds Nx's project graph (2.8 s of CPU at each jest start) and loads Nx's native module, whose
// logger thread then wakes 100 times a second (1.1 % of a core in each of `npm test`'s four jest
// processes, for as long as they live).
// Run from the root (npm test), Jest takes testTimeout from here, not from the projects' own
// configs; the longest project's (the browser tests') applies to all.
export default {
  projects: ['<rootDir>/{apps,libs,tools}/*/jest.config.ts'],
  testTimeout: 180_000,
};
