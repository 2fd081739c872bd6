import {
  JPEG_MESSAGE_HEADER_BYTES,
  JPEG_MESSAGE_MAGIC,
  StreamFrameMessage,
} from '@camrec/shared-types';
import type { JpegPacket } from '@camrec/media';

/** `format=jpeg`: 16-byte header (magic, frame number, capture ms) then the JPEG, untouched. */
export function jpegBinaryMessage(packet: JpegPacket): Buffer {
  const header = Buffer.alloc(JPEG_MESSAGE_HEADER_BYTES);
  header.writeUInt32BE(JPEG_MESSAGE_MAGIC, 0);
  header.writeUInt32BE(packet.seq >>> 0, 4);
  header.writeDoubleBE(packet.capturedAt, 8);
  return Buffer.concat([header, packet.data]);
}

/** `format=json`: the seed's message, field for field. */
export function jpegJsonMessage(packet: JpegPacket): string {
  const message: StreamFrameMessage = {
    type: 'frame',
    data: packet.data.toString('base64'),
    timestamp: packet.capturedAt / 1000,
    frame_number: packet.seq,
  };
  return JSON.stringify(message);
}
