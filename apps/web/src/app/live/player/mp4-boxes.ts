/** One ISO-BMFF box found in a byte buffer; offsets are relative to that buffer. */
export interface Mp4Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  payload: number;
  /** Offset just after the box. */
  end: number;
}

/**
 * Lists the boxes laid end to end in `bytes[from, to)`. A truncated box at the end is ignored
 * rather than thrown on: a live stream can be cut anywhere and the caller waits for more.
 */
export function readBoxes(bytes: Uint8Array, from = 0, to = bytes.byteLength): Mp4Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Mp4Box[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    let size = view.getUint32(offset);
    const type = fourCC(bytes, offset + 4);
    let payload = offset + 8;
    if (size === 1) {
      if (offset + 16 > to) break;
      size = Number(view.getBigUint64(offset + 8));
      payload = offset + 16;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < payload - offset || offset + size > to) break;
    boxes.push({ type, start: offset, payload, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** The first child of `parent` with this type, if any. */
export function childBox(
  bytes: Uint8Array,
  parent: Mp4Box,
  type: string,
  skip = 0,
): Mp4Box | undefined {
  return readBoxes(bytes, parent.payload + skip, parent.end).find((box) => box.type === type);
}

export function childBoxes(bytes: Uint8Array, parent: Mp4Box, type: string): Mp4Box[] {
  return readBoxes(bytes, parent.payload, parent.end).filter((box) => box.type === type);
}

/** Follows a path of box types from `parent`, e.g. `['mdia', 'minf', 'stbl']`. */
export function findPath(bytes: Uint8Array, parent: Mp4Box, path: string[]): Mp4Box | undefined {
  let current: Mp4Box | undefined = parent;
  for (const type of path) {
    current = current && childBox(bytes, current, type);
  }
  return current;
}

export function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(
    bytes[offset],
    bytes[offset + 1],
    bytes[offset + 2],
    bytes[offset + 3],
  );
}

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
