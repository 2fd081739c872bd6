import { MqttTopics } from './mqtt-topics';

describe('MqttTopics', () => {
  const topics = new MqttTopics('camrec', 'homeassistant');

  it('puts every camera topic under <prefix>/<camera id>/', () => {
    expect(topics.available).toBe('camrec/available');
    expect(topics.events).toBe('camrec/events');
    expect(topics.commands).toBe('camrec/+/+/set');
    expect(topics.homeAssistantStatus).toBe('homeassistant/status');
    expect(topics.camera('abc')).toEqual({
      available: 'camrec/abc/available',
      motion: 'camrec/abc/motion',
      motionEvent: 'camrec/abc/motion/event',
      motionState: 'camrec/abc/motion/state',
      recordingState: 'camrec/abc/recording/state',
      recordMode: 'camrec/abc/record_mode',
      enabledState: 'camrec/abc/enabled/state',
      snapshot: 'camrec/abc/snapshot',
      set: {
        recording: 'camrec/abc/recording/set',
        motion: 'camrec/abc/motion/set',
        enabled: 'camrec/abc/enabled/set',
      },
    });
    expect(topics.discovery('switch', 'abc_recording')).toBe(
      'homeassistant/switch/camrec/abc_recording/config',
    );
  });

  it('makes a node id of a prefix with several levels', () => {
    expect(new MqttTopics('home/nvr-1', 'ha').node).toBe('home_nvr-1');
  });

  it('reads command topics, and says why others are not', () => {
    expect(topics.parseCommand('camrec/abc/recording/set')).toEqual({
      kind: 'command',
      cameraId: 'abc',
      command: 'recording',
    });
    expect(topics.parseCommand('camrec/abc/motion/set')).toMatchObject({ command: 'motion' });
    expect(topics.parseCommand('camrec/abc/enabled/set')).toMatchObject({ command: 'enabled' });
    expect(topics.parseCommand('camrec/abc/snapshot/set')).toEqual({
      kind: 'unknown',
      reason: 'no command "snapshot" (expected recording, motion, enabled)',
    });
    expect(topics.parseCommand('camrec/abc/set')).toMatchObject({ kind: 'unknown' });
    expect(topics.parseCommand('other/abc/recording/set')).toMatchObject({ kind: 'unknown' });
    const nested = new MqttTopics('home/nvr', 'homeassistant');
    expect(nested.parseCommand('home/nvr/abc/enabled/set')).toMatchObject({
      kind: 'command',
      cameraId: 'abc',
    });
  });
});
