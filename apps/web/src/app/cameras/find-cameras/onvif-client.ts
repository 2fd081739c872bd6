import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  OnvifDiscoveryResponse,
  OnvifProfilesRequest,
  OnvifProfilesResponse,
} from '@camrec/shared-types';
import { firstValueFrom } from 'rxjs';
import { describeHttpError } from '../../api/api-error';

/**
 * The ONVIF routes: discovery on the server's LAN and a device's profiles. Rejects with an
 * `ApiRequestError` whose message can be shown as it is.
 */
@Injectable({ providedIn: 'root' })
export class OnvifClient {
  private readonly http = inject(HttpClient);

  discover(): Promise<OnvifDiscoveryResponse> {
    return this.call(this.http.get<OnvifDiscoveryResponse>('/onvif/discover'));
  }

  profiles(request: OnvifProfilesRequest): Promise<OnvifProfilesResponse> {
    return this.call(this.http.post<OnvifProfilesResponse>('/onvif/profiles', request));
  }

  private async call<T>(request: ReturnType<HttpClient['get']>): Promise<T> {
    try {
      return (await firstValueFrom(request)) as T;
    } catch (error) {
      throw error instanceof HttpErrorResponse ? describeHttpError(error) : error;
    }
  }
}
