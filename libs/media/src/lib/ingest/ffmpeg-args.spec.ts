import {
  buildJpegPreviewArgs,
  buildRtspIngestArgs,
  jpegQualityToQscale,
  LIVE_FMP4_MOVFLAGS,
} from './ffmpeg-args';

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
    expect(args).toContain('-c:v mjpeg -q:v 2 -f mjpeg pipe:1');
  });
});
