import {
  BadGatewayException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { UrlWithStringQuery } from 'node:url';
import type { CameraRow } from '@camrec/catalog';
import type { CameraPtzResponse, PtzCommandResponse, PtzMoveRequest } from '@camrec/shared-types';
import type { Subscription } from 'rxjs';
import { CamerasService } from '../cameras/cameras.service';
import { hostPort, parseDeviceAddress } from './device-address';
import { DeviceCallError, DeviceConnection, type DeviceLimits } from './device-connection';
import { Deadline, escapeXml, redactor, resolveHost } from './device-exchange';
import { failureResponse, messageOf } from './device-failure';
import { nodeMovements, positionOf, presetList, ptzProfile, velocity } from './ptz-values';

export interface PtzLimits extends DeviceLimits {
  /** One request to the server: name resolution and every call to the device. */
  deadlineMs: number;
  /** How long what was learnt of a device (its clock, PTZ service, profile) is reused. */
  contextTtlMs: number;
}

export const PTZ_LIMITS: PtzLimits = {
  requestTimeoutMs: 5000,
  deadlineMs: 10_000,
  maxResponseBytes: 1024 * 1024,
  contextTtlMs: 5 * 60_000,
};

export const DEFAULT_MOVE_TIMEOUT_MS = 1000;

/** What a move needs to know of a device, learnt once and reused (a held arrow moves often). */
interface PtzContext {
  /** The camera's row it was learnt for: a changed camera learns again. */
  row: CameraRow;
  ip: string;
  /** The device's clock minus ours, as the onvif client keeps it for WS-Security digests. */
  timeShift: number | undefined;
  ptzPath: string;
  profileToken: string;
  nodeToken: string | null;
  expiresAt: number;
}

/** A camera whose ONVIF device cannot do PTZ: why, for GET's answer or a 409. */
class NoPtz extends Error {}

/**
 * PTZ of a saved camera through its ONVIF device, with the user and password saved with it:
 * ContinuousMove (always with a Timeout, so that a lost stop never leaves it moving), Stop,
 * GetPresets and GotoPreset on the first media profile that has a PTZ configuration. The
 * password goes to the device as a WS-Security digest only, never to a log line or an answer.
 */
@Injectable()
export class CameraPtz implements OnModuleDestroy {
  private readonly logger = new Logger('ptz');
  private readonly contexts = new Map<string, PtzContext>();
  private readonly subscriptions: Subscription[];
  limits: PtzLimits = PTZ_LIMITS;

  constructor(private readonly cameras: CamerasService) {
    const forget = (id: string) => this.contexts.delete(id);
    this.subscriptions = [
      cameras.changes.subscribe((row) => forget(row.id)),
      cameras.deletions.subscribe(forget),
    ];
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  async status(id: string): Promise<CameraPtzResponse> {
    const none = (reason: string): CameraPtzResponse => ({
      camera_id: id,
      available: false,
      reason,
      pan_tilt: false,
      zoom: false,
      presets: [],
      position: null,
    });
    try {
      return await this.exchange(id, 'PTZ', async (connection, context) => {
        const cam = connection.cam;
        const profileToken = escapeXml(context.profileToken);
        const nodes = await connection
          .call<unknown>('GetNodes', (done) => cam.getNodes(done))
          .catch(() => null);
        const presets = await connection.call<unknown>('GetPresets', (done) =>
          cam.getPresets({ profileToken }, done),
        );
        const status = await connection
          .call<unknown>('GetStatus', (done) => cam.getStatus({ profileToken }, done))
          .catch(() => null);
        return {
          camera_id: id,
          available: true,
          reason: null,
          ...nodeMovements(nodes, context.nodeToken),
          presets: presetList((cam as { presets?: unknown }).presets ?? presets),
          position: positionOf(status),
        };
      });
    } catch (error) {
      if (error instanceof ConflictException) return none(error.message);
      throw error;
    }
  }

  async move(id: string, request: PtzMoveRequest): Promise<PtzCommandResponse> {
    const timeoutMs = request.timeout_ms ?? DEFAULT_MOVE_TIMEOUT_MS;
    const [x, y, zoom] = [request.pan, request.tilt, request.zoom].map(velocity);
    await this.exchange(id, 'ContinuousMove', (connection, context) =>
      connection.call('ContinuousMove', (done) =>
        connection.cam.continuousMove(
          {
            profileToken: escapeXml(context.profileToken),
            x,
            y,
            zoom,
            // Some devices refuse a vector they cannot move: send only what moves.
            onlySendPanTilt: zoom === 0 && (x !== 0 || y !== 0),
            onlySendZoom: zoom !== 0 && x === 0 && y === 0,
            timeout: timeoutMs,
          },
          done,
        ),
      ),
    );
    return { camera_id: id, command: 'move', timeout_ms: timeoutMs, preset: null };
  }

  async stop(id: string): Promise<PtzCommandResponse> {
    await this.exchange(id, 'Stop', (connection, context) =>
      connection.call('Stop', (done) =>
        connection.cam.stop(
          { profileToken: escapeXml(context.profileToken), panTilt: true, zoom: true },
          done,
        ),
      ),
    );
    return { camera_id: id, command: 'stop', timeout_ms: null, preset: null };
  }

  async gotoPreset(id: string, token: string): Promise<PtzCommandResponse> {
    await this.exchange(id, 'GotoPreset', (connection, context) =>
      connection.call('GotoPreset', (done) =>
        connection.cam.gotoPreset(
          { profileToken: escapeXml(context.profileToken), preset: escapeXml(token) },
          done,
        ),
      ),
    );
    return { camera_id: id, command: 'preset', timeout_ms: null, preset: token };
  }

  /**
   * One request's exchange with the camera's device, within the deadline: what the device is
   * learnt first when not known, then `work`. 409 for a camera without ONVIF details or a
   * device without PTZ; 502/504 for the device's failures, with its reason and no password.
   */
  private async exchange<T>(
    id: string,
    operation: string,
    work: (connection: DeviceConnection, context: PtzContext) => Promise<T>,
  ): Promise<T> {
    const row = this.cameras.row(id);
    if (row.onvif_address === null || row.onvif_username === null) {
      throw new ConflictException(
        `camera ${id} has no ONVIF details saved (onvif_address, onvif_username, onvif_password)`,
      );
    }
    const password = row.onvif_password ?? '';
    const redact = redactor(password);
    const address = parseDeviceAddress(row.onvif_address);
    const where = `the ONVIF device at ${hostPort(address.host, address.port)}`;
    const deadline = new Deadline(this.limits.deadlineMs, where);
    let connection: DeviceConnection | null = null;
    const known = this.contexts.get(id);
    const reused = known && known.row === row && known.expiresAt > Date.now() ? known : null;
    try {
      const ip = reused?.ip ?? (await deadline.race(resolveHost(address.host, where)));
      connection = new DeviceConnection(
        address,
        ip,
        row.onvif_username,
        password,
        this.limits,
        row.insecure_tls,
      );
      const context = reused ?? (await deadline.race(this.learn(connection, row, ip, where)));
      if (reused) {
        connection.cam.timeShift = reused.timeShift;
        // The client asks only the device's own address, at this path.
        connection.cam.uri = { ptz: { path: reused.ptzPath } as UrlWithStringQuery };
      }
      this.contexts.set(id, context);
      return await deadline.race(work(connection, context));
    } catch (error) {
      // Learnt again next time: the device may have restarted, moved or changed its clock.
      this.contexts.delete(id);
      if (error instanceof NoPtz) throw new ConflictException(error.message);
      const answer =
        error instanceof DeviceCallError
          ? failureResponse(error.failure, where, redact)
          : error instanceof HttpException
            ? error
            : new BadGatewayException(redact(`${where}: ${messageOf(error)}`));
      this.logger.warn(`${operation} of camera ${id}: ${redact(answer.message)}`);
      throw answer;
    } finally {
      deadline.clear();
      connection?.close();
    }
  }

  /** The device's clock, its PTZ service and the profile with a PTZ configuration. */
  private async learn(
    connection: DeviceConnection,
    row: CameraRow,
    ip: string,
    where: string,
  ): Promise<PtzContext> {
    const cam = connection.cam;
    await connection.greet();
    const ptz = cam.uri?.ptz;
    if (!ptz?.path) throw new NoPtz(`${where} has no PTZ service (GetCapabilities lists none)`);
    const profiles = await connection.call<unknown>('GetProfiles', (done) => cam.getProfiles(done));
    const profile = ptzProfile(profiles);
    if (!profile) {
      throw new NoPtz(`${where} has no media profile with a PTZ configuration (GetProfiles)`);
    }
    return {
      row,
      ip,
      timeShift: cam.timeShift,
      ptzPath: ptz.path,
      profileToken: profile.token,
      nodeToken: profile.nodeToken,
      expiresAt: Date.now() + this.limits.contextTtlMs,
    };
  }
}
