// TypeScript modules of the libs and the browser tests that import nothing but Node's own
// modules, used as they are: transpiled here so that the bench reads frame-index bars, builds the
// ingest's command, finds free ports and starts Chromium and the server exactly as the server and
// the browser tests do.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');

function transpile(libPath) {
  const source = readFileSync(new URL(`../../${libPath}`, import.meta.url), 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
}

function load(libPath) {
  const exports = {};
  new Function('exports', 'require', transpile(libPath))(exports, require);
  return exports;
}

const FRAME_INDEX = 'libs/media/src/lib/frame-index.ts';
export const { decodeFrameIndex, frameIndexBarHeight } = load(FRAME_INDEX);
export const { buildRtspIngestArgs, jpegQualityToQscale } = load(
  'libs/media/src/lib/ingest/ffmpeg-args.ts',
);
export const { chromiumLaunchOptions, throwawayServerConfig } = load(
  'apps/web-e2e/src/support/launch-options.ts',
);
export const { freePort } = load('libs/proxy/src/lib/free-port.ts');

/** A page script that defines `window.__frameIndex` (decodeFrameIndex, frameIndexBarHeight...). */
export const FRAME_INDEX_BROWSER_SCRIPT = `(() => { const exports = {}; ${transpile(FRAME_INDEX)}; window.__frameIndex = exports; })();`;
