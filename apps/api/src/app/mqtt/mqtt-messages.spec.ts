import type { CameraInfo, MotionEvent } from '@camrec/shared-types';
import {
  cameraStateMessages,
  clearedCameraTopics,
  describePayload,
  parseOnOff,
} from './mqtt-messages';
import { MqttTopics } from './mqtt-topics';

const topics = new MqttTopics('camrec', 'homeassistant');

function camera(overrides: Partial<CameraInfo> = {}): CameraInfo {
  return {
    id: 'abc',
    name: 'Porch',
    source_type: 'rtsp',
    url: 'rtsp://admin:***@cam/stream',
    substream_url: null,
    enabled: true,
    record: 'continuous',
    segment_s: 60,
    mjpeg_storage: 'h264',
    insecure_tls: false,
    motion: {
      enabled: true,
      sensitivity: 50,
      min_area: 0.5,
      record: false,
      pre_roll_s: 5,
      post_roll_s: 10,
      zones_excluded: [],
    },
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    status: {
      state: 'online',
      session_id: 's1',
      substream_session_id: null,
      offline_since: null,
      last_error: null,
      next_attempt_at: null,
      substream_error: null,
      recording: true,
    },
    ...overrides,
  } as CameraInfo;
}

const event: MotionEvent = {
  id: 'e1',
  session_id: 's1',
  camera_id: 'abc',
  started_at: '2026-01-01T00:00:01.000Z',
  ended_at: null,
  peak_score: 0,
  filename: null,
  thumbnail_url: null,
};

describe('MQTT messages', () => {
  it('reads ON and OFF, and nothing else', () => {
    expect(parseOnOff(Buffer.from('ON'))).toBe(true);
    expect(parseOnOff(Buffer.from(' off\n'))).toBe(false);
    expect(parseOnOff(Buffer.from('on'))).toBe(true);
    for (const garbage of ['', 'TRUE', '1', '{"state":"ON"}', 'ONN', 'O N']) {
      expect(parseOnOff(Buffer.from(garbage))).toBeNull();
    }
    expect(parseOnOff(Buffer.alloc(1 << 20, 'O'))).toBeNull();
  });

  it('shows at most 40 printable characters of a payload in a log line', () => {
    expect(describePayload(Buffer.from('maybe'))).toBe('"maybe"');
    expect(describePayload(Buffer.from([0x4f, 0x00, 0x0a]))).toBe('"O??"');
    expect(describePayload(Buffer.alloc(100, 'x'))).toBe(`"${'x'.repeat(40)}" (100 bytes)`);
  });

  it('gives every retained state topic of a camera as it is now', () => {
    const now = cameraStateMessages(topics, camera(), { active: true, event });
    expect(Object.fromEntries(now.map((m) => [m.topic, m.payload]))).toEqual({
      'camrec/abc/available': 'online',
      'camrec/abc/motion': 'ON',
      'camrec/abc/motion/state': 'ON',
      'camrec/abc/recording/state': 'ON',
      'camrec/abc/record_mode': 'continuous',
      'camrec/abc/enabled/state': 'ON',
      'camrec/abc/motion/event': JSON.stringify(event),
    });
    expect(now.every((m) => m.retain)).toBe(true);

    const off = cameraStateMessages(
      topics,
      camera({
        enabled: false,
        record: 'off',
        status: { ...camera().status, state: 'disabled', session_id: null },
      }),
      { active: false, event: null },
    );
    expect(Object.fromEntries(off.map((m) => [m.topic, m.payload]))).toMatchObject({
      'camrec/abc/available': 'offline',
      'camrec/abc/motion': 'OFF',
      'camrec/abc/recording/state': 'OFF',
      'camrec/abc/record_mode': 'off',
      'camrec/abc/enabled/state': 'OFF',
    });
    expect(off.map((m) => m.topic)).not.toContain('camrec/abc/motion/event');
    // Recording on motion counts as recording.
    const motionMode = cameraStateMessages(topics, camera({ record: 'motion' }), {
      active: false,
      event: null,
    });
    expect(motionMode.find((m) => m.topic.endsWith('/recording/state'))?.payload).toBe('ON');
  });

  it("clears a deleted camera's retained topics with empty payloads", () => {
    const cleared = clearedCameraTopics(topics, 'abc');
    expect(cleared.map((m) => m.topic)).toContain('camrec/abc/snapshot');
    expect(cleared.every((m) => m.payload === '' && m.retain)).toBe(true);
  });
});
