import {
  BadGatewayException,
  BadRequestException,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import type {
  OnvifDeviceInformation,
  OnvifProfile,
  OnvifProfilesRequest,
  OnvifProfilesResponse,
} from '@camrec/shared-types';
import {
  DeviceAddressError,
  hostPort,
  parseDeviceAddress,
  type DeviceAddress,
} from './device-address';
import { DeviceCallError, DeviceConnection, type DeviceLimits } from './device-connection';
import { Deadline, escapeXml, redactor, resolveHost } from './device-exchange';
import { failureResponse, isAuthFailure, messageOf } from './device-failure';
import {
  assignRoles,
  streamUriWithCredentials,
  summariseProfile,
  type ProfileSummary,
} from './media-profiles';

export interface ProfileReadLimits extends DeviceLimits {
  /** The whole exchange: name resolution and every call. */
  deadlineMs: number;
  /** Profiles whose stream URI is asked, at most. */
  maxProfiles: number;
}

export const PROFILE_READ_LIMITS: ProfileReadLimits = {
  requestTimeoutMs: 5000,
  deadlineMs: 20_000,
  maxResponseBytes: 1024 * 1024,
  maxProfiles: 16,
};

/**
 * Reads an ONVIF device's media profiles with the camera's user (Profile S: GetSystemDateAndTime,
 * GetCapabilities, GetDeviceInformation, GetProfiles, GetStreamUri per profile, through the onvif
 * client) and answers their RTSP URIs with the credentials put in, for the camera form. The
 * password goes to the device (WS-Security digest) and back to the person who typed it, never
 * to a log line or an error message.
 */
@Injectable()
export class OnvifProfiles {
  private readonly logger = new Logger('onvif');
  limits: ProfileReadLimits = PROFILE_READ_LIMITS;

  async read(request: OnvifProfilesRequest): Promise<OnvifProfilesResponse> {
    const redact = redactor(request.password);
    let address: DeviceAddress;
    try {
      address = parseDeviceAddress(request.address);
    } catch (error) {
      if (error instanceof DeviceAddressError) throw new BadRequestException(error.message);
      throw error;
    }
    const where = `the device at ${hostPort(address.host, address.port)}`;
    const deadline = new Deadline(this.limits.deadlineMs, where);
    let connection: DeviceConnection | null = null;
    try {
      const ip = await deadline.race(resolveHost(address.host, where));
      connection = new DeviceConnection(
        address,
        ip,
        request.username,
        request.password,
        this.limits,
        request.insecure_tls ?? false,
      );
      const answer = await deadline.race(this.exchange(connection, address, request, where));
      this.logger.log(
        `profiles of ${where} for user "${request.username}": ${answer.profiles.length} profile(s), ` +
          `main ${roleName(answer.profiles, 'main')}, substream ${roleName(answer.profiles, 'sub')}`,
      );
      return answer;
    } catch (error) {
      const answer =
        error instanceof DeviceCallError
          ? failureResponse(error.failure, where, redact)
          : error instanceof HttpException
            ? error
            : new BadGatewayException(redact(`${where}: ${messageOf(error)}`));
      this.logger.warn(
        `profiles of ${where} for user "${request.username}": ${redact(answer.message)}`,
      );
      throw answer;
    } finally {
      deadline.clear();
      connection?.close();
    }
  }

  private async exchange(
    connection: DeviceConnection,
    address: DeviceAddress,
    request: OnvifProfilesRequest,
    where: string,
  ): Promise<OnvifProfilesResponse> {
    const cam = connection.cam;
    await connection.greet();
    if (!cam.uri?.media) {
      throw new BadGatewayException(
        `${where} has no media service (GetCapabilities lists none): not an ONVIF Profile S camera`,
      );
    }
    const device = await connection
      .call<unknown>('GetDeviceInformation', (done) => cam.getDeviceInformation(done))
      .then(deviceInformation, (error: unknown) => {
        // Optional for this purpose, except as the first sign of a refused password.
        if (error instanceof DeviceCallError && isAuthFailure(error.failure)) throw error;
        return null;
      });
    const listed = await connection.call<unknown>('GetProfiles', (done) => cam.getProfiles(done));
    const summaries = (Array.isArray(listed) ? listed : [])
      .map(summariseProfile)
      .filter((profile): profile is ProfileSummary => profile !== null)
      .slice(0, this.limits.maxProfiles);
    if (summaries.length === 0) {
      throw new BadGatewayException(`${where} lists no usable media profiles (GetProfiles)`);
    }
    const profiles: OnvifProfile[] = [];
    for (const summary of summaries) {
      profiles.push({
        ...summary,
        ...(await this.streamUri(connection, summary.token, request)),
        role: null,
      });
    }
    const withRoles = assignRoles(profiles);
    const uriOf = (role: 'main' | 'sub') =>
      withRoles.find((profile) => profile.role === role)?.stream_uri ?? null;
    return {
      address: address.host,
      port: address.port,
      device,
      profiles: withRoles,
      main_stream_uri: uriOf('main'),
      substream_uri: uriOf('sub'),
    };
  }

  private async streamUri(
    connection: DeviceConnection,
    token: string,
    request: OnvifProfilesRequest,
  ): Promise<Pick<OnvifProfile, 'stream_uri' | 'stream_error'>> {
    try {
      const media = await connection.call<unknown>('GetStreamUri', (done) =>
        connection.cam.getStreamUri(
          // The client writes the token into its XML as it is.
          { protocol: 'RTSP', stream: 'RTP-Unicast', profileToken: escapeXml(token) },
          done as never,
        ),
      );
      const uri =
        typeof media === 'object' && media !== null ? (media as { uri?: unknown }).uri : null;
      const result = streamUriWithCredentials(uri, request.username, request.password);
      return 'uri' in result
        ? { stream_uri: result.uri, stream_error: null }
        : { stream_uri: null, stream_error: result.error };
    } catch (error) {
      if (error instanceof DeviceCallError && isAuthFailure(error.failure)) throw error;
      const answer =
        error instanceof DeviceCallError
          ? failureResponse(error.failure, 'the device', redactor(request.password))
          : new Error(messageOf(error));
      return { stream_uri: null, stream_error: answer.message };
    }
  }
}

function deviceInformation(raw: unknown): OnvifDeviceInformation | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (key: string) => {
    const text = (raw as Record<string, unknown>)[key];
    return typeof text === 'string' || typeof text === 'number' ? String(text).slice(0, 128) : '';
  };
  const info = {
    manufacturer: value('manufacturer'),
    model: value('model'),
    firmware_version: value('firmwareVersion'),
  };
  return info.manufacturer || info.model ? info : null;
}

function roleName(profiles: OnvifProfile[], role: 'main' | 'sub'): string {
  const profile = profiles.find((p) => p.role === role);
  return profile ? `"${profile.name}" ${profile.width ?? '?'}x${profile.height ?? '?'}` : 'none';
}
