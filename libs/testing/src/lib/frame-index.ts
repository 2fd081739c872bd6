// The frame-index bar: every frame a simulated camera emits carries its index as 16 black/white
// cells across the top, so tests and benchmarks can tell which frame a recording or a preview
// really contains (drops, duplicates, reordering) after any lossy codec. The simulated cameras'
// renderer draws the bar from these numbers and the readers decode it with `decodeFrameIndex`.

/** Number of cells (bits) in the bar. */
export const FRAME_INDEX_BITS = 16;

/** Indices wrap at this value: the bar shows `index mod FRAME_INDEX_MODULO`. */
export const FRAME_INDEX_MODULO = 2 ** FRAME_INDEX_BITS;

/** Mean luma at or below this reads as a black cell (0). */
export const FRAME_INDEX_BLACK_MAX = 80;

/** Mean luma at or above this reads as a white cell (1). */
export const FRAME_INDEX_WHITE_MIN = 176;

/** A horizontal pixel span `[x0, x1)`. */
export interface FrameIndexCellSpan {
  x0: number;
  x1: number;
}

/** Height in pixels of the bar for a frame `height` pixels tall (at least 8, to survive codecs). */
export function frameIndexBarHeight(height: number): number {
  return Math.max(8, Math.round(height / 16));
}

/** Horizontal span of cell `k` (0 = leftmost = least significant bit) in a frame `width` wide. */
export function frameIndexCellSpan(k: number, width: number): FrameIndexCellSpan {
  return {
    x0: Math.round((k * width) / FRAME_INDEX_BITS),
    x1: Math.round(((k + 1) * width) / FRAME_INDEX_BITS),
  };
}

/** The spans of all cells, leftmost first. */
export function frameIndexCells(width: number): FrameIndexCellSpan[] {
  return Array.from({ length: FRAME_INDEX_BITS }, (_, k) => frameIndexCellSpan(k, width));
}

/** Whether cell `k` is white for frame `index`. */
export function frameIndexBit(index: number, k: number): boolean {
  return Math.floor((index % FRAME_INDEX_MODULO) / 2 ** k) % 2 === 1;
}

/**
 * Reads the index back from a decoded 8-bit grayscale frame of a `width`×`height` picture, row
 * by row: the whole frame or only its top rows, as long as they hold the bar
 * (`frameIndexBarHeight(height)` rows). Each cell is judged on its central half only, so codec
 * ringing at cell edges does not matter. Returns null when any cell is neither clearly black nor
 * clearly white, which is what a frame without a bar looks like.
 */
export function decodeFrameIndex(gray: Uint8Array, width: number, height: number): number | null {
  const barHeight = Math.min(frameIndexBarHeight(height), height);
  if (width < FRAME_INDEX_BITS || height < 1 || gray.length < width * barHeight) return null;
  const y0 = Math.floor(barHeight / 4);
  const y1 = Math.max(y0 + 1, Math.ceil((barHeight * 3) / 4));
  let index = 0;
  for (let k = 0; k < FRAME_INDEX_BITS; k++) {
    const { x0, x1 } = frameIndexCellSpan(k, width);
    const quarter = Math.floor((x1 - x0) / 4);
    const mean = meanLuma(
      gray,
      width,
      x0 + quarter,
      Math.max(x0 + quarter + 1, x1 - quarter),
      y0,
      y1,
    );
    if (mean >= FRAME_INDEX_WHITE_MIN) index += 2 ** k;
    else if (mean > FRAME_INDEX_BLACK_MAX) return null;
  }
  return index;
}

/**
 * The index of every grey frame of a `width`×`height` picture in `gray`, back to back: whole
 * frames, or (`rows`) each cut to its top rows, the bar's at least.
 */
export function decodeFrameIndices(
  gray: Uint8Array,
  width: number,
  height: number,
  rows = height,
): Array<number | null> {
  const frameBytes = width * rows;
  return Array.from({ length: Math.floor(gray.length / frameBytes) }, (_, i) =>
    decodeFrameIndex(gray.subarray(i * frameBytes, (i + 1) * frameBytes), width, height),
  );
}

function meanLuma(
  gray: Uint8Array,
  width: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) sum += gray[row + x];
  }
  return sum / ((x1 - x0) * (y1 - y0));
}
