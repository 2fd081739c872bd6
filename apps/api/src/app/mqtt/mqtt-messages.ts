import type { CameraInfo, MotionEvent, CameraRecordMode } from '@camrec/shared-types';
import type { MqttTopics } from './mqtt-topics';

/** One message to publish (pure data; the connection publishes it). */
export interface MqttMessage {
  topic: string;
  payload: string | Buffer;
  retain: boolean;
}

/** What `<prefix>/events` carries, as Frigate's `frigate/events` does. */
export interface MotionEventMessage {
  type: 'new' | 'update' | 'end';
  /** The event as last published; for `new`, the same as `after` (as in Frigate). */
  before: MotionEvent;
  after: MotionEvent;
}

export const onOff = (on: boolean): 'ON' | 'OFF' => (on ? 'ON' : 'OFF');

/** `ON` or `OFF` (any case, spaces around ignored), else null. */
export function parseOnOff(payload: Buffer): boolean | null {
  if (payload.length > 8) return null;
  const text = payload.toString('utf8').trim().toUpperCase();
  return text === 'ON' ? true : text === 'OFF' ? false : null;
}

/** A payload as a log line may show it: at most 40 printable characters. */
export function describePayload(payload: Buffer): string {
  const text = payload
    .subarray(0, 40)
    .toString('utf8')
    .replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(text) + (payload.length > 40 ? ` (${payload.length} bytes)` : '');
}

/** Where a camera's motion stands, as the MQTT service follows it. */
export interface CameraMotion {
  /** True between an event's start and its end. */
  active: boolean;
  /** The latest event (in progress or ended), if one happened since the server started. */
  event: MotionEvent | null;
}

/**
 * Every retained state topic of a camera, as it is now: what a (re)connect publishes, so that
 * a broker that lost its retained messages (restarted without persistence) and Home Assistant
 * both see the current state, never a stale one.
 */
export function cameraStateMessages(
  topics: MqttTopics,
  camera: CameraInfo,
  motion: CameraMotion,
): MqttMessage[] {
  const own = topics.camera(camera.id);
  const messages: MqttMessage[] = [
    { topic: own.available, payload: camera.status.state === 'online' ? 'online' : 'offline' },
    { topic: own.motion, payload: onOff(motion.active) },
    { topic: own.motionState, payload: onOff(camera.motion.enabled) },
    { topic: own.recordingState, payload: onOff(recordingOn(camera.record)) },
    { topic: own.recordMode, payload: camera.record },
    { topic: own.enabledState, payload: onOff(camera.enabled) },
  ].map((message) => ({ ...message, retain: true }));
  if (motion.event) {
    messages.push({ topic: own.motionEvent, payload: JSON.stringify(motion.event), retain: true });
  }
  return messages;
}

/** The recording switch is on while the camera records in some way: continuously or on motion. */
export const recordingOn = (mode: CameraRecordMode): boolean => mode !== 'off';

/** Empty retained payloads: a deleted camera's retained topics are cleared from the broker. */
export function clearedCameraTopics(topics: MqttTopics, cameraId: string): MqttMessage[] {
  const own = topics.camera(cameraId);
  return [
    own.available,
    own.motion,
    own.motionEvent,
    own.motionState,
    own.recordingState,
    own.recordMode,
    own.enabledState,
    own.snapshot,
  ].map((topic) => ({ topic, payload: '', retain: true }));
}
