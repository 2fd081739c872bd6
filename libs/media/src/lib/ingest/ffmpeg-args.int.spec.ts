import {
  buildJpegPreviewArgs,
  buildRtspIngestArgs,
  jpegQualityToQscale,
  LIVE_FMP4_MOVFLAGS,
} from './ffmpeg-args';
import { MediaProcess } from '@camrec/process';
import { fmp4ToHubPackets } from '../test-support/hub-packets';
import { LIVE_MOVFLAGS, runFfmpegToBuffer } from '../test-support/media-fixtures';

const URL = 'rtsp://u:p@cam/stream';
const base = { url: URL, socketTimeoutS: 5, audioBitrate: '96k' } as const;
const afterFlag = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('ffmpeg arguments', () => {
  it('copies video and AAC audio, writes live fragmented MP4, and never probes the frame rate', () => {
    const args = buildRtspIngestArgs({ ...base, audioMode: 'copy' });
    expect(args.join(' ')).toContain(
      `-rtsp_flags prefer_tcp -timeout 5000000 -fpsprobesize 0 -i ${URL} -map 0:v:0 -map 0:a:0? -c:v copy -c:a copy`,
    );
    expect(args.slice(-7)).toEqual([
      ...['-max_interleave_delta', '1'],
      ...['-f', 'mp4', '-movflags', LIVE_FMP4_MOVFLAGS, 'pipe:1'],
    ]);
    expect(LIVE_FMP4_MOVFLAGS.split('+').sort()).toEqual([
      'default_base_moof',
      'empty_moov',
      'frag_every_frame',
      'frag_keyframe',
    ]);
    // Chosen before the codec is known: a tag would fail for the other codec.
    expect(args).not.toContain('-tag:v');
  });

  it('transcodes other audio (G.711) to AAC at the configured bitrate, never the video', () => {
    const args = buildRtspIngestArgs({ ...base, audioMode: 'transcode' }).join(' ');
    expect(args).toContain('-c:v copy -c:a aac -b:a 96k');
  });

  it('maps jpeg_quality 1..100 onto ffmpeg qscale 31..2', () => {
    expect(jpegQualityToQscale(1)).toBe(31);
    expect(jpegQualityToQscale(100)).toBe(2);
    expect(jpegQualityToQscale(80)).toBe(8);
    expect(jpegQualityToQscale(500)).toBe(2);
    expect(jpegQualityToQscale(-3)).toBe(31);
    const scale = Array.from({ length: 100 }, (_, i) => jpegQualityToQscale(i + 1));
    for (let i = 1; i < scale.length; i++) expect(scale[i]).toBeLessThanOrEqual(scale[i - 1]);
  });

  it('decodes fMP4 from stdin into MJPEG for the preview', () => {
    const args = buildJpegPreviewArgs({ jpegQuality: 100, maxWidth: 640 }).join(' ');
    expect(args).toContain('-f mp4 -i pipe:0');
    expect(args).toContain("-vf scale='min(640,iw)':-2");
    expect(args).toContain('-c:v mjpeg -threads 1 -q:v 2 -f mjpeg pipe:1');
  });

  it('turns every frame into a JPEG when camera timestamps jitter by more than half a frame', async () => {
    // 25 fps with timestamps 0.45, 1.55, 2.45, 3.55… frames apart: rounded to whole frames,
    // neighbours collide, which is what the preview's encoder must not do.
    const frames = 60;
    const stream = await generateLiveFmp4(frames, 'setpts=(N+0.45+0.1*mod(N\\,2))/25/TB');
    const preview = startPreview();
    for (const packet of fmp4ToHubPackets(stream)) preview.ffmpeg.stdin.write(packet.data);
    preview.ffmpeg.stdin.end();
    expect((await preview.ffmpeg.exited).code).toBe(0);
    expect(preview.jpegs()).toBe(frames);
  });

  it('hands out the JPEG of each fragment without waiting for the next one', async () => {
    const [init, ...fragments] = fmp4ToHubPackets(await generateLiveFmp4(5, 'setpts=N/25/TB'));
    const preview = startPreview();
    try {
      for (const packet of [init, ...fragments]) preview.ffmpeg.stdin.write(packet.data);
      // stdin stays open, as with a live camera between two frames.
      const deadline = Date.now() + 10_000;
      while (preview.jpegs() < fragments.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(preview.jpegs()).toBe(fragments.length);
    } finally {
      await preview.ffmpeg.stop();
    }
  });
});

/** Live fMP4 as the ingest writes it, 25 fps, frame times from a `setpts` expression. */
function generateLiveFmp4(frames: number, setpts: string): Promise<Buffer> {
  return runFfmpegToBuffer([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-frames:v', String(frames)],
    ...['-vf', `settb=1/90000,${setpts}`, '-fps_mode', 'passthrough'],
    ...['-enc_time_base', '1/90000', '-pix_fmt', 'yuv420p'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '10'],
    ...['-f', 'mp4', '-movflags', LIVE_MOVFLAGS, 'pipe:1'],
  ]);
}

/** The preview command on stdin/stdout, counting the JPEGs it writes. */
function startPreview(): { ffmpeg: MediaProcess; jpegs: () => number } {
  const ffmpeg = MediaProcess.spawn({
    name: 'jpeg preview',
    command: 'ffmpeg',
    args: buildJpegPreviewArgs({ jpegQuality: 70 }),
    stdinIsInput: true,
  });
  const chunks: Buffer[] = [];
  ffmpeg.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A JPEG ends with FF D9, which its entropy-coded data never holds unstuffed.
  const jpegs = () => Buffer.concat(chunks).toString('latin1').split('\xff\xd9').length - 1;
  return { ffmpeg, jpegs };
}
