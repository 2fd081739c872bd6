/** The byte stream is not the fragmented MP4 we expect; the message says where it broke. */
export class Mp4FormatError extends Error {
  override readonly name = 'Mp4FormatError';
}
