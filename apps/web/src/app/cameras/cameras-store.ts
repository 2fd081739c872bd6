import { Injectable, computed, inject, signal } from '@angular/core';
import type {
  CameraInfo,
  CreateCameraRequest,
  DeleteCameraResponse,
  OfflinePeriod,
  UpdateCameraRequest,
} from '@camrec/shared-types';
import { ApiClient } from '../api/api-client';
import { SessionsStore } from '../live/sessions-store';
import { VideosStore } from '../recordings/videos-store';
import { PolledStore } from '../shared/polled-store';

/** The saved cameras as the server lists them, refreshed every few seconds. */
@Injectable({ providedIn: 'root' })
export class CamerasStore extends PolledStore {
  private readonly api = inject(ApiClient);
  private readonly sessions = inject(SessionsStore);
  private readonly videos = inject(VideosStore);
  private readonly listed = signal<CameraInfo[]>([]);

  /** Cameras being deleted are left out at once. */
  readonly cameras = computed(() => this.listed().filter((camera) => !this.isRemoving(camera.id)));
  readonly maxCameras = signal<number | null>(null);

  /** Camera state moves with its sessions' (polled as often), so the tiles agree. */
  protected readonly pollMs = 2000;

  protected async load(): Promise<void> {
    const list = await this.api.listCameras();
    this.listed.set(list.cameras);
    this.maxCameras.set(list.max_cameras);
  }

  /** Reads a signal: callers in templates and computeds follow the camera. */
  byId(id: string): CameraInfo | null {
    return this.listed().find((camera) => camera.id === id) ?? null;
  }

  /** Saves a camera; its sessions (a preview it adopted among them) are listed again. */
  async create(request: CreateCameraRequest): Promise<CameraInfo> {
    const camera = await this.api.createCamera(request);
    this.upsert(camera);
    void this.sessions.refresh();
    return camera;
  }

  async update(id: string, change: UpdateCameraRequest): Promise<CameraInfo> {
    const camera = await this.api.updateCamera(id, change);
    this.upsert(camera);
    void this.sessions.refresh();
    return camera;
  }

  remove(id: string, deleteRecordings: boolean): Promise<DeleteCameraResponse> {
    return this.removing(id, async () => {
      const answer = await this.api.deleteCamera(id, deleteRecordings);
      this.listed.update((cameras) => cameras.filter((camera) => camera.id !== id));
      // Its sessions end, and a recording in progress is finalised (or deleted with the rest).
      void this.sessions.refresh();
      this.videos.refreshSoon();
      return answer;
    });
  }

  /** The camera's times offline, newest first. */
  async offlinePeriods(id: string): Promise<OfflinePeriod[]> {
    const { periods } = await this.api.offlinePeriods(id);
    return [...periods].sort((a, b) => b.started_at.localeCompare(a.started_at));
  }

  private upsert(camera: CameraInfo): void {
    this.listed.update((cameras) =>
      cameras.some((known) => known.id === camera.id)
        ? cameras.map((known) => (known.id === camera.id ? camera : known))
        : [...cameras, camera],
    );
  }
}
