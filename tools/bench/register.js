// Lets Node run the bench's TypeScript as it is, with no build of its own:
//   node -r ./tools/bench/register.js tools/bench/main.ts
// ts-node only transpiles (`nx run bench:typecheck` checks the types) with the bench's
// tsconfig, and tsconfig-paths resolves the libraries' @camrec/* aliases to their sources.
const { join } = require('node:path');
const { loadConfig, register } = require('tsconfig-paths');

require('ts-node').register({ project: join(__dirname, 'tsconfig.app.json'), transpileOnly: true });
const config = loadConfig(__dirname);
if (config.resultType !== 'success') throw new Error(`bench: ${config.message}`);
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
