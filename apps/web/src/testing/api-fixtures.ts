import type { HealthResponse, SessionListItem, VideoItem } from '@camrec/shared-types';

/** Test data shaped like the API's answers. */
export function sessionItem(id: string, overrides: Partial<SessionListItem> = {}): SessionListItem {
  return {
    session_id: id,
    name: `Camera ${id}`,
    source_type: 'rtsp',
    source_url: `rtsp://***@cam-${id}/live`,
    local_rtsp_url: null,
    proxy: 'direct',
    created_at: '2026-11-23T10:00:00Z',
    media: { video: { codec: 'h264', width: 1280, height: 720, fps: 25 }, audio: null },
    state: 'active',
    recording: false,
    preview_active: true,
    viewers: 1,
    stats: { frames_in: 100, fps: 25, bitrate_kbps: 900, reconnects: 0, uptime_s: 4 },
    ...overrides,
  };
}

export function videoItem(filename: string, overrides: Partial<VideoItem> = {}): VideoItem {
  return {
    filename,
    size_bytes: 2_400_000,
    duration_s: 10.2,
    created_at: '2026-11-23T10:00:00Z',
    session_id: filename.split('_')[0],
    width: 1280,
    height: 720,
    video_codec: 'h264',
    audio_codec: null,
    thumbnail_url: `/videos/${filename}/thumbnail`,
    ...overrides,
  };
}

export function health(overrides: Partial<HealthResponse> = {}): HealthResponse {
  return {
    status: 'ok',
    version: '0.1.0',
    uptime_s: 12,
    ffmpeg: { path: 'ffmpeg', version: '5.1.9' },
    ffprobe: { path: 'ffprobe', version: '5.1.9' },
    proxy: {
      mode: 'auto',
      effective_mode: 'proxy',
      engines: [
        { name: 'mediamtx', state: 'running', effective_mode: 'proxy', binary: '/bin/mediamtx' },
        { name: 'go2rtc', state: 'running', effective_mode: 'proxy', binary: '/bin/go2rtc' },
      ],
    },
    sessions: { active: 0, max: 3 },
    demo_camera_url: null,
    ...overrides,
  };
}

/** Lets pending promises and Angular's scheduled rendering run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
