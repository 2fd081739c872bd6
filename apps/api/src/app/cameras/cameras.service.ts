import {
  BeforeApplicationShutdown,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import {
  Catalog,
  CatalogConflictError,
  newCameraId,
  type CameraChanges,
  type CameraRow,
} from '@camrec/catalog';
import { DEFAULT_MOTION_SETTINGS } from '@camrec/motion';
import type {
  CameraCounts,
  CameraInfo,
  CameraListResponse,
  CameraStream,
  DeleteCameraResponse,
  MotionSettings,
  OfflinePeriodListResponse,
  SegmentListResponse,
} from '@camrec/shared-types';
import { Observable, Subject } from 'rxjs';
import { IndexState } from '../catalog/catalog.module';
import { SERVER_ALIVE_KEY, SERVER_STOPPED_KEY } from '../catalog/server-alive';
import { AppConfig } from '../config/app-config';
import { MotionService } from '../motion/motion.service';
import type { SessionEntry } from '../session/session-entry';
import { SessionService } from '../session/session.service';
import { CameraFootage } from './camera-footage';
import { toCameraInfo } from './camera-mapper';
import { checkCameraUrl } from './camera-url-check';
import { onvifChanges, onvifFields } from './camera-onvif-details';
import { ContinuousRecording } from './continuous-recording';
import { CameraSupervisor } from './camera-supervisor';
import type { CreateCameraDto, UpdateCameraDto } from './cameras.dto';

/** A camera's main stream went online or offline, or the camera was disabled or deleted. */
export interface CameraStateChange {
  cameraId: string;
  state: 'online' | 'offline' | 'disabled';
  reason: string;
}

const ALIVE_INTERVAL_MS = 30_000;

/** Fields whose change reopens the camera's streams. */
const STREAM_FIELDS = ['url', 'substream_url', 'insecure_tls', 'enabled'] as const;

/**
 * Saved cameras: kept in the index, opened at start and kept open while enabled (each stream
 * retried forever, offline periods written down), their motion settings applied to the stream
 * they are analysed on. Their sessions are sessions like any other.
 */
@Injectable()
export class CamerasService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('cameras');
  private readonly supervisors = new Map<string, CameraSupervisor>();
  private readonly rows = new Map<string, CameraRow>();
  private readonly changed = new Subject<CameraRow>();
  private readonly removed = new Subject<string>();
  /** Changes of one camera, one after the other (a PATCH waits for a DELETE in flight). */
  private readonly work = new Map<string, Promise<unknown>>();
  private aliveTimer: NodeJS.Timeout | null = null;

  /** A camera's settings changed (or it was added). */
  readonly changes: Observable<CameraRow> = this.changed.asObservable();
  /** A camera was deleted (its id). */
  readonly deletions: Observable<string> = this.removed.asObservable();
  private readonly stateSubject = new Subject<CameraStateChange>();
  /**
   * A camera went online or offline, or was disabled (for integrations: availability). The
   * current state of every camera is in `list()`.
   */
  readonly states: Observable<CameraStateChange> = this.stateSubject.asObservable();

  constructor(
    private readonly config: AppConfig,
    private readonly catalog: Catalog,
    private readonly sessions: SessionService,
    private readonly motion: MotionService,
    private readonly footage: CameraFootage,
    private readonly continuous: ContinuousRecording,
    private readonly index: IndexState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Offline periods the last run left open ended when it did (its last sign of life).
    const aliveAt = Number(await this.catalog.meta.get(SERVER_ALIVE_KEY)) || Date.now();
    await this.catalog.offlinePeriods.closeDangling(aliveAt);
    await this.catalog.meta.set(SERVER_STOPPED_KEY, 'false');
    this.aliveTimer = setInterval(() => void this.markAlive(), ALIVE_INTERVAL_MS);
    this.aliveTimer.unref();
    const cameras = await this.catalog.cameras.list();
    for (const camera of cameras) {
      this.rows.set(camera.id, camera);
      if (camera.enabled) this.supervise(camera).start();
    }
    if (cameras.length) {
      this.logger.log(
        `${cameras.length} saved camera(s), ${cameras.filter((c) => c.enabled).length} enabled`,
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.aliveTimer) clearInterval(this.aliveTimer);
    await this.markAlive();
    await this.catalog.meta.set(SERVER_STOPPED_KEY, 'true').catch(() => undefined);
    await Promise.all(
      [...this.supervisors.values()].map((s) => s.stop('the server is shutting down')),
    );
    this.supervisors.clear();
  }

  list(): CameraListResponse {
    const cameras = [...this.rows.values()].map((row) => this.info(row));
    return { cameras, max_cameras: this.config.max_cameras };
  }

  counts(): CameraCounts {
    const online = [...this.supervisors.values()].filter((s) => s.main.state === 'online').length;
    return { saved: this.rows.size, online, max: this.config.max_cameras };
  }

  get(id: string): CameraInfo {
    return this.info(this.row(id));
  }

  /** The camera's row, or a 404 naming the id. */
  row(id: string): CameraRow {
    const row = this.rows.get(id);
    if (!row) throw new NotFoundException(`camera ${id} not found`);
    return row;
  }

  /** The camera's main stream session, while it is open. */
  mainSession(id: string): SessionEntry | null {
    return this.supervisors.get(id)?.main.session ?? null;
  }

  async create(request: CreateCameraDto): Promise<CameraInfo> {
    this.checkIndexWritable();
    if (this.rows.size >= this.config.max_cameras) {
      throw new ConflictException(
        `camera limit reached: max_cameras is ${this.config.max_cameras}; delete a camera first`,
      );
    }
    checkCameraUrl(request.url, 'url');
    if (request.substream_url) checkCameraUrl(request.substream_url, 'substream_url');
    const name = request.name.trim();
    if (await this.catalog.cameras.nameTaken(name)) throw nameTaken(name);
    const fields = {
      id: newCameraId(),
      name,
      url: request.url.trim(),
      substream_url: request.substream_url?.trim() || null,
      enabled: request.enabled ?? true,
      record_mode: request.record ?? 'off',
      segment_s: request.segment_s ?? 60,
      mjpeg_storage: request.mjpeg_storage ?? 'h264',
      insecure_tls: request.insecure_tls ?? false,
      motion: { ...DEFAULT_MOTION_SETTINGS, ...withoutUndefined(request.motion ?? {}) },
      ...onvifFields(request),
    };
    // Opened before it is saved: a camera that cannot be opened is refused with the reason,
    // and the session that verified it is the one the camera keeps.
    let supervisor: CameraSupervisor | null = null;
    if (fields.enabled && request.verify !== false) {
      supervisor = this.newSupervisor(fields);
      try {
        await supervisor.verify();
      } catch (error) {
        await supervisor.stop('the camera could not be verified');
        throw error;
      }
    }
    let row: CameraRow;
    try {
      row = await this.catalog.cameras.insert(fields);
    } catch (error) {
      await supervisor?.stop('the camera could not be saved');
      throw error instanceof CatalogConflictError ? new ConflictException(error.message) : error;
    }
    this.rows.set(row.id, row);
    this.logger.log(`camera ${row.id} "${row.name}" saved`);
    if (row.enabled) {
      supervisor ??= this.newSupervisor(row);
      this.supervisors.set(row.id, supervisor);
      supervisor.start();
      // The verified sessions opened before the camera was known here: attach to them now.
      for (const stream of ['main', 'sub'] as const) {
        const session = (stream === 'main' ? supervisor.main : supervisor.sub)?.session;
        if (session) this.attach(row.id, stream, session);
      }
    }
    this.changed.next(row);
    return this.info(row);
  }

  update(id: string, request: UpdateCameraDto): Promise<CameraInfo> {
    return this.serialised(id, () => this.applyUpdate(id, request));
  }

  /** Stops the camera and forgets it; its recordings stay unless asked otherwise. */
  remove(id: string, deleteRecordings: boolean): Promise<DeleteCameraResponse> {
    return this.serialised(id, async () => {
      this.row(id);
      this.checkIndexWritable();
      await this.supervisors.get(id)?.stop('the camera was deleted');
      this.supervisors.delete(id);
      this.stateSubject.next({ cameraId: id, state: 'disabled', reason: 'the camera was deleted' });
      await this.catalog.cameras.softDelete(id);
      this.rows.delete(id);
      this.removed.next(id);
      const deleted = deleteRecordings ? await this.footage.deleteAll(id) : 0;
      this.logger.log(
        `camera ${id} deleted${deleteRecordings ? ` with ${deleted} recording file(s)` : ''}`,
      );
      return { id, deleted: true, recordings_deleted: deleted };
    });
  }

  async offlinePeriods(id: string, start: number, end: number): Promise<OfflinePeriodListResponse> {
    this.row(id);
    const rows = await this.catalog.offlinePeriods.between(id, start, end);
    return {
      camera_id: id,
      periods: rows.map((period) => ({
        started_at: new Date(period.start_ms).toISOString(),
        ended_at: period.end_ms === null ? null : new Date(period.end_ms).toISOString(),
        reason: period.reason,
      })),
    };
  }

  /** The camera's segments overlapping [start, end), oldest first, at most `limit`. */
  async segments(
    id: string,
    start: number,
    end: number,
    limit: number,
  ): Promise<SegmentListResponse> {
    // Not only saved cameras': a deleted camera's footage stays until deleted with it, and
    // footage re-indexed from the folder after the index was lost names cameras it no longer has.
    // One more than asked for tells whether the range holds more.
    const rows = await this.catalog.segments.between(id, start, end, limit + 1);
    return {
      camera_id: id,
      segments: rows.slice(0, limit).map((row) => ({
        id: row.id,
        started_at: new Date(row.start_ms).toISOString(),
        ended_at: new Date(row.end_ms).toISOString(),
        bytes: row.bytes,
        frames: row.frames,
        codec: row.codec,
        storage: row.storage,
        state: row.state,
      })),
      truncated: rows.length > limit,
    };
  }

  private async applyUpdate(id: string, request: UpdateCameraDto): Promise<CameraInfo> {
    this.checkIndexWritable();
    const current = this.row(id);
    if (request.url !== undefined) checkCameraUrl(request.url, 'url');
    if (request.substream_url) checkCameraUrl(request.substream_url, 'substream_url');
    const changes: CameraChanges = withoutUndefined({
      name: request.name?.trim(),
      url: request.url?.trim(),
      substream_url:
        request.substream_url === undefined ? undefined : request.substream_url?.trim() || null,
      enabled: request.enabled,
      record_mode: request.record,
      segment_s: request.segment_s,
      mjpeg_storage: request.mjpeg_storage,
      insecure_tls: request.insecure_tls,
      motion: request.motion
        ? { ...(current.motion as MotionSettings), ...withoutUndefined(request.motion) }
        : undefined,
      ...onvifChanges(current, request),
    });
    let row: CameraRow | undefined;
    try {
      row = await this.catalog.cameras.update(id, changes);
    } catch (error) {
      throw error instanceof CatalogConflictError ? new ConflictException(error.message) : error;
    }
    if (!row) throw new NotFoundException(`camera ${id} not found`);
    this.rows.set(id, row);
    const reopen = STREAM_FIELDS.some((field) => field in changes);
    if (reopen) {
      await this.supervisors.get(id)?.stop('the camera settings changed');
      this.supervisors.delete(id);
      if (row.enabled) this.supervise(row).start();
      else
        this.stateSubject.next({
          cameraId: id,
          state: 'disabled',
          reason: 'the camera was disabled',
        });
    } else {
      const supervisor = this.supervisors.get(id);
      for (const session of [supervisor?.main.session, supervisor?.sub?.session]) {
        if (session && changes.name) session.name = row.name;
      }
      this.applyMotion(row);
      await this.continuous.follow(row, supervisor?.main.session ?? null);
    }
    this.logger.log(`camera ${id} changed: ${Object.keys(changes).join(', ')}`);
    this.changed.next(row);
    return this.info(row);
  }

  private async markAlive(): Promise<void> {
    await this.catalog.meta
      .set(SERVER_ALIVE_KEY, String(Date.now()))
      .catch((error: Error) => this.logger.warn(`index: ${error.message}`));
  }

  /** A camera saved in an index that lives in memory only would be lost unseen: 507. */
  private checkIndexWritable(): void {
    const reason = this.index.reason;
    if (reason) {
      throw new HttpException(
        `${reason}; cameras cannot be saved`,
        HttpStatus.INSUFFICIENT_STORAGE,
      );
    }
  }

  private supervise(camera: CameraRow): CameraSupervisor {
    const supervisor = this.newSupervisor(camera);
    this.supervisors.set(camera.id, supervisor);
    return supervisor;
  }

  private newSupervisor(camera: CameraSupervisor['camera']): CameraSupervisor {
    return new CameraSupervisor(camera, {
      sessions: this.sessions,
      offlinePeriods: this.catalog.offlinePeriods,
      env: this.config.camera_env,
      logger: this.logger,
      onSession: (stream, session) => this.attach(camera.id, stream, session),
      onState: (state, reason) => this.stateSubject.next({ cameraId: camera.id, state, reason }),
    });
  }

  /**
   * A stream of the camera has a (new) session: its motion analysis goes there, and continuous
   * recording to the main stream.
   */
  private attach(cameraId: string, stream: CameraStream, session: SessionEntry): void {
    const row = this.rows.get(cameraId);
    if (!row) return; // not saved yet: create() attaches once it is
    if (stream === (row.substream_url ? 'sub' : 'main')) this.applyMotion(row, session);
    if (stream === 'main') void this.continuous.follow(row, session);
  }

  /** Motion analysis runs on the substream when there is one, clips come from the main stream. */
  private applyMotion(row: CameraRow, session?: SessionEntry): void {
    const supervisor = this.supervisors.get(row.id);
    const analysed = session ?? (supervisor?.sub ?? supervisor?.main)?.session;
    if (!analysed) return;
    const settings: MotionSettings = {
      ...(row.motion as MotionSettings),
      // Clips follow the record mode; a continuously recorded camera's events mark its segments.
      record: row.record_mode === 'motion',
    };
    this.motion.configureCamera(analysed, settings, {
      cameraId: row.id,
      clipSource: () => this.supervisors.get(row.id)?.main.session ?? null,
    });
  }

  private info(row: CameraRow): CameraInfo {
    const recording = {
      active: this.continuous.isRecording(row.id),
      behindS: this.continuous.stats(row.id)?.behindS ?? 0,
      error: this.continuous.recordingError(row.id),
    };
    const status = this.supervisors.get(row.id)?.status(recording) ?? null;
    return toCameraInfo(row, status);
  }

  private serialised<T>(id: string, change: () => Promise<T>): Promise<T> {
    const previous = this.work.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(change);
    this.work.set(id, next);
    void next.finally(() => this.work.get(id) === next && this.work.delete(id)).catch(() => 0);
    return next;
  }
}

function nameTaken(name: string): ConflictException {
  return new ConflictException(`a camera named "${name}" already exists`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
