import { JPEG_MESSAGE_HEADER_BYTES, JPEG_MESSAGE_MAGIC } from '@camrec/shared-types';

export interface JpegMessage {
  frameNumber: number;
  /** Capture time on the server's clock, unix milliseconds. */
  captureMs: number;
  jpeg: Uint8Array;
}

/** Reads the 16-byte header of a binary `jpeg` stream message; null when it is not one. */
export function parseJpegMessage(bytes: Uint8Array): JpegMessage | null {
  if (bytes.byteLength <= JPEG_MESSAGE_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== JPEG_MESSAGE_MAGIC) return null;
  return {
    frameNumber: view.getUint32(4),
    captureMs: view.getFloat64(8),
    jpeg: bytes.subarray(JPEG_MESSAGE_HEADER_BYTES),
  };
}
