import type { FragmentPacket, HubSubscription, InitPacket } from '@camrec/media';

/** An init segment (ftyp + moov) that starts a run of fragments. */
export interface SegmentInit {
  type: 'init';
  data: Buffer;
  /** Changes when the stream restarted with another init (camera reconnected, encoder restarted). */
  generation: number;
  /** The hub's packet it is (not for an encoder's output): see SegmentPreRoll. */
  hub?: InitPacket;
}

/** A fragment (moof + mdat) of the current generation. */
export interface SegmentFragment {
  type: 'fragment';
  data: Buffer;
  /** Wall-clock ms the fragment arrived (or, for an encoder, its frame was captured). */
  receivedAt: number;
  generation: number;
  /** The hub's packet it is (not for an encoder's output): see SegmentPreRoll. */
  hub?: FragmentPacket;
}

export type SegmentInput = SegmentInit | SegmentFragment;

/** What segments are cut from: the hub's fMP4 as it is, or an MJPEG camera's encoder output. */
export interface SegmentSource extends AsyncIterable<SegmentInput> {
  /** Takes nothing new: what is already queued is still delivered, then the iteration ends. */
  end(): void;
  /** Ends now, dropping what is queued. */
  close(): void;
  /** Why the stream ended by itself (e.g. "session closed"); null while it runs. */
  readonly endReason: string | null;
}

/** A camera's H.264/H.265 as the hub publishes it: init and fragment packets, nothing changed. */
export class HubSegmentSource implements SegmentSource {
  constructor(private readonly subscription: HubSubscription) {}

  get endReason(): string | null {
    return this.subscription.endReason;
  }

  end(): void {
    this.subscription.end();
  }

  close(): void {
    this.subscription.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SegmentInput> {
    for await (const packet of this.subscription) {
      if (packet.type === 'init') {
        yield { type: 'init', data: packet.data, generation: packet.generation, hub: packet };
      } else if (packet.type === 'fragment') {
        yield {
          type: 'fragment',
          data: packet.data,
          receivedAt: packet.receivedAt,
          generation: packet.generation,
          hub: packet,
        };
      }
    }
  }
}
