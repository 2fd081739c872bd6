import type { NewSegment } from '../segment-store';

/** A final segment row of `cameraId` over [startMs, endMs), its path named after its start. */
export function segmentRow(cameraId: string, startMs: number, endMs: number): NewSegment {
  return {
    camera_id: cameraId,
    path: `${cameraId}/${startMs}.mp4`,
    start_ms: startMs,
    end_ms: endMs,
    bytes: 1,
    frames: 1,
    codec: 'avc1',
    storage: 'copy',
  };
}
