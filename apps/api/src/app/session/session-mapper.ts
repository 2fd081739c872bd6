import type { SessionInfo, SessionListItem, SessionMotionState } from '@camrec/shared-types';
import { maskCredentials } from '@camrec/process';
import type { SessionEntry } from './session-entry';

export function toSessionInfo(entry: SessionEntry): SessionInfo {
  const camera = entry.camera;
  return {
    session_id: entry.id,
    name: entry.name,
    camera_id: entry.owner?.cameraId ?? null,
    stream: entry.owner?.stream ?? null,
    source_type: camera.sourceType,
    source_url: maskCredentials(entry.url),
    local_rtsp_url: entry.route.localRtspUrl,
    proxy: entry.route.proxy,
    ...(entry.route.reason ? { proxy_reason: maskCredentials(entry.route.reason) } : {}),
    created_at: entry.createdAt.toISOString(),
    media: camera.media ?? entry.media,
    insecure_tls: entry.insecureTls,
  };
}

export function toSessionListItem(
  entry: SessionEntry,
  recording: boolean,
  motion: SessionMotionState,
): SessionListItem {
  const camera = entry.camera;
  return {
    ...toSessionInfo(entry),
    state: camera.state,
    recording,
    preview_active: entry.viewers > 0,
    viewers: entry.viewers,
    stats: camera.stats(),
    ...(camera.lastError ? { last_error: maskCredentials(camera.lastError) } : {}),
    motion,
  };
}
