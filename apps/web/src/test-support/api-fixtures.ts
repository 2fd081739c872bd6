import type {
  CameraInfo,
  CameraStatus,
  HealthResponse,
  RecordingStatus,
  SessionListItem,
  VideoItem,
} from '@camrec/shared-types';

/** Test data shaped like the API's answers. */
export function sessionItem(id: string, overrides: Partial<SessionListItem> = {}): SessionListItem {
  return {
    session_id: id,
    name: `Camera ${id}`,
    camera_id: null,
    stream: null,
    source_type: 'rtsp',
    source_url: `rtsp://***@cam-${id}/live`,
    local_rtsp_url: null,
    proxy: 'direct',
    insecure_tls: false,
    created_at: '2026-11-23T10:00:00Z',
    media: { video: { codec: 'h264', width: 1280, height: 720, fps: 25 }, audio: null },
    state: 'active',
    recording: false,
    preview_active: true,
    viewers: 1,
    stats: { frames_in: 100, fps: 25, bitrate_kbps: 900, reconnects: 0, uptime_s: 4 },
    motion: { enabled: false, active: false, score: 0, last_event_at: null },
    ...overrides,
  };
}

/** A saved camera, online on `main-<id>` unless overridden; its URL masked as the API sends it. */
export function cameraInfo(
  id: string,
  overrides: Partial<Omit<CameraInfo, 'status'>> & { status?: Partial<CameraStatus> } = {},
): CameraInfo {
  const { status, ...rest } = overrides;
  return {
    id,
    name: `Camera ${id}`,
    source_type: 'rtsp',
    url: `rtsp://admin:***@cam-${id}/live`,
    substream_url: null,
    enabled: true,
    record: 'off',
    segment_s: 60,
    mjpeg_storage: 'h264',
    insecure_tls: false,
    motion: {
      enabled: false,
      sensitivity: 50,
      min_area_pct: 0.5,
      zones_excluded: [],
      record: false,
      pre_roll_s: 5,
      post_roll_s: 10,
    },
    onvif_address: null,
    onvif_username: null,
    onvif_password: null,
    created_at: '2026-11-23T10:00:00Z',
    updated_at: '2026-11-23T10:00:00Z',
    ...rest,
    status: {
      state: 'online',
      session_id: `main-${id}`,
      substream_session_id: null,
      offline_since: null,
      last_error: null,
      next_attempt_at: null,
      substream_error: null,
      recording: false,
      recording_behind_s: 0,
      recording_error: null,
      ...status,
    },
  };
}

export function videoItem(filename: string, overrides: Partial<VideoItem> = {}): VideoItem {
  return {
    filename,
    size_bytes: 2_400_000,
    duration_s: 10.2,
    created_at: '2026-11-23T10:00:00Z',
    session_id: filename.split('_')[0],
    camera_id: null,
    width: 1280,
    height: 720,
    video_codec: 'h264',
    audio_codec: null,
    thumbnail_url: `/videos/${filename}/thumbnail`,
    trigger: 'manual',
    event_id: null,
    pre_roll: null,
    keep: false,
    ...overrides,
  };
}

/** A session's `/record/status`: idle unless overridden. */
export function recordingStatus(overrides: Partial<RecordingStatus> = {}): RecordingStatus {
  return {
    state: 'idle',
    filename: null,
    elapsed_s: 0,
    duration: null,
    bytes: 0,
    behind_s: 0,
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
    motion: { available: true, reason: null, opencv_version: '4.6.0', sessions_analysing: 0 },
    retention: {
      max_gb: null,
      min_free_gb: null,
      days: null,
      continuous_days: null,
      events_days: null,
      used_bytes: 0,
      free_bytes: null,
      recent_deletions: [],
    },
    index: { path: '/videos/index.sqlite', persistent: true, reason: null },
    cameras: { saved: 0, online: 0, max: 32 },
    mqtt: { state: 'off', broker: null, last_error: null, connected_since: null },
    ...overrides,
  };
}

/** Lets pending promises and Angular's scheduled rendering run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
