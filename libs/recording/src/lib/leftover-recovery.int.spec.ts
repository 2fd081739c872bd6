import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { ClipRecording } from './clip-recording';
import { recoverLeftovers } from './leftover-recovery';
import { recordingFiles } from './recording-name';
import { HubPlayer } from './test-support/hub-player';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';
import { VideoLibrary } from './video-library';
import type { VideoAnnotations } from './video-metadata';
import { ffprobe } from '@camrec/testing';

const SESSION = '0b6f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f';
const EVENT = '7d9e2f4a-1b3c-4d5e-8f6a-9b0c1d2e3f4a';

describe('recoverLeftovers of a clip a crash interrupted', () => {
  let root: string;
  let hub: StreamHub;
  let player: HubPlayer;
  const registry = new ChildProcessRegistry();
  const tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'camrec-recovery-'));
    hub = new StreamHub();
    player = new HubPlayer(
      hub,
      toPackets(makeFragmentedMp4({ seconds: 8, fps: 10, gop: 10, audio: true })),
    );
    void player.play();
  });
  afterEach(() => {
    player.stop();
    rmSync(root, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  /**
   * Records with the real writer and copies its folder mid-write, as a kill -9 or a power cut
   * would leave it: a `.part` (perhaps ending mid-fragment) and its in-progress metadata.
   */
  async function interruptedClip(annotations: () => VideoAnnotations): Promise<{
    crashedDir: string;
    filename: string;
    startedAt: Date;
  }> {
    const videosDir = join(root, 'videos');
    mkdirSync(videosDir);
    const recording = await ClipRecording.start({
      sessionId: SESSION,
      sourceType: 'rtsp',
      hub,
      videosDir,
      durationS: null,
      maxDurationS: 60,
      tools,
      encode: { preset: 'veryfast', crf: 23 },
      minFreeBytes: 1,
      annotations,
    });
    await waitFor(() => recording.status().bytes > 0 && recording.status().elapsed_s >= 2);
    const crashedDir = join(root, 'crashed');
    mkdirSync(crashedDir);
    const files = recordingFiles(recording.filename);
    for (const file of [files.metadata, files.part]) {
      copyFileSync(join(videosDir, file), join(crashedDir, file));
    }
    await recording.stop();
    return { crashedDir, filename: recording.filename, startedAt: recording.startedAt };
  }

  it('keeps a motion clip a motion clip: trigger, event id, pre-roll and start time', async () => {
    const preRoll = { asked_s: 3, delivered_s: 3.4, keyframe_interval_s: 1 };
    const { crashedDir, filename, startedAt } = await interruptedClip(() => ({
      trigger: 'motion' as const,
      event_id: EVENT,
      pre_roll: preRoll,
    }));
    const inProgress = JSON.parse(
      readFileSync(join(crashedDir, recordingFiles(filename).metadata), 'utf8'),
    );
    expect(inProgress).toMatchObject({ in_progress: true, trigger: 'motion', event_id: EVENT });
    // Not a video yet: the library does not list it.
    expect(await new VideoLibrary(crashedDir).list()).toEqual([]);

    const report = await recoverLeftovers(crashedDir, tools);
    expect(report).toEqual({ finalised: [filename], described: [], failed: [] });
    expect(existsSync(join(crashedDir, recordingFiles(filename).part))).toBe(false);
    const [video] = await new VideoLibrary(crashedDir).list();
    expect(video).toMatchObject({
      filename,
      session_id: SESSION,
      created_at: startedAt.toISOString(),
      trigger: 'motion',
      event_id: EVENT,
      pre_roll: preRoll,
      has_thumbnail: true,
    });
    expect(video).not.toHaveProperty('in_progress');
    expect(video.duration_s).toBeGreaterThanOrEqual(1);
    const probed = ffprobe(join(crashedDir, filename));
    expect(Number(probed.format.duration)).toBeCloseTo(video.duration_s, 0);
  });

  it('recovers a manual clip without motion fields', async () => {
    const { crashedDir, filename } = await interruptedClip(() => ({}));
    await recoverLeftovers(crashedDir, tools);
    const [video] = await new VideoLibrary(crashedDir).list();
    expect(video.filename).toBe(filename);
    expect(video).not.toHaveProperty('trigger');
    expect(video).not.toHaveProperty('event_id');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
