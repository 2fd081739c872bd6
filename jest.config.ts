import { getJestProjectsAsync } from '@nx/jest';

// Run from the root (npm test), Jest takes testTimeout from here, not from the projects' own
// configs; the longest project's (the browser tests') applies to all.
export default async () => ({ projects: await getJestProjectsAsync(), testTimeout: 180_000 });
