import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import type { CameraInfo, CameraRecordMode, MotionEvent, MqttHealth } from '@camrec/shared-types';
import type { Subscription } from 'rxjs';
import { CameraSnapshots } from '../cameras/camera-snapshots';
import type { UpdateCameraDto } from '../cameras/cameras.dto';
import { CamerasService } from '../cameras/cameras.service';
import { AppConfig } from '../config/app-config';
import { MotionService, type MotionEventChange } from '../motion/motion.service';
import { APP_VERSION } from '../version';
import { BestSnapshots } from './best-snapshots';
import { brokerLogin } from './broker-login';
import { cameraDiscovery } from './ha-discovery';
import {
  cameraStateMessages,
  clearedCameraTopics,
  describePayload,
  onOff,
  parseOnOff,
  recordingOn,
  type CameraMotion,
  type MotionEventMessage,
  type MqttMessage,
} from './mqtt-messages';
import { MqttConnection } from './mqtt-connection';
import { MqttTopics, type CameraCommand } from './mqtt-topics';

/** Warnings about ignored messages, at most this many a minute (anyone on the broker may send). */
const WARNINGS_PER_MINUTE = 20;
/** Home Assistant asks discovery to be sent after a random delay when it (re)starts. */
const BIRTH_JITTER_MS = 1000;

/**
 * Cameras, motion and recording on MQTT, with Home Assistant discovery: publishes what the
 * cameras and motion services say, applies `…/set` commands through CamerasService (the rules
 * of PATCH /cameras/:id), and publishes every retained state again at each connect. Off when
 * `mqtt_url` is null.
 */
@Injectable()
export class MqttService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private readonly topics: MqttTopics;
  private connection: MqttConnection | null = null;
  private subscriptions: Subscription[] = [];
  private readonly motion = new Map<string, CameraMotion>();
  /** Each event in progress as last published: the `before` of its next `<prefix>/events`. */
  private readonly eventsInProgress = new Map<string, MotionEvent>();
  /** The record mode a camera had before recording was turned off: what `ON` restores. */
  private readonly recordModes = new Map<string, Exclude<CameraRecordMode, 'off'>>();
  /** The JSON of each camera's discovery configs as last published (republished on change). */
  private readonly discovered = new Map<string, string>();
  /** The latest snapshot of each camera (retained, so published again at each connect). */
  private readonly snapshots = new Map<string, Buffer>();
  private readonly bestSnapshots: BestSnapshots;
  /** Cameras deleted while the broker was away: their retained topics are cleared at connect. */
  private readonly removals = new Set<string>();
  private warnings = { minute: 0, count: 0 };

  constructor(
    private readonly config: AppConfig,
    private readonly cameras: CamerasService,
    private readonly motionService: MotionService,
    private readonly cameraSnapshots: CameraSnapshots,
  ) {
    this.topics = new MqttTopics(config.mqtt_topic_prefix, config.mqtt_discovery_prefix);
    this.bestSnapshots = new BestSnapshots({
      take: (cameraId) => this.cameraSnapshots.take(cameraId),
      publish: (cameraId, jpeg) => {
        this.snapshots.set(cameraId, jpeg);
        this.publish({ topic: this.topics.camera(cameraId).snapshot, payload: jpeg, retain: true });
      },
      onError: (cameraId, eventId, error) =>
        this.logger.warn(
          `camera ${cameraId}: no snapshot of motion event ${eventId}: ${error.message}`,
        ),
    });
  }

  onModuleInit(): void {
    if (this.config.mqtt_url === null) return;
    this.subscriptions = [
      this.motionService.eventChanges.subscribe((change) => this.onMotion(change)),
      this.motionService.eventFrames.subscribe((frame) => this.bestSnapshots.frame(frame)),
      this.cameras.states.subscribe(({ cameraId, state }) => {
        this.publish({
          topic: this.topics.camera(cameraId).available,
          payload: state === 'online' ? 'online' : 'offline',
          retain: true,
        });
        if (state === 'online') this.prepareSnapshot(cameraId);
      }),
      this.cameras.changes.subscribe((row) => {
        this.publishCamera(row.id);
        this.prepareSnapshot(row.id);
      }),
      this.cameras.deletions.subscribe((id) => this.forget(id)),
    ];
  }

  onApplicationBootstrap(): void {
    if (this.config.mqtt_url === null) return;
    const login = brokerLogin(
      this.config.mqtt_url,
      this.config.mqtt_username,
      this.config.mqtt_password,
    );
    this.connection = new MqttConnection({
      login,
      availabilityTopic: this.topics.available,
      subscriptions: [this.topics.commands, this.topics.homeAssistantStatus],
      onConnect: () => this.publishAll(),
      onMessage: (topic, payload, retained) => void this.onMessage(topic, payload, retained),
      logger: this.logger,
    });
    this.logger.log(`publishing to ${login.label} under ${this.topics.prefix}/`);
    this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.connection?.stop();
  }

  health(): MqttHealth {
    const connection = this.connection;
    if (!connection || this.config.mqtt_url === null) {
      return { state: 'off', broker: null, last_error: null, connected_since: null };
    }
    const since = connection.connectedSince;
    return {
      state: connection.connectionState,
      broker: brokerLogin(this.config.mqtt_url, this.config.mqtt_username, null).label,
      last_error: connection.lastError,
      connected_since: since === null ? null : new Date(since).toISOString(),
    };
  }

  /** Connected (again): the server's availability is out; now every camera, as it is. */
  private publishAll(): void {
    for (const id of this.removals) this.forget(id);
    const { cameras } = this.cameras.list();
    for (const camera of cameras) this.publishCamera(camera.id, camera, true);
    this.logger.debug(`published the discovery and state of ${cameras.length} camera(s)`);
  }

  /** Discovery (when it changed, or `always`), every retained state topic, the last snapshot. */
  private publishCamera(id: string, known?: CameraInfo, always = false): void {
    let camera: CameraInfo;
    try {
      camera = known ?? this.cameras.get(id);
    } catch {
      return; // deleted meanwhile: forget() clears it
    }
    if (camera.record !== 'off') this.recordModes.set(id, camera.record);
    if (!this.connection || this.connection.connectionState !== 'connected') return;
    const discovery = cameraDiscovery(this.topics, camera, APP_VERSION);
    const json = JSON.stringify(discovery);
    if (always || this.discovered.get(id) !== json) {
      for (const { topic, payload } of discovery) {
        this.publish({ topic, payload: JSON.stringify(payload), retain: true });
      }
      this.discovered.set(id, json);
    }
    const motion = this.motion.get(id) ?? { active: false, event: null };
    for (const message of cameraStateMessages(this.topics, camera, motion)) this.publish(message);
    const snapshot = this.snapshots.get(id);
    if (snapshot && always) {
      this.publish({ topic: this.topics.camera(id).snapshot, payload: snapshot, retain: true });
    }
  }

  /**
   * The first snapshot of a motion event is due within a second of it, however busy the machine:
   * for a camera whose events need an ffmpeg to decode one, that ffmpeg is started beforehand.
   */
  private prepareSnapshot(cameraId: string): void {
    let camera: CameraInfo;
    try {
      camera = this.cameras.get(cameraId);
    } catch {
      return; // deleted meanwhile
    }
    if (camera.motion.enabled && camera.source_type !== 'mjpeg') this.cameraSnapshots.prepare();
  }

  private forget(id: string): void {
    if (this.connection?.connectionState === 'connected') this.removals.delete(id);
    else this.removals.add(id);
    // An empty retained config removes the entity (only the topics of these payloads are used).
    const entities = cameraDiscovery(this.topics, { id, name: '', source_type: 'rtsp' }, '');
    for (const { topic } of entities) this.publish({ topic, payload: '', retain: true });
    for (const message of clearedCameraTopics(this.topics, id)) this.publish(message);
    this.discovered.delete(id);
    this.motion.delete(id);
    this.snapshots.delete(id);
    this.bestSnapshots.forget(id);
    this.recordModes.delete(id);
  }

  private onMotion({ phase, event }: MotionEventChange): void {
    const cameraId = event.camera_id;
    if (cameraId === null) return; // a pasted URL's session: no camera, no topics
    const own = this.topics.camera(cameraId);
    const active = phase !== 'end';
    this.motion.set(cameraId, { active, event });
    // ON/OFF first: it is what automations wait for.
    if (phase !== 'update')
      this.publish({ topic: own.motion, payload: onOff(active), retain: true });
    this.publish({ topic: own.motionEvent, payload: JSON.stringify(event), retain: true });
    const message: MotionEventMessage = {
      type: phase === 'start' ? 'new' : phase,
      before: this.eventsInProgress.get(event.id) ?? event,
      after: event,
    };
    this.publish({ topic: this.topics.events, payload: JSON.stringify(message), retain: false });
    if (phase === 'end') this.eventsInProgress.delete(event.id);
    else this.eventsInProgress.set(event.id, event);
    // The picture of the event's best frame so far, retained on `…/snapshot`.
    if (phase === 'start') this.bestSnapshots.start(cameraId, event.id);
    if (phase === 'end') this.bestSnapshots.end(cameraId, event.id);
  }

  private async onMessage(topic: string, payload: Buffer, retained: boolean): Promise<void> {
    if (topic === this.topics.homeAssistantStatus) {
      // Home Assistant (re)started: its birth message asks for discovery again.
      if (payload.toString().trim() === 'online') {
        setTimeout(() => this.publishAll(), Math.random() * BIRTH_JITTER_MS).unref();
      }
      return;
    }
    const parsed = this.topics.parseCommand(topic);
    if (parsed.kind === 'unknown') return this.ignore(topic, parsed.reason);
    if (retained) {
      return this.ignore(
        topic,
        'it is retained (it would be applied again at every connection); publish commands without retain',
      );
    }
    const { cameraId, command } = parsed;
    const on = parseOnOff(payload);
    let camera: CameraInfo;
    try {
      camera = this.cameras.get(cameraId);
    } catch {
      return this.ignore(topic, `no camera ${cameraId}`);
    }
    if (on === null) {
      this.ignore(topic, `payload ${describePayload(payload)} is not ON or OFF`);
      return this.publishCamera(cameraId);
    }
    const change = this.commandChange(command, on, camera);
    if (!change) return this.publishCamera(cameraId); // already so: confirm the state
    try {
      await this.cameras.update(cameraId, change);
      this.logger.log(`camera ${cameraId}: ${command} ${onOff(on)} (MQTT ${topic})`);
    } catch (error) {
      this.logger.warn(
        `camera ${cameraId}: ${topic} ${onOff(on)} refused: ${(error as Error).message}`,
      );
      this.publishCamera(cameraId);
    }
  }

  /** The PATCH a command amounts to; null when the camera is already so. */
  private commandChange(
    command: CameraCommand,
    on: boolean,
    camera: CameraInfo,
  ): UpdateCameraDto | null {
    switch (command) {
      case 'recording':
        if (on === recordingOn(camera.record)) return null;
        return { record: on ? (this.recordModes.get(camera.id) ?? 'continuous') : 'off' };
      case 'motion':
        return on === camera.motion.enabled ? null : { motion: { enabled: on } };
      case 'enabled':
        return on === camera.enabled ? null : { enabled: on };
    }
  }

  /** A warning per ignored message, up to WARNINGS_PER_MINUTE a minute. */
  private ignore(topic: string, reason: string): void {
    const minute = Math.floor(Date.now() / 60_000);
    if (this.warnings.minute !== minute) this.warnings = { minute, count: 0 };
    this.warnings.count += 1;
    if (this.warnings.count > WARNINGS_PER_MINUTE) return;
    const more =
      this.warnings.count === WARNINGS_PER_MINUTE ? ' (more this minute are not logged)' : '';
    const shown = topic.length > 120 ? `${topic.slice(0, 120)}…` : topic;
    this.logger.warn(`ignored a message on ${JSON.stringify(shown)}: ${reason}${more}`);
  }

  private publish(message: MqttMessage): void {
    this.connection?.publish(message.topic, message.payload, { retain: message.retain });
  }
}
