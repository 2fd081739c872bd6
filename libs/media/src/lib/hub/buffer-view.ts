/**
 * A Buffer over the same memory as `bytes`, not a copy. The MP4 reader (@camrec/mp4, shared
 * with the browser) gives Uint8Arrays; hub packets are Buffers, which sockets, files and child
 * stdin take as they are.
 */
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
