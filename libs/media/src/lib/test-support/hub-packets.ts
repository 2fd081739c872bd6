import { Fmp4StreamParser } from '@camrec/mp4';
import { bufferView } from '../hub/buffer-view';
import type { FragmentPacket, HubPacket, HubSubscription, InitPacket } from '../hub/hub-types';

/** Hub packets from a whole fMP4 stream, as the ingest would publish them. */
export function fmp4ToHubPackets(
  stream: Buffer,
  generation = 1,
  firstSeq = 0,
): [InitPacket, ...FragmentPacket[]] {
  const parser = new Fmp4StreamParser();
  const packets: HubPacket[] = [];
  let seq = firstSeq;
  for (const segment of parser.push(stream)) {
    if (segment.type === 'init') {
      const data = bufferView(segment.data);
      packets.push({ type: 'init', data, mime: segment.info.mime, generation });
    } else {
      packets.push({
        type: 'fragment',
        data: bufferView(segment.data),
        keyframe: segment.info.keyframe,
        frames: segment.info.frames,
        receivedAt: Date.now(),
        seq: seq++,
        generation,
      });
    }
  }
  const [init, ...fragments] = packets;
  if (init?.type !== 'init') throw new Error('stream has no init segment');
  return [init, ...(fragments as FragmentPacket[])];
}

/** Takes the packets a subscription has queued, without waiting for more. */
export async function drainQueued(
  subscription: HubSubscription,
  max = Infinity,
): Promise<HubPacket[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const out: HubPacket[] = [];
  while (out.length < max && subscription.stats().queuedBytes > 0) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}
