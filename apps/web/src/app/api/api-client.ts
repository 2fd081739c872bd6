import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AuthStatus,
  CloseSessionResponse,
  HealthResponse,
  RecordingStatus,
  SessionInfo,
  SessionListResponse,
  StartRecordingResponse,
  StopRecordingResponse,
  VideoListResponse,
} from '@camrec/shared-types';
import { firstValueFrom, type Observable } from 'rxjs';
import { describeHttpError } from './api-error';

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

  async openSession(url: string, name?: string): Promise<OpenedSession> {
    const body = name ? { url, name } : { url };
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
