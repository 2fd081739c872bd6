import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { ClipRecording, type ClipRecordingOptions } from './clip-recording';
import { VideosFolderError } from './recording-errors';
import { HubPlayer } from './test-support/hub-player';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';
import { ffprobe, sleep } from '@camrec/testing';

const SESSION = '0b6f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f';
const GOP_S = 1;

describe('ClipRecording of an H.264 session', () => {
  let dir: string;
  let hub: StreamHub;
  let player: HubPlayer;
  const registry = new ChildProcessRegistry();
  const packets = toPackets(makeFragmentedMp4({ seconds: 8, fps: 10, gop: 10, audio: true }));

  const options = (extra: Partial<ClipRecordingOptions> = {}): ClipRecordingOptions => ({
    sessionId: SESSION,
    sourceType: 'rtsp',
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
    dir = mkdtempSync(join(tmpdir(), 'camrec-clip-'));
    hub = new StreamHub();
    player = new HubPlayer(hub, packets);
    void player.play();
  });
  afterEach(() => {
    player.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  it('stops by itself after the requested duration, within one GOP + 0.2 s more', async () => {
    await sleep(1300); // join mid-GOP: the clip starts at the latest keyframe
    const recording = await ClipRecording.start(options({ durationS: 2 }));
    expect(recording.status()).toMatchObject({ state: 'recording', duration: 2 });
    const video = await recording.done;
    expect(recording.state).toBe('completed');
    expect(video.duration_s).toBeGreaterThanOrEqual(2);
    expect(video.duration_s).toBeLessThanOrEqual(2 + GOP_S + 0.2);
    const probe = ffprobe(join(dir, recording.filename));
    expect(Number(probe.format.duration)).toBeGreaterThanOrEqual(2);
    expect(recording.status()).toMatchObject({ state: 'completed', bytes: video.size_bytes });
  });

  it('stops early on request with a complete, playable file', async () => {
    const recording = await ClipRecording.start(options());
    await sleep(1500);
    expect(recording.status().bytes).toBeGreaterThan(0);
    // A writer that keeps up has at most the fragment that just came waiting.
    expect(recording.status().behind_s).toBeLessThan(0.5);
    const video = await recording.stop();
    expect(recording.state).toBe('stopped');
    expect(video.duration_s).toBeGreaterThan(1);
    expect(readdirSync(dir).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('is finalised when the stream ends (session closed), saying why', async () => {
    const recording = await ClipRecording.start(options());
    await sleep(1200);
    hub.end('session closed');
    await recording.done;
    expect(recording.status()).toMatchObject({
      state: 'stopped',
      error: 'recording ended early: session closed',
    });
  });

  it('fails loudly when it cannot keep up, never skipping silently', async () => {
    player.stop();
    const recording = await ClipRecording.start(options({ maxQueueBytes: 50_000 }));
    // A burst the writer cannot drain in time: the lossless queue overflows.
    for (const [seq, packet] of packets.slice(1, 80).entries()) {
      hub.publish({
        type: 'fragment',
        data: packet.data,
        keyframe: seq === 0,
        frames: 1,
        receivedAt: 0,
        seq,
        generation: 1,
      });
    }
    await recording.done.catch(() => undefined);
    expect(recording.state).toBe('failed');
    expect(recording.status().error).toMatch(/could not keep up/);
  });

  it('refuses to start when the videos folder is not writable', async () => {
    writeFileSync(join(dir, 'file'), '');
    await expect(
      ClipRecording.start(options({ videosDir: join(dir, 'file', 'videos') })),
    ).rejects.toBeInstanceOf(VideosFolderError);
  });

  it('never reuses a name within the same second', async () => {
    const first = await ClipRecording.start(options());
    const second = await ClipRecording.start(options());
    await sleep(300);
    expect(second.filename).not.toBe(first.filename);
    await Promise.all([first.stop(), second.stop()]);
  });
});
