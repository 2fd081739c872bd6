// The frame-index bar reader for the page: Chromium has no module loader for the libs, so the
// page gets @camrec/testing's frame-index module (decodeFrameIndex, frameIndexBarHeight) as a
// script, transpiled from its source here. That module imports nothing, so its CommonJS output
// runs as it is with an `exports` object of its own. Node code of the bench imports the same
// functions from @camrec/testing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/** The module @camrec/testing exports decodeFrameIndex from (libs/testing/src/index.ts). */
const FRAME_INDEX_SOURCE = join(__dirname, '../../libs/testing/src/lib/frame-index.ts');

/** The functions of the frame-index module the page uses, as `window.__frameIndex` holds them. */
export interface PageFrameIndex {
  decodeFrameIndex(gray: Uint8Array, width: number, height: number): number | null;
  frameIndexBarHeight(height: number): number;
}

/** A page script that defines `window.__frameIndex` (decodeFrameIndex, frameIndexBarHeight...). */
export function frameIndexBrowserScript(): string {
  const { outputText } = ts.transpileModule(readFileSync(FRAME_INDEX_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  if (/\brequire\(/.test(outputText))
    throw new Error(`${FRAME_INDEX_SOURCE} now imports a module: the page cannot load it`);
  return `(() => { const exports = {}; ${outputText}; window.__frameIndex = exports; })();`;
}
