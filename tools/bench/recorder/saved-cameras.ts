// Saved cameras through the API (POST/PATCH/DELETE /cameras), and their continuous segments.
import type {
  CameraInfo,
  CameraListResponse,
  CreateCameraRequest,
  MjpegStorage,
  SegmentInfo,
  SegmentListResponse,
} from '@camrec/shared-types';
import { sessionUrl } from '../cameras';
import { getJson, request } from '../clients';
import type { LaunchedServer } from '@camrec/testing';

export interface SaveOptions {
  segmentS: number;
  mjpegStorage?: MjpegStorage;
}

/**
 * `count` saved cameras on one simulated camera (a distinct URL each), recorded continuously,
 * each verified (opened) before it is saved, one after another as a person adds them. Each is
 * added to `saved` as soon as it is, so that a failure leaves the caller the ones to delete.
 */
export async function saveCameras(
  server: LaunchedServer,
  camera: { url: string; name: string },
  count: number,
  options: SaveOptions,
  saved: CameraInfo[] = [],
): Promise<CameraInfo[]> {
  for (let k = 0; k < count; k++) {
    const body: CreateCameraRequest = {
      name: `${camera.name} ${k}`,
      url: sessionUrl(camera, k),
      record: 'continuous',
      segment_s: options.segmentS,
      verify: true,
      ...(options.mjpegStorage ? { mjpeg_storage: options.mjpegStorage } : {}),
    };
    const answer = await request<CameraInfo>(server.baseUrl, 'POST', '/cameras', body);
    if (answer.status !== 201 || !answer.body)
      throw new Error(
        `POST /cameras ${body.name}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    saved.push(answer.body);
  }
  return saved;
}

/** Closes the cameras (`enabled: false`): each recording ends, its last segment made final. */
export async function disableCameras(server: LaunchedServer, cameras: CameraInfo[]): Promise<void> {
  await Promise.all(
    cameras.map(async (camera) => {
      const answer = await request(server.baseUrl, 'PATCH', `/cameras/${camera.id}`, {
        enabled: false,
      });
      if (answer.status !== 200)
        throw new Error(
          `PATCH /cameras/${camera.id}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
    }),
  );
}

/** Deletes the cameras and their recordings (the disk is kept for the next step). */
export async function deleteCameras(server: LaunchedServer, cameras: CameraInfo[]): Promise<void> {
  for (const camera of cameras)
    await request(server.baseUrl, 'DELETE', `/cameras/${camera.id}?delete_recordings=true`);
}

/** `/cameras` now, by id. */
export async function cameraStates(server: LaunchedServer): Promise<Map<string, CameraInfo>> {
  const { cameras } = await getJson<CameraListResponse>(server.baseUrl, '/cameras');
  return new Map(cameras.map((camera) => [camera.id, camera]));
}

/** The camera's segments overlapping [startMs, endMs), oldest first (at most 5000). */
export async function segmentsOf(
  server: LaunchedServer,
  cameraId: string,
  startMs: number,
  endMs: number,
): Promise<SegmentInfo[]> {
  const path = `/cameras/${cameraId}/segments?start=${Math.floor(startMs)}&end=${Math.ceil(endMs)}&limit=5000`;
  return (await getJson<SegmentListResponse>(server.baseUrl, path)).segments;
}
