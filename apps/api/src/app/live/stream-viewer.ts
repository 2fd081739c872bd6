import type { WebSocket } from 'ws';
import {
  STREAM_CLOSE,
  StreamClockMessage,
  StreamFormat,
  StreamInitMessage,
  StreamMotionMessage,
  StreamStatusMessage,
  ViewerStats,
} from '@camrec/shared-types';
import type { HubPacket, HubSubscription } from '@camrec/media';
import { jpegBinaryMessage, jpegJsonMessage } from './frame-messages';

export interface StreamViewerOptions {
  format: StreamFormat;
  /** Stop after this many send errors in a row (the seed's preview_max_consecutive_errors). */
  maxConsecutiveErrors: number;
}

/**
 * Pumps one hub subscription into one WebSocket. Each send is awaited until `ws` has handed
 * it to the socket, so a viewer that stops reading stops pulling: its hub queue fills and the
 * hub skips for it (to the next keyframe, or to the newest JPEG) while everyone else goes on.
 */
export class StreamViewer {
  private framesSent = 0;
  private consecutiveErrors = 0;

  constructor(
    private readonly socket: WebSocket,
    /** The hub subscription: its bounded queue is this viewer's queue. */
    private readonly feed: HubSubscription,
    private readonly options: StreamViewerOptions,
  ) {}

  /** Resolves when the feed ends, the socket closes, or too many errors happened. */
  async run(): Promise<void> {
    try {
      for await (const packet of this.feed) {
        if (this.socket.readyState !== this.socket.OPEN) return;
        await this.deliver(packet);
        if (this.consecutiveErrors >= this.options.maxConsecutiveErrors) {
          const reason = `stream stopped after ${this.consecutiveErrors} consecutive send errors`;
          this.sendStatus({ type: 'status', state: 'active', reason, viewer: this.stats() });
          this.socket.close(STREAM_CLOSE.TOO_MANY_ERRORS, reason);
          return;
        }
      }
    } finally {
      this.feed.close();
    }
  }

  stats(): ViewerStats {
    return {
      frames_sent: this.framesSent,
      frames_skipped: this.feed.stats().skipped,
      bytes_in_flight: this.socket.bufferedAmount,
    };
  }

  /** Status and motion messages bypass the media queue: they are small and rare. */
  sendStatus(message: StreamStatusMessage | StreamMotionMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Answers a clock request at once, also past the media queue (its timing is the point). */
  sendClock(clientTime: number): void {
    const message: StreamClockMessage = {
      type: 'clock',
      client_time: clientTime,
      server_time: Date.now(),
    };
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private async deliver(packet: HubPacket): Promise<void> {
    switch (this.options.format) {
      case 'mse':
        if (packet.type === 'init') {
          const init: StreamInitMessage = {
            type: 'init',
            mime: packet.mime,
            generation: packet.generation,
          };
          await this.send(JSON.stringify(init), 0);
          await this.send(packet.data, 0);
        } else if (packet.type === 'fragment') {
          await this.send(packet.data, packet.frames);
        }
        return;
      case 'jpeg':
        if (packet.type === 'jpeg') await this.send(jpegBinaryMessage(packet), 1);
        return;
      case 'json':
        if (packet.type === 'jpeg') await this.send(jpegJsonMessage(packet), 1);
        return;
    }
  }

  private send(data: Buffer | string, frames: number): Promise<void> {
    return new Promise((resolve) => {
      this.socket.send(data, (error) => {
        if (error) {
          this.consecutiveErrors += 1;
        } else {
          this.consecutiveErrors = 0;
          this.framesSent += frames;
        }
        resolve();
      });
    });
  }
}
