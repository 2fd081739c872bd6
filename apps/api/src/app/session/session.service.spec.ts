import { ConflictException, HttpException } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { type CameraSession, type CameraSessionOptions, SessionOpenError } from '@camrec/media';
import type { EngineRoute, ProxyLayer } from '@camrec/proxy';
import type { RtspRelay } from '@camrec/rtsp';
import type { MediaInfo } from '@camrec/shared-types';
import { sleep } from '@camrec/testing';
import { AppConfig } from '../config/app-config';
import { CameraSessionFactory } from './session-entry';
import { SessionEvents } from './session-events';
import { SessionService } from './session.service';

const MEDIA: MediaInfo = {
  video: { codec: 'h264', width: 640, height: 360, fps: 25 },
  audio: null,
};

/** A camera that opens when the test says so, and notes what happened to it. */
class FakeCamera {
  readonly sourceType = 'rtsp';
  readonly log: string[];
  private resolveOpen!: (media: MediaInfo) => void;
  private rejectOpen!: (error: Error) => void;
  private readonly opening = new Promise<MediaInfo>((resolve, reject) => {
    this.resolveOpen = resolve;
    this.rejectOpen = reject;
  });

  constructor(
    readonly options: CameraSessionOptions,
    log: string[],
  ) {
    this.log = log;
  }

  open(): Promise<MediaInfo> {
    return this.opening;
  }
  succeed(): void {
    this.resolveOpen(MEDIA);
  }
  fail(error: Error): void {
    this.rejectOpen(error);
  }
  async close(reason: string): Promise<void> {
    this.log.push(`camera closed: ${reason}`);
  }
}

describe('SessionService', () => {
  let cameras: FakeCamera[];
  let log: string[];
  let events: SessionEvents;
  let service: SessionService;
  const released: string[] = [];

  beforeEach(() => {
    cameras = [];
    log = [];
    events = new SessionEvents();
    const config = Object.assign(new AppConfig(), { max_sessions: 2 });
    const proxy = {
      onFallback: () => undefined,
      route: async (_id: string, url: string): Promise<EngineRoute> => ({
        proxy: 'direct',
        ingestUrl: url,
        localRtspUrl: null,
      }),
      release: async (id: string) => void released.push(id),
    } as unknown as ProxyLayer;
    // Passed on to the camera sessions, which the fake factory replaces.
    const relay = {} as RtspRelay;
    const factory: CameraSessionFactory = {
      create: (options) => {
        const camera = new FakeCamera(options, log);
        cameras.push(camera);
        return camera as unknown as CameraSession;
      },
    };
    service = new SessionService(config, new ChildProcessRegistry(), proxy, relay, events, factory);
  });

  it('opens one camera for two concurrent opens of the same URL', async () => {
    const first = service.open({ url: 'rtsp://cam.local/stream' });
    const second = service.open({ url: 'rtsp://cam.local/stream' });
    await flush();
    expect(cameras).toHaveLength(1);
    cameras[0].succeed();
    const [a, b] = await Promise.all([first, second]);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.session.session_id).toBe(a.session.session_id);
  });

  it('tells subscribers a session opened, once, and every request that was answered', async () => {
    const opened: string[] = [];
    const requested: string[] = [];
    events.opened.subscribe((entry) => opened.push(entry.id));
    events.openRequested.subscribe(({ entry }) => requested.push(entry.id));
    const first = service.open({ url: 'rtsp://cam.local/stream' });
    await flush();
    cameras[0].succeed();
    const { session } = await first;
    await service.open({ url: 'rtsp://cam.local/stream' });
    expect(opened).toEqual([session.session_id]);
    expect(requested).toEqual([session.session_id, session.session_id]);
  });

  it('closes the camera only after the work handed to waitUntil has settled', async () => {
    events.closing.subscribe(({ waitUntil }) =>
      waitUntil(sleep(50).then(() => log.push('recording finalised'))),
    );
    events.closing.subscribe(({ waitUntil }) => waitUntil(Promise.reject(new Error('ignored'))));
    events.closed.subscribe(({ sessionId }) => log.push(`closed ${sessionId}`));
    const opening = service.open({ url: 'rtsp://cam.local/stream' });
    await flush();
    cameras[0].succeed();
    const { session } = await opening;
    await service.close(session.session_id, 'test');
    expect(log).toEqual([
      'recording finalised',
      'camera closed: test',
      `closed ${session.session_id}`,
    ]);
    expect(released).toContain(session.session_id);
    expect(service.find(session.session_id)).toBeUndefined();
  });

  it('refuses an open beyond max_sessions with a 409 naming the limit', async () => {
    for (const host of ['a', 'b']) {
      const opening = service.open({ url: `rtsp://${host}.local/stream` });
      await flush();
      cameras[cameras.length - 1].succeed();
      await opening;
    }
    await expect(service.open({ url: 'rtsp://c.local/stream' })).rejects.toThrow(
      new ConflictException('session limit reached: max_sessions is 2; close a session first'),
    );
  });

  it('answers a failed open with the error status, closing the camera and its route', async () => {
    const opening = service.open({ url: 'rtsp://user:secret@cam.local/stream' });
    await flush();
    cameras[0].fail(new SessionOpenError('timeout', 'no frames within 5 s', 'timeout'));
    const error = await opening.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(504);
    expect(log).toEqual(['camera closed: open failed']);
    expect(service.all()).toEqual([]);
  });
});

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
