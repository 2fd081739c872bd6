import type { MqttTopics } from './mqtt-topics';

/**
 * Home Assistant MQTT discovery (single-component payloads, one retained config per entity):
 * https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery. Pure: the tests validate
 * these payloads against JSON Schemas written from Home Assistant's documentation
 * (testing/ha-*.schema.json).
 */

export type DiscoveryComponent = 'binary_sensor' | 'switch' | 'camera';

export interface DiscoveryMessage {
  component: DiscoveryComponent;
  /** `<discovery_prefix>/<component>/<node_id>/<object_id>/config` */
  topic: string;
  /** Published as JSON, retained. */
  payload: Record<string, unknown>;
}

/** What discovery needs of a saved camera. */
export interface DiscoveredCamera {
  id: string;
  name: string;
  source_type: 'rtsp' | 'mjpeg';
}

const MANUFACTURER = 'Camera Recorder';
const ON_OFF = { payload_on: 'ON', payload_off: 'OFF' } as const;

/**
 * The entities of one camera, grouped as one device: motion (binary_sensor), the snapshot
 * (camera), and switches for recording, motion detection and the camera itself. All but the
 * `enabled` switch are available while both the server and the camera are online; the
 * `enabled` switch needs only the server, so that a disabled (offline) camera can be enabled.
 */
export function cameraDiscovery(
  topics: MqttTopics,
  camera: DiscoveredCamera,
  version: string,
): DiscoveryMessage[] {
  const own = topics.camera(camera.id);
  const device = {
    identifiers: [`${topics.node}_${camera.id}`],
    name: camera.name,
    manufacturer: MANUFACTURER,
    model: camera.source_type === 'rtsp' ? 'RTSP camera' : 'MJPEG camera',
    sw_version: version,
  };
  const server = { topic: topics.available };
  const serverAndCamera = {
    availability: [server, { topic: own.available }],
    availability_mode: 'all',
  };
  const entity = (
    component: DiscoveryComponent,
    key: string,
    config: Record<string, unknown>,
  ): DiscoveryMessage => ({
    component,
    topic: topics.discovery(component, `${camera.id}_${key}`),
    payload: {
      unique_id: `${topics.node}_${camera.id}_${key}`,
      device,
      origin: { name: MANUFACTURER, sw_version: version },
      // State and command messages at QoS 1; the camera's documentation lists no qos.
      ...(component === 'camera' ? {} : { qos: 1 }),
      ...config,
    },
  });
  return [
    entity('binary_sensor', 'motion', {
      name: 'Motion',
      device_class: 'motion',
      state_topic: own.motion,
      ...ON_OFF,
      ...serverAndCamera,
    }),
    // Named null: the camera picture is the device's main feature, called as the device is.
    entity('camera', 'snapshot', { name: null, topic: own.snapshot, ...serverAndCamera }),
    entity('switch', 'recording', {
      name: 'Recording',
      icon: 'mdi:record-rec',
      state_topic: own.recordingState,
      command_topic: own.set.recording,
      ...ON_OFF,
      ...serverAndCamera,
    }),
    entity('switch', 'motion_detection', {
      name: 'Motion detection',
      icon: 'mdi:motion-sensor',
      entity_category: 'config',
      state_topic: own.motionState,
      command_topic: own.set.motion,
      ...ON_OFF,
      ...serverAndCamera,
    }),
    entity('switch', 'enabled', {
      name: 'Enabled',
      icon: 'mdi:cctv',
      entity_category: 'config',
      state_topic: own.enabledState,
      command_topic: own.set.enabled,
      ...ON_OFF,
      availability: [server],
    }),
  ];
}
