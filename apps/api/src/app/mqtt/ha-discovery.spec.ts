import { cameraDiscovery, type DiscoveryMessage } from './ha-discovery';
import { MqttTopics } from './mqtt-topics';
import { haDiscoverySchemas } from './test-support/ha-schemas';

const topics = new MqttTopics('home/nvr', 'homeassistant');
const camera = { id: 'k3x9a0b1c2d3', name: 'Porch', source_type: 'rtsp' as const };
const validate = haDiscoverySchemas();

describe('Home Assistant discovery payloads', () => {
  const messages = cameraDiscovery(topics, camera, '1.2.3');
  const byKey = (key: string): DiscoveryMessage => {
    const found = messages.find((m) => m.topic.endsWith(`_${key}/config`));
    if (!found) throw new Error(`no ${key} entity`);
    return found;
  };

  it("satisfy Home Assistant's documented schema of their component", () => {
    expect(messages.map((m) => m.component).sort()).toEqual([
      'binary_sensor',
      'camera',
      'switch',
      'switch',
      'switch',
    ]);
    for (const message of messages) {
      expect({
        topic: message.topic,
        problems: validate(message.component, message.payload),
      }).toEqual({
        topic: message.topic,
        problems: [],
      });
    }
  });

  it('use <discovery_prefix>/<component>/<node_id>/<object_id>/config with [a-zA-Z0-9_-] ids', () => {
    for (const { topic, component } of messages) {
      expect(topic).toMatch(
        new RegExp(`^homeassistant/${component}/home_nvr/k3x9a0b1c2d3_[a-z_]+/config$`),
      );
      expect(topic.split('/')[2]).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(topic.split('/')[3]).toMatch(/^[a-zA-Z0-9_-]+$/);
    }
    const uniqueIds = messages.map((m) => m.payload['unique_id']);
    expect(new Set(uniqueIds).size).toBe(messages.length);
  });

  it('group the entities as one device and wire availability to the server and the camera', () => {
    for (const { payload } of messages) {
      expect(payload['device']).toEqual({
        identifiers: ['home_nvr_k3x9a0b1c2d3'],
        name: 'Porch',
        manufacturer: 'Camera Recorder',
        model: 'RTSP camera',
        sw_version: '1.2.3',
      });
      expect(payload['origin']).toEqual({ name: 'Camera Recorder', sw_version: '1.2.3' });
    }
    const both = {
      availability: [{ topic: 'home/nvr/available' }, { topic: 'home/nvr/k3x9a0b1c2d3/available' }],
      availability_mode: 'all',
    };
    expect(byKey('motion').payload).toMatchObject({
      device_class: 'motion',
      state_topic: 'home/nvr/k3x9a0b1c2d3/motion',
      payload_on: 'ON',
      payload_off: 'OFF',
      ...both,
    });
    expect(byKey('snapshot').payload).toMatchObject({
      name: null,
      topic: 'home/nvr/k3x9a0b1c2d3/snapshot',
      ...both,
    });
    expect(byKey('snapshot').payload).not.toHaveProperty('image_encoding');
    expect(byKey('recording').payload).toMatchObject({
      state_topic: 'home/nvr/k3x9a0b1c2d3/recording/state',
      command_topic: 'home/nvr/k3x9a0b1c2d3/recording/set',
      ...both,
    });
    expect(byKey('motion_detection').payload).toMatchObject({
      state_topic: 'home/nvr/k3x9a0b1c2d3/motion/state',
      command_topic: 'home/nvr/k3x9a0b1c2d3/motion/set',
    });
    // A disabled camera is offline: its `enabled` switch must stay usable.
    expect(byKey('enabled').payload).toMatchObject({
      command_topic: 'home/nvr/k3x9a0b1c2d3/enabled/set',
      availability: [{ topic: 'home/nvr/available' }],
    });
    expect(byKey('enabled').payload).not.toHaveProperty('availability_mode');
    // Commands are never retained: a retained command would be applied again at every start.
    for (const { payload } of messages) expect(payload['retain']).toBeUndefined();
  });

  it('the schemas catch what Home Assistant would refuse or ignore (they are not vacuous)', () => {
    const motion = byKey('motion').payload;
    const recording = byKey('recording').payload;
    const snapshot = byKey('snapshot').payload;
    const without = (payload: Record<string, unknown>, key: string) => {
      const copy = { ...payload };
      delete copy[key];
      return copy;
    };
    const cases: [DiscoveryMessage['component'], unknown, RegExp][] = [
      ['binary_sensor', without(motion, 'state_topic'), /required property 'state_topic'/],
      ['binary_sensor', { ...motion, stat_topic: 'x' }, /additionalProperty.*stat_topic/],
      ['binary_sensor', { ...motion, platform: 'binary_sensor' }, /additionalProperty.*platform/],
      ['binary_sensor', { ...motion, device_class: 'movement' }, /allowed values/],
      ['binary_sensor', { ...motion, entity_category: 'config' }, /allowed values/],
      ['binary_sensor', { ...motion, availability_topic: 'a' }, /must NOT be valid/],
      ['binary_sensor', { ...motion, availability_mode: 'both' }, /allowed values/],
      ['binary_sensor', without(motion, 'unique_id'), /unique_id/],
      ['binary_sensor', { ...motion, device: { name: 'Porch' } }, /identifiers|connections/],
      ['binary_sensor', { ...motion, qos: 3 }, /allowed values/],
      ['switch', without(recording, 'command_topic'), /required property 'command_topic'/],
      ['switch', { ...recording, command_topic: 'camrec/+/set' }, /must match pattern/],
      ['switch', { ...recording, retain: 'yes' }, /must be boolean/],
      ['switch', { ...recording, icon: 'record' }, /must match pattern/],
      ['camera', without(snapshot, 'topic'), /required property 'topic'/],
      ['camera', { ...snapshot, image_encoding: 'base64' }, /allowed values/],
      ['camera', { ...snapshot, qos: 1 }, /additionalProperty.*qos/],
    ];
    for (const [component, payload, problem] of cases) {
      expect(validate(component, payload).join('; ')).toMatch(problem);
    }
  });

  it('name an MJPEG camera as such', () => {
    const [first] = cameraDiscovery(topics, { ...camera, source_type: 'mjpeg' }, '1.2.3');
    expect(first.payload['device']).toMatchObject({ model: 'MJPEG camera' });
  });
});
