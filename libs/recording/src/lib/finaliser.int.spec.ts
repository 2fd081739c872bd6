import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcessRegistry } from '@camrec/process';
import { Finaliser } from './finaliser';
import { recoverLeftovers } from './leftover-recovery';
import { isFastStart, readMp4FileLayout } from './mp4-file-layout';
import { FinaliseError } from './recording-errors';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';
import { readVideoMetadata } from './video-metadata';
import { ffprobe } from '@camrec/testing';

const NAME = 'cam1_20250301-120000.mp4';

describe('Finaliser', () => {
  let dir: string;
  const registry = new ChildProcessRegistry();
  const tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', registry };
  const mp4 = makeFragmentedMp4({ seconds: 3, fps: 10, gop: 10, audio: true, size: '640x480' });

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'camrec-final-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => expect(registry.size).toBe(0));

  it('remuxes the .part into a standard MP4 with the index first, a thumbnail and metadata', async () => {
    writeFileSync(join(dir, `${NAME}.part`), mp4);
    const createdAt = new Date('2025-03-01T11:00:00.000Z');
    const metadata = await new Finaliser(dir, tools).finalise(NAME, { createdAt });

    expect(readdirSync(dir).sort()).toEqual([
      'cam1_20250301-120000.jpg',
      'cam1_20250301-120000.json',
      NAME,
    ]);
    const probe = ffprobe(join(dir, NAME));
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(isFastStart(await readMp4FileLayout(join(dir, NAME)))).toBe(true);
    expect(metadata).toMatchObject({
      filename: NAME,
      session_id: 'cam1',
      created_at: '2025-03-01T11:00:00.000Z',
      width: 640,
      height: 480,
      video_codec: 'h264',
      audio_codec: 'aac',
      has_thumbnail: true,
      size_bytes: readFileSync(join(dir, NAME)).length,
    });
    expect(metadata.duration_s).toBeCloseTo(3, 0);
    expect(await readVideoMetadata(join(dir, 'cam1_20250301-120000.json'))).toEqual(metadata);
    const thumbnail = ffprobe(join(dir, 'cam1_20250301-120000.jpg')).streams[0];
    expect(thumbnail).toMatchObject({ codec_name: 'mjpeg', width: 320, height: 240 });
  });

  it('keeps everything up to the last complete fragment of a .part cut mid-write', async () => {
    writeFileSync(join(dir, `${NAME}.part`), mp4.subarray(0, Math.floor(mp4.length * 0.7)));
    const metadata = await new Finaliser(dir, tools).finalise(NAME);
    expect(metadata.duration_s).toBeGreaterThan(1.5);
    expect(metadata.duration_s).toBeLessThan(2.9);
    execFileSync('ffmpeg', ['-v', 'error', '-i', join(dir, NAME), '-f', 'null', '-']);
  });

  it('removes a .part that holds no video and says so', async () => {
    writeFileSync(join(dir, `${NAME}.part`), toPackets(mp4)[0].data);
    await expect(new Finaliser(dir, tools).finalise(NAME)).rejects.toThrow(FinaliseError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('recovers leftovers at start-up: parts finalised, temporaries removed, metadata filled in', async () => {
    writeFileSync(join(dir, `${NAME}.part`), mp4.subarray(0, Math.floor(mp4.length * 0.5)));
    writeFileSync(join(dir, 'cam1_20250301-120000.remux.mp4'), 'half a remux');
    writeFileSync(join(dir, 'cam2_20250301-130000.mp4'), mp4);
    writeFileSync(join(dir, 'unrelated.mp4.part'), 'not ours');
    const report = await recoverLeftovers(dir, tools);
    expect(report).toEqual({
      finalised: [NAME],
      described: ['cam2_20250301-130000.mp4'],
      failed: [],
    });
    expect(existsSync(join(dir, `${NAME}.part`))).toBe(false);
    expect(existsSync(join(dir, 'cam1_20250301-120000.remux.mp4'))).toBe(false);
    expect(existsSync(join(dir, 'cam2_20250301-130000.json'))).toBe(true);
    expect(existsSync(join(dir, 'unrelated.mp4.part'))).toBe(true);
  });
});
