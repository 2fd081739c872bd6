/**
 * Command lines of the ffprobe/ffmpeg runs behind a session. Pure functions: spawning happens
 * in `process/`, so these are unit-tested without running anything.
 */

/** Every keyframe opens a fragment, every frame is its own fragment (lowest latency). */
export const LIVE_FMP4_MOVFLAGS = 'empty_moov+default_base_moof+frag_keyframe+frag_every_frame';

/**
 * RTSP input options. `prefer_tcp` asks for RTP over the RTSP TCP connection and falls back to
 * UDP, so it works with TCP-only cameras and with cameras that only offer UDP; `-timeout` (µs)
 * bounds every socket read so a silent camera cannot hang the process. `-fpsprobesize 0`: the
 * ingest copies the video, so it needs the codec parameters (known at the first keyframe) but
 * not the frame rate, which ffmpeg would otherwise estimate from ~20 frames (0.8 s at 25 fps)
 * before writing anything; the session measures the rate from the fragments instead.
 */
export function rtspInputArgs(url: string, socketTimeoutS: number): string[] {
  return [
    ...['-rtsp_flags', 'prefer_tcp'],
    ...['-timeout', String(Math.round(socketTimeoutS * 1e6))],
    ...['-fpsprobesize', '0'],
    ...['-i', url],
  ];
}

/**
 * `copy` for AAC (and every camera until its audio is known), `transcode` to AAC for the rest:
 * ffmpeg cannot choose between the two by codec, so the ingest starts with `copy` and switches
 * when the camera turns out to send something else (see RtspIngest).
 */
export type IngestAudioMode = 'copy' | 'transcode';

export interface RtspIngestArgsOptions {
  url: string;
  socketTimeoutS: number;
  audioMode: IngestAudioMode;
  /** Bitrate of the AAC encoder when the camera's audio is not AAC, e.g. "64k". */
  audioBitrate: string;
}

/**
 * The one ingest ffmpeg of an RTSP session: video is copied (never re-encoded), audio, when the
 * camera sends any, is copied or transcoded to AAC, and the output is live fragmented MP4 on
 * stdout. Nothing here depends on the camera's codecs: the command is known before connecting.
 */
export function buildRtspIngestArgs(options: RtspIngestArgsOptions): string[] {
  const audio =
    options.audioMode === 'copy' ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', options.audioBitrate];
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    ...rtspInputArgs(options.url, options.socketTimeoutS),
    ...['-map', '0:v:0', '-map', '0:a:0?'],
    ...['-c:v', 'copy', ...audio],
    // Write each packet as it comes: interleaving audio with video by timestamp would hold a
    // video frame back until the audio caught up (a frame or more of delay); every fragment
    // carries its own timestamps, so players and recordings keep the two in sync anyway.
    ...['-max_interleave_delta', '1'],
    ...['-f', 'mp4', '-movflags', LIVE_FMP4_MOVFLAGS, 'pipe:1'],
  ];
}

/** ffmpeg's mjpeg `-q:v` runs from 2 (best) to 31 (worst); the API's jpeg_quality from 1 to 100. */
export function jpegQualityToQscale(quality: number): number {
  const clamped = Math.min(100, Math.max(1, Math.round(quality)));
  return Math.round(31 - ((clamped - 1) * (31 - 2)) / 99);
}

export interface JpegPreviewArgsOptions {
  /** 1..100 */
  jpegQuality: number;
  /** Longest side of the preview frames in pixels; null keeps the camera's size. */
  maxWidth?: number | null;
}

/**
 * Input options for a stream piped in whose header already names its codec and size (an fMP4
 * init segment, a Matroska header): ffmpeg decodes from the first packet instead of holding
 * seconds of them back to probe.
 */
export const NO_PROBE_INPUT_ARGS: readonly string[] = ['-probesize', '32', '-analyzeduration', '0'];

/** Decodes fMP4 from stdin to JPEG frames on stdout, for JPEG viewers of an H.264/H.265 camera. */
export function buildJpegPreviewArgs(options: JpegPreviewArgsOptions): string[] {
  const scale = options.maxWidth ? ['-vf', `scale='min(${options.maxWidth},iw)':-2`] : [];
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    // Decode what arrives as it arrives: no probing, and one decoder thread, because frame
    // threading holds back a frame per thread.
    ...NO_PROBE_INPUT_ARGS,
    ...['-threads', '1'],
    ...['-f', 'mp4', '-i', 'pipe:0'],
    // passthrough: one JPEG per decoded frame, no duplicates to fill a constant frame rate.
    // `-enc_time_base -1`: the encoder counts in the stream's time base; the default, one tick
    // per frame of a guessed rate, rounds two jittery camera timestamps to the same tick, and
    // the JPEG encoder then stops the whole preview ("Invalid pts").
    ...['-map', '0:v:0', '-an', ...scale, '-fps_mode', 'passthrough', '-enc_time_base', '-1'],
    // One encoder thread too: a frame-threaded encoder hands a JPEG out only when later frames
    // come in, a frame time (40 ms at 25 fps) or more behind for each extra thread.
    ...['-c:v', 'mjpeg', '-threads', '1', '-q:v', String(jpegQualityToQscale(options.jpegQuality))],
    ...['-f', 'mjpeg', 'pipe:1'],
  ];
}

export interface StillJpegArgsOptions {
  /** 1..100 */
  jpegQuality: number;
  /**
   * The file the frame filter is read from (`lastFramesFilter`): ffmpeg reads it only once its
   * input has begun, so it can be written after ffmpeg started, when the piece is known.
   */
  filterScript: string;
}

/**
 * Decodes a short fMP4 piece from stdin (init segment, then the fragments since a keyframe)
 * and encodes only its last frames as JPEG on stdout: a snapshot of the newest picture without
 * an encode per frame of the GOP.
 */
export function buildStillJpegArgs(options: StillJpegArgsOptions): string[] {
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'error'],
    ...NO_PROBE_INPUT_ARGS,
    // One thread: a GOP's decode is short, and threads cost more to start than they save.
    ...['-threads', '1'],
    ...['-f', 'mp4', '-i', 'pipe:0'],
    ...['-map', '0:v:0', '-an', '-filter_script:v', options.filterScript],
    // As the preview: one JPEG per selected frame, timestamps in the stream's time base.
    ...['-fps_mode', 'passthrough', '-enc_time_base', '-1'],
    ...['-c:v', 'mjpeg', '-q:v', String(jpegQualityToQscale(options.jpegQuality))],
    ...['-f', 'mjpeg', 'pipe:1'],
  ];
}

/** The filter of `buildStillJpegArgs`: decoded frames to pass over before encoding. */
export function lastFramesFilter(skipFrames: number): string {
  return `select='gte(n,${Math.max(0, Math.floor(skipFrames))})'`;
}
