/**
 * Every MQTT topic the server publishes or listens to, from the configured prefixes (pure: no
 * broker, no Nest). Camera ids are URL-safe, so they are topic levels as they are.
 */

/** What a `<prefix>/<camera id>/<command>/set` topic changes. */
export type CameraCommand = 'recording' | 'motion' | 'enabled';
export const CAMERA_COMMANDS: readonly CameraCommand[] = ['recording', 'motion', 'enabled'];

export interface CameraTopics {
  /** `online` while the camera's main stream is open, else `offline` (retained). */
  available: string;
  /** `ON` during a motion event, `OFF` otherwise (retained). */
  motion: string;
  /** The camera's latest motion event as JSON (retained). */
  motionEvent: string;
  /** `ON` while motion detection is on (retained); `…/motion/set` turns it on or off. */
  motionState: string;
  /** `ON` while the camera's record mode is not `off` (retained). */
  recordingState: string;
  /** The record mode itself: `continuous`, `motion` or `off` (retained). */
  recordMode: string;
  /** `ON` while the camera is enabled (retained). */
  enabledState: string;
  /** A JPEG of the latest motion event as it started (binary, retained). */
  snapshot: string;
  /** Command topics, by what they change. */
  set: Record<CameraCommand, string>;
}

/** A message on a `/set` topic, read. */
export type ParsedCommand =
  | { kind: 'command'; cameraId: string; command: CameraCommand }
  | { kind: 'unknown'; reason: string };

export class MqttTopics {
  constructor(
    readonly prefix: string,
    readonly discoveryPrefix: string,
  ) {}

  /** The server's own availability: `online`, and `offline` as the broker's last will. */
  get available(): string {
    return `${this.prefix}/available`;
  }

  /** Motion events of every camera, as JSON `{type, before, after}` (not retained). */
  get events(): string {
    return `${this.prefix}/events`;
  }

  /** The subscription that receives every command (and mistyped ones, to warn about). */
  get commands(): string {
    return `${this.prefix}/+/+/set`;
  }

  /** Home Assistant's birth message (`online`): discovery is sent again when it comes. */
  get homeAssistantStatus(): string {
    return `${this.discoveryPrefix}/status`;
  }

  /**
   * The `<node_id>` level of discovery topics, which Home Assistant allows only
   * `[a-zA-Z0-9_-]` in: the topic prefix with `/` as `_`, so two servers on one broker (with
   * different prefixes) do not overwrite each other's entities.
   */
  get node(): string {
    return this.prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  camera(cameraId: string): CameraTopics {
    const base = `${this.prefix}/${cameraId}`;
    return {
      available: `${base}/available`,
      motion: `${base}/motion`,
      motionEvent: `${base}/motion/event`,
      motionState: `${base}/motion/state`,
      recordingState: `${base}/recording/state`,
      recordMode: `${base}/record_mode`,
      enabledState: `${base}/enabled/state`,
      snapshot: `${base}/snapshot`,
      set: {
        recording: `${base}/recording/set`,
        motion: `${base}/motion/set`,
        enabled: `${base}/enabled/set`,
      },
    };
  }

  /** `<discovery_prefix>/<component>/<node_id>/<object_id>/config` */
  discovery(component: string, objectId: string): string {
    return `${this.discoveryPrefix}/${component}/${this.node}/${objectId}/config`;
  }

  /** Reads a topic that matched `commands`: which camera, and what to change. */
  parseCommand(topic: string): ParsedCommand {
    const head = `${this.prefix}/`;
    const levels = topic.startsWith(head) ? topic.slice(head.length).split('/') : [];
    if (levels.length !== 3 || levels[2] !== 'set') {
      return { kind: 'unknown', reason: 'not a command topic' };
    }
    const [cameraId, command] = levels;
    if (!(CAMERA_COMMANDS as readonly string[]).includes(command)) {
      return {
        kind: 'unknown',
        reason: `no command "${command}" (expected ${CAMERA_COMMANDS.join(', ')})`,
      };
    }
    return { kind: 'command', cameraId, command: command as CameraCommand };
  }
}
