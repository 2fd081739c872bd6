import type { CameraRow } from '@camrec/catalog';
import { maskCredentials } from '@camrec/process';
import type { CameraInfo, CameraStatus, MotionSettings } from '@camrec/shared-types';

const DISABLED: CameraStatus = {
  state: 'disabled',
  session_id: null,
  substream_session_id: null,
  offline_since: null,
  last_error: null,
  next_attempt_at: null,
  substream_error: null,
  recording: false,
  recording_behind_s: 0,
  recording_error: null,
};

/** The camera as the API shows it: credentials masked, times ISO 8601. */
export function toCameraInfo(row: CameraRow, status: CameraStatus | null): CameraInfo {
  return {
    id: row.id,
    name: row.name,
    source_type: /^rtsps?:/i.test(row.url) ? 'rtsp' : 'mjpeg',
    url: maskCredentials(row.url),
    substream_url: row.substream_url === null ? null : maskCredentials(row.substream_url),
    enabled: row.enabled,
    record: row.record_mode,
    segment_s: row.segment_s,
    mjpeg_storage: row.mjpeg_storage,
    insecure_tls: row.insecure_tls,
    motion: { ...(row.motion as MotionSettings), record: row.record_mode === 'motion' },
    onvif_address: row.onvif_address,
    onvif_username: row.onvif_username,
    // Never shown, as a URL's password is not.
    onvif_password: row.onvif_password === null ? null : '***',
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    status: status ?? DISABLED,
  };
}
