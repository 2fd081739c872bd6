import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AuthStatus,
  CameraInfo,
  CameraPtzResponse,
  CameraTimeline,
  CreateExportRequest,
  CreateKeptRangeRequest,
  ExportInfo,
  MultiCameraTimeline,
  TimelineKeptRange,
  CameraListResponse,
  CloseSessionResponse,
  CreateCameraRequest,
  DeleteCameraResponse,
  HealthResponse,
  MotionEventListResponse,
  MotionSettingsRequest,
  MotionSettingsResponse,
  OfflinePeriodListResponse,
  OnvifDiscoveryResponse,
  OnvifProfilesRequest,
  OnvifProfilesResponse,
  OpenSessionRequest,
  PtzCommandResponse,
  PtzMoveRequest,
  RecordingStatus,
  SegmentListResponse,
  SessionInfo,
  SessionListResponse,
  StartRecordingResponse,
  StopRecordingResponse,
  UpdateCameraRequest,
  VideoItem,
  VideoListResponse,
} from '@camrec/shared-types';
import { firstValueFrom, type Observable } from 'rxjs';
import { ApiRequestError, describeHttpError } from './api-error';

export interface OpenedSession {
  session: SessionInfo;
  /** False when the server answered 200: the URL already had a session. */
  created: boolean;
}

/**
 * The REST API, typed with the shared DTOs. Every method resolves with the body or rejects
 * with an `ApiRequestError` whose message can be shown as it is.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  authStatus(): Promise<AuthStatus> {
    return this.call(this.http.get<AuthStatus>('/auth/status'));
  }

  /** Exchanges the access token for the server's HttpOnly sign-in cookie. */
  signIn(token: string): Promise<AuthStatus> {
    return this.call(this.http.post<AuthStatus>('/auth/sign-in', { token }));
  }

  health(): Promise<HealthResponse> {
    return this.call(this.http.get<HealthResponse>('/health'));
  }

  async openSession(
    url: string,
    name?: string,
    options: Pick<OpenSessionRequest, 'insecure_tls'> = {},
  ): Promise<OpenedSession> {
    const body: OpenSessionRequest = name ? { url, name } : { url };
    if (options.insecure_tls) body.insecure_tls = true;
    const response = await this.call(
      this.http.post<SessionInfo>('/session/open', body, { observe: 'response' }),
    );
    if (!response.body) throw new Error('The server sent an empty answer.');
    return { session: response.body, created: response.status === 201 };
  }

  closeSession(sessionId: string): Promise<CloseSessionResponse> {
    return this.call(
      this.http.post<CloseSessionResponse>('/session/close', { session_id: sessionId }),
    );
  }

  listSessions(): Promise<SessionListResponse> {
    return this.call(this.http.get<SessionListResponse>('/session/list'));
  }

  listCameras(): Promise<CameraListResponse> {
    return this.call(this.http.get<CameraListResponse>('/cameras'));
  }

  /** Saves a camera; the server opens it first (unless `verify: false`) and says why it cannot. */
  createCamera(request: CreateCameraRequest): Promise<CameraInfo> {
    return this.call(this.http.post<CameraInfo>('/cameras', request));
  }

  /** Changes only the fields given. */
  updateCamera(id: string, change: UpdateCameraRequest): Promise<CameraInfo> {
    return this.call(this.http.patch<CameraInfo>(cameraUrl(id), change));
  }

  deleteCamera(id: string, deleteRecordings: boolean): Promise<DeleteCameraResponse> {
    const params = deleteRecordings ? { delete_recordings: 'true' } : undefined;
    return this.call(this.http.delete<DeleteCameraResponse>(cameraUrl(id), { params }));
  }

  offlinePeriods(id: string): Promise<OfflinePeriodListResponse> {
    return this.call(this.http.get<OfflinePeriodListResponse>(`${cameraUrl(id)}/offline`));
  }

  /** A camera's continuous-recording segments overlapping a range, oldest first. */
  segments(
    id: string,
    startMs: number,
    endMs: number,
    limit: number,
  ): Promise<SegmentListResponse> {
    return this.call(
      this.http.get<SegmentListResponse>(`${cameraUrl(id)}/segments`, {
        params: { ...rangeParams(startMs, endMs), limit: String(limit) },
      }),
    );
  }

  /** Whether the camera's ONVIF device can pan, tilt and zoom, and its presets. */
  cameraPtz(id: string): Promise<CameraPtzResponse> {
    return this.call(this.http.get<CameraPtzResponse>(`${cameraUrl(id)}/ptz`));
  }

  /** Starts moving; the camera stops by itself after `timeout_ms` unless moved again. */
  ptzMove(id: string, request: PtzMoveRequest): Promise<PtzCommandResponse> {
    return this.call(this.http.post<PtzCommandResponse>(`${cameraUrl(id)}/ptz/move`, request));
  }

  ptzStop(id: string): Promise<PtzCommandResponse> {
    return this.call(this.http.post<PtzCommandResponse>(`${cameraUrl(id)}/ptz/stop`, {}));
  }

  ptzPreset(id: string, token: string): Promise<PtzCommandResponse> {
    return this.call(this.http.post<PtzCommandResponse>(`${cameraUrl(id)}/ptz/preset`, { token }));
  }

  /** ONVIF discovery on the server's network. */
  discoverOnvif(): Promise<OnvifDiscoveryResponse> {
    return this.call(this.http.get<OnvifDiscoveryResponse>('/onvif/discover'));
  }

  /** A device's stream profiles, read with its user name and password. */
  onvifProfiles(request: OnvifProfilesRequest): Promise<OnvifProfilesResponse> {
    return this.call(this.http.post<OnvifProfilesResponse>('/onvif/profiles', request));
  }

  startRecording(sessionId: string, duration: number | null): Promise<StartRecordingResponse> {
    const body = duration ? { session_id: sessionId, duration } : { session_id: sessionId };
    return this.call(this.http.post<StartRecordingResponse>('/record/start', body));
  }

  stopRecording(sessionId: string): Promise<StopRecordingResponse> {
    return this.call(
      this.http.post<StopRecordingResponse>('/record/stop', { session_id: sessionId }),
    );
  }

  recordingStatus(sessionId: string): Promise<RecordingStatus> {
    return this.call(
      this.http.get<RecordingStatus>(`/record/status/${encodeURIComponent(sessionId)}`),
    );
  }

  listVideos(): Promise<VideoListResponse> {
    return this.call(this.http.get<VideoListResponse>('/videos'));
  }

  async deleteVideo(filename: string): Promise<void> {
    await this.call(this.http.delete(videoUrl(filename), { responseType: 'text' }));
  }

  setVideoKept(filename: string, keep: boolean): Promise<VideoItem> {
    return this.call(this.http.patch<VideoItem>(videoUrl(filename), { keep }));
  }

  motionSettings(sessionId: string): Promise<MotionSettingsResponse> {
    return this.call(this.http.get<MotionSettingsResponse>(motionUrl(sessionId)));
  }

  updateMotion(
    sessionId: string,
    settings: MotionSettingsRequest,
  ): Promise<MotionSettingsResponse> {
    return this.call(this.http.put<MotionSettingsResponse>(motionUrl(sessionId), settings));
  }

  listEvents(sessionId: string, limit = 20): Promise<MotionEventListResponse> {
    return this.call(
      this.http.get<MotionEventListResponse>('/events', {
        params: { session_id: sessionId, limit },
      }),
    );
  }

  async deleteEvent(eventId: string): Promise<void> {
    await this.call(
      this.http.delete(`/events/${encodeURIComponent(eventId)}`, { responseType: 'text' }),
    );
  }

  /** What a camera has between two instants (Unix ms), spans merged at `resolutionMs`. */
  cameraTimeline(
    id: string,
    startMs: number,
    endMs: number,
    resolutionMs?: number,
  ): Promise<CameraTimeline> {
    return this.call(
      this.http.get<CameraTimeline>(`${cameraUrl(id)}/timeline`, {
        params: rangeParams(startMs, endMs, resolutionMs),
      }),
    );
  }

  /** The same for several cameras at one resolution. */
  timelines(
    ids: string[],
    startMs: number,
    endMs: number,
    resolutionMs?: number,
  ): Promise<MultiCameraTimeline> {
    return this.call(
      this.http.get<MultiCameraTimeline>('/timeline', {
        params: { cameras: ids.join(','), ...rangeParams(startMs, endMs, resolutionMs) },
      }),
    );
  }

  /** A small picture of the keyframe at or before `atMs`; null when there is no footage. */
  async thumbnail(id: string, atMs: number): Promise<Blob | null> {
    try {
      return await this.call(
        this.http.get(`${cameraUrl(id)}/thumbnail.jpg`, {
          params: { at: String(Math.round(atMs)) },
          responseType: 'blob',
        }),
      );
    } catch (error) {
      if (error instanceof ApiRequestError && error.statusCode === 404) return null;
      throw error;
    }
  }

  createExport(request: CreateExportRequest): Promise<ExportInfo> {
    return this.call(this.http.post<ExportInfo>('/exports', request));
  }

  exportInfo(id: string): Promise<ExportInfo> {
    return this.call(this.http.get<ExportInfo>(`/exports/${encodeURIComponent(id)}`));
  }

  /** Marks a range of a camera's footage that retention must never delete. */
  keepRange(cameraId: string, request: CreateKeptRangeRequest): Promise<TimelineKeptRange> {
    return this.call(this.http.post<TimelineKeptRange>(`${cameraUrl(cameraId)}/kept`, request));
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (error) {
      throw error instanceof HttpErrorResponse ? describeHttpError(error) : error;
    }
  }
}

/** Where the browser fetches a recording (Range requests are the browser's business). */
export function videoUrl(filename: string, download = false): string {
  const path = `/videos/${encodeURIComponent(filename)}`;
  return download ? `${path}?download=1` : path;
}

function rangeParams(
  startMs: number,
  endMs: number,
  resolutionMs?: number,
): Record<string, string> {
  const params: Record<string, string> = {
    start: String(Math.floor(startMs)),
    end: String(Math.ceil(endMs)),
  };
  if (resolutionMs !== undefined) params['resolution_ms'] = String(resolutionMs);
  return params;
}

/**
 * A camera's recorded range as one MP4 (GET /cameras/:id/video.mp4): a `<video>` source that
 * seeks by Range requests, and a download link (the server names the file). Unix ms.
 */
export function rangeVideoUrl(cameraId: string, startMs: number, endMs: number): string {
  return `${cameraUrl(cameraId)}/video.mp4?start=${Math.floor(startMs)}&end=${Math.ceil(endMs)}`;
}

function cameraUrl(id: string): string {
  return `/cameras/${encodeURIComponent(id)}`;
}

function motionUrl(sessionId: string): string {
  return `/session/${encodeURIComponent(sessionId)}/motion`;
}
