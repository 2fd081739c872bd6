// `node tools/bench.mjs [--quick] [--only <section>[/<part>]]`, as `npm run bench` runs it: the
// bench is the TypeScript project in tools/bench (main.ts), run through its register.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./bench/register.js');
require('./bench/main.ts');
