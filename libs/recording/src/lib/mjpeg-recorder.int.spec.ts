import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { ClipRecording, type ClipRecordingOptions } from './clip-recording';
import { JpegPlayer, makeJpegFrames } from './test-support/jpeg-player';
import { ffprobe, videoPacketTimes } from '@camrec/testing';

describe('ClipRecording of an MJPEG session (libx264)', () => {
  let dir: string;
  let hub: StreamHub;
  let player: JpegPlayer;
  const registry = new ChildProcessRegistry();
  const frames = makeJpegFrames(60);

  const options = (extra: Partial<ClipRecordingOptions> = {}): ClipRecordingOptions => ({
    sessionId: 'mjpeg-cam',
    sourceType: 'mjpeg',
    hub,
    videosDir: dir,
    durationS: null,
    maxDurationS: 60,
    tools: { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry },
    encode: { preset: 'veryfast', crf: 23 },
    minFreeBytes: 1,
    ...extra,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-mjpeg-'));
    hub = new StreamHub();
    // A camera with irregular timing: 50 ms, 50 ms, 200 ms, …
    player = new JpegPlayer(hub, frames, [50, 50, 200]);
    void player.play();
  });
  afterEach(() => {
    player.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  it('encodes H.264 with each frame at its arrival time and stops at the duration', async () => {
    const recording = await ClipRecording.start(options({ durationS: 2 }));
    const video = await recording.done;
    expect(recording.state).toBe('completed');
    expect(video).toMatchObject({
      video_codec: 'h264',
      audio_codec: null,
      width: 640,
      height: 480,
    });
    expect(video.duration_s).toBeGreaterThanOrEqual(2);
    expect(video.duration_s).toBeLessThanOrEqual(2.2 + 0.2);
    const file = join(dir, recording.filename);
    expect(ffprobe(file).streams[0]).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
    const gaps = videoPacketTimes(file)
      .slice(1)
      .map((t, i, all) => t - (i === 0 ? videoPacketTimes(file)[0] : all[i - 1]));
    // Variable frame rate preserved: short and long gaps, not one constant step.
    expect(Math.min(...gaps)).toBeLessThan(0.1);
    expect(Math.max(...gaps)).toBeGreaterThan(0.15);
  });

  it('stops early and keeps every frame fed to the encoder', async () => {
    const recording = await ClipRecording.start(options());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const video = await recording.stop();
    expect(recording.state).toBe('stopped');
    expect(video.duration_s).toBeGreaterThan(1.2);
    expect(registry.size).toBe(0);
  });

  it('writes its first frames within a second, so that a crash then loses little', async () => {
    const recording = await ClipRecording.start(options());
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const status = recording.status();
      expect(status.bytes).toBeGreaterThan(0);
      expect(status.elapsed_s).toBeGreaterThan(0.3);
    } finally {
      await recording.stop();
    }
  });

  it('says how far behind the camera it is while its encoder works through a backlog', async () => {
    player.stop();
    hub = new StreamHub(); // without the player's latest frame: time runs forward from the burst
    const recording = await ClipRecording.start(options());
    expect(recording.status().behind_s).toBe(0);
    // 3 s of frames at once, as a camera's frames pile up behind an encoder that cannot keep up.
    const burstFrom = Date.now() - 3000;
    frames.forEach((data, seq) =>
      hub.publish({ type: 'jpeg', data, capturedAt: burstFrom + seq * 50, seq }),
    );
    const backlog = recording.status().behind_s;
    expect(backlog).toBeGreaterThanOrEqual(2.8);
    expect(backlog).toBeLessThan(3.5);
    // Once the encoder has taken every frame, nothing waits: the clip keeps up again.
    for (let i = 0; i < 100 && recording.status().behind_s > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recording.status().behind_s).toBe(0);
    const video = await recording.stop();
    expect(video.duration_s).toBeGreaterThan(2.8);
    expect(recording.status()).toMatchObject({ state: 'stopped', behind_s: 0 });
  });
});
