import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatroskaMjpegMuxer } from './matroska-mjpeg-muxer';
import { videoPacketTimes } from '@camrec/testing';

describe('MatroskaMjpegMuxer', () => {
  let dir: string;
  let frames: Buffer[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-mkv-'));
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=352x288:rate=10',
      '-frames:v',
      '6',
      '-q:v',
      '5',
      join(dir, 'f%02d.jpg'),
    ]);
    frames = readdirSync(dir)
      .sort()
      .map((name) => readFileSync(join(dir, name)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives ffmpeg each frame at its arrival time, strictly increasing', () => {
    const muxer = new MatroskaMjpegMuxer();
    const arrivals = [5000, 5040, 5040, 5300, 5310, 6000];
    const stream = Buffer.concat([
      muxer.header(frames[0]),
      ...frames.map((frame, i) => muxer.frame(frame, arrivals[i])),
    ]);
    const file = join(dir, 'frames.mkv');
    writeFileSync(file, stream);
    expect(videoPacketTimes(file)).toEqual([0, 0.04, 0.041, 0.3, 0.31, 1]);
    const probe = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'csv=p=0',
      file,
    ]);
    expect(probe.toString().trim()).toBe('mjpeg,352,288');
  });

  it('refuses a first frame that is not a JPEG', () => {
    expect(() => new MatroskaMjpegMuxer().header(Buffer.from('nope'))).toThrow('not a JPEG');
  });
});
