import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { CameraInfo, CameraStream } from '@camrec/shared-types';
import { Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { CamerasService } from '../cameras/cameras.service';
import { ContinuousRecording, type ContinuousStats } from '../cameras/continuous-recording';
import { MotionService } from '../motion/motion.service';
import type { SessionEntry } from '../session/session-entry';
import { SessionService } from '../session/session.service';
import { perScrape, sampledCounter, sampledGauge, type Sample } from './sampled-metric';
import { StreamCounterTotals, type StreamCounters } from './stream-counter-totals';

type CameraLabel = 'camera' | 'name';
type StreamLabel = CameraLabel | 'stream';

interface StreamReading {
  labels: Record<StreamLabel, string>;
  /** Its open session; null while the stream cannot be opened or the camera is disabled. */
  session: SessionEntry | null;
  counters: StreamCounters;
}

interface CameraReading {
  labels: Record<CameraLabel, string>;
  info: CameraInfo;
  /** The main stream, and the substream when the camera has one. */
  streams: StreamReading[];
  recording: ContinuousStats | null;
  motionEvents: number;
}

/**
 * Per saved camera (labels `camera`: its id, `name`), read from the services at every scrape.
 * Sessions of pasted URLs are left out: their ids are new at every open, so they would leave a
 * trail of short-lived series; they count in `camrec_sessions_open` and the process metrics.
 */
@Injectable()
export class CameraMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly motionEvents = new Map<string, number>();
  private subscriptions: Subscription[] = [];
  private readonly read = perScrape(() => this.readCameras());

  constructor(
    private readonly registry: Registry,
    private readonly cameras: CamerasService,
    private readonly sessions: SessionService,
    private readonly continuous: ContinuousRecording,
    private readonly motion: MotionService,
    private readonly totals: StreamCounterTotals,
  ) {}

  onModuleInit(): void {
    this.subscriptions = [
      this.motion.eventChanges.subscribe(({ phase, event }) => {
        if (phase !== 'start' || !event.camera_id) return;
        this.motionEvents.set(event.camera_id, (this.motionEvents.get(event.camera_id) ?? 0) + 1);
      }),
      this.cameras.deletions.subscribe((cameraId) => this.motionEvents.delete(cameraId)),
    ];
    this.register();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private register(): void {
    const registry = this.registry;
    const cameraLabels = ['camera', 'name'] as const;
    const streamLabels = ['camera', 'name', 'stream'] as const;
    const perCamera = (value: (camera: CameraReading) => number) => (): Sample<CameraLabel>[] =>
      this.read().map((camera) => [camera.labels, value(camera)]);
    const perStream = (value: (stream: StreamReading) => number) => (): Sample<StreamLabel>[] =>
      this.read().flatMap((camera) =>
        camera.streams.map((s): Sample<StreamLabel> => [s.labels, value(s)]),
      );
    const stats = (stream: StreamReading) => stream.session?.camera.stats();

    sampledGauge(registry, {
      name: 'camrec_camera_enabled',
      help: '1 when the saved camera is enabled (kept open), 0 when it is disabled.',
      labelNames: cameraLabels,
      read: perCamera((camera) => Number(camera.info.enabled)),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_online',
      help: "1 while the camera's main stream is open and receiving, else 0 (offline, connecting or disabled).",
      labelNames: cameraLabels,
      read: perCamera((camera) => Number(camera.info.status.state === 'online')),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_received_frames_per_second',
      help: 'Video frames received per second, over the last 5 s (0 while not receiving).',
      labelNames: streamLabels,
      read: perStream((stream) => stats(stream)?.fps ?? 0),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_received_bytes_per_second',
      help: 'Bytes per second the camera sends, over the last 5 s (times 0.008: kbit/s).',
      labelNames: streamLabels,
      read: perStream((stream) => ((stats(stream)?.bitrate_kbps ?? 0) * 1000) / 8),
    });
    sampledCounter(registry, {
      name: 'camrec_camera_frames_received_total',
      help: 'Video frames received from the camera since the server started.',
      labelNames: streamLabels,
      read: perStream((stream) => stream.counters.framesReceived),
    });
    sampledCounter(registry, {
      name: 'camrec_camera_reconnects_total',
      help: 'Times the stream was lost while open and reconnecting began.',
      labelNames: streamLabels,
      read: perStream((stream) => stream.counters.reconnects),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_viewers',
      help: 'Live viewers (dashboard tiles, /stream WebSockets) of the stream.',
      labelNames: streamLabels,
      read: perStream((stream) => stream.session?.viewers ?? 0),
    });
    sampledCounter(registry, {
      name: 'camrec_camera_skipped_frames_total',
      help:
        'Frames a consumer did not get: viewers that fall behind skip to the next keyframe or the newest JPEG ' +
        '(consumer="viewers"); the continuous recorder skips what comes before the first keyframe when it (re)starts ' +
        '(consumer="recorder"). Nothing else is ever skipped: a recorder that cannot keep up fails loudly.',
      labelNames: [...streamLabels, 'consumer'],
      read: () => this.skippedFrames(),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_recording',
      help: '1 while a continuous-recording segment of the camera is being written.',
      labelNames: cameraLabels,
      read: perCamera((camera) => Number(camera.info.status.recording)),
    });
    sampledCounter(registry, {
      name: 'camrec_camera_recording_written_bytes_total',
      help: 'Bytes of continuous-recording segments written since the server started.',
      labelNames: cameraLabels,
      read: perCamera((camera) => camera.recording?.bytesWritten ?? 0),
    });
    sampledGauge(registry, {
      name: 'camrec_camera_recording_behind_seconds',
      help: 'How far continuous recording is behind the camera: age of the oldest frame not yet written.',
      labelNames: cameraLabels,
      read: perCamera((camera) => camera.recording?.behindS ?? 0),
    });
    sampledCounter(registry, {
      name: 'camrec_camera_motion_events_total',
      help: 'Motion events that started on the camera since the server started.',
      labelNames: cameraLabels,
      read: perCamera((camera) => camera.motionEvents),
    });
  }

  /** The viewers' skips of every stream; the recorder's on the main stream, once it recorded. */
  private skippedFrames(): Sample<StreamLabel | 'consumer'>[] {
    const samples: Sample<StreamLabel | 'consumer'>[] = [];
    for (const camera of this.read()) {
      for (const stream of camera.streams) {
        const { viewerSkippedFrames } = stream.counters;
        samples.push([{ ...stream.labels, consumer: 'viewers' }, viewerSkippedFrames]);
        if (stream.labels.stream === 'main' && camera.recording) {
          const { skippedFragments } = camera.recording;
          samples.push([{ ...stream.labels, consumer: 'recorder' }, skippedFragments]);
        }
      }
    }
    return samples;
  }

  private readCameras(): CameraReading[] {
    return this.cameras.list().cameras.map((info) => {
      const labels = { camera: info.id, name: info.name };
      const stream = (name: CameraStream, sessionId: string | null): StreamReading => {
        const session = sessionId ? (this.sessions.find(sessionId) ?? null) : null;
        return {
          labels: { ...labels, stream: name },
          session,
          counters: this.totals.counters(info.id, name, session),
        };
      };
      return {
        labels,
        info,
        streams: [
          stream('main', info.status.session_id),
          ...(info.substream_url ? [stream('sub', info.status.substream_session_id)] : []),
        ],
        recording: this.continuous.stats(info.id),
        motionEvents: this.motionEvents.get(info.id) ?? 0,
      };
    });
  }
}
