import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  motionScene,
  startRtspCamera,
  type SimCamera,
  readFrameLog,
} from '@camrec/testing/camera-sim';
import type { CameraInfo, MotionEvent, SegmentListResponse } from '@camrec/shared-types';
import { getJson, postJson } from '../../test-support/http';
import { SIM_TOP_BAND } from '../../test-support/motion';
import { isPidAlive } from '@camrec/process';
import { serverMediaPids, startTestApp, type TestApp } from '../../test-support/test-app';
import type { DiscoveryComponent } from './ha-discovery';
import type { MotionEventMessage } from './mqtt-messages';
import { haDiscoverySchemas } from './test-support/ha-schemas';
import { listen, text, type Listener, type Received } from './test-support/mqtt-listener';
import { startMosquitto, type Mosquitto } from './test-support/mosquitto';
import { ffprobe, frameIndices, waitFor } from '@camrec/testing';

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 25;
/**
 * Seconds of the camera's picture at which the box moves: the analysis has settled by the first;
 * the second is for the snapshot test's second run (retry-real-time-tests), after the first
 * event has ended.
 */
const MOVES_AT_S = [9, 24];
/**
 * It speeds up from rest for this long, so the motion score grows through the movement: each
 * frame of its second half scores higher than any of its first half. The event starts some 30 %
 * into it (the score crosses the threshold), and each replacing capture follows the one before
 * no sooner than a second later: 5 s leaves the one that reaches the second half ~1.9 s to come
 * on a busy machine (3 s left it ~0.9 s, and a loaded CI run missed it).
 */
const MOVE_FOR_S = 5;

describe('MQTT and Home Assistant discovery (booted app, real Mosquitto, simulated camera)', () => {
  let dir: string;
  let broker: Mosquitto;
  const brokerPids: number[] = [];
  let app: TestApp;
  let camera: SimCamera;
  let cameraId: string;
  let spy: Listener;
  /** Where in `spy.messages` the snapshot test looks for the next motion ON. */
  let nextMotionFrom = 0;
  const listeners: Listener[] = [];
  const validate = haDiscoverySchemas();
  const log = () => join(dir, 'camera.log');

  const subscribe = async (topics = ['camrec/#', 'homeassistant/#']) => {
    const listener = await listen(broker.url, topics);
    listeners.push(listener);
    return listener;
  };
  const on = (topic: string, payload?: string) => (m: Received) =>
    m.topic === topic && (payload === undefined || text(m) === payload);
  const cameraInfo = async () => (await getJson<CameraInfo>(app, `/cameras/${cameraId}`)).body;
  const finalSegments = async () =>
    (await getJson<SegmentListResponse>(app, `/cameras/${cameraId}/segments`)).body.segments.filter(
      (s) => s.state === 'final',
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-mqtt-'));
    broker = await startMosquitto();
    brokerPids.push(broker.pid);
    camera = await startRtspCamera({
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
      gop: 1,
      log: log(),
      scene: motionScene({
        width: WIDTH,
        height: HEIGHT,
        fps: FPS,
        moveAtS: MOVES_AT_S,
        moveForS: MOVE_FOR_S,
        accelerate: true,
      }),
    });
    app = await startTestApp({ mqtt_url: broker.url, proxy_mode: 'direct' });
    spy = await subscribe();
    const created = await postJson<CameraInfo>(app, '/cameras', {
      name: 'Porch',
      url: camera.url,
      record: 'continuous',
      segment_s: 2,
      // 3 s: the slow start of the movement scores near the threshold, and a dip below it for
      // a second ended one event early on a loaded machine (the box still moving).
      motion: { enabled: true, post_roll_s: 3, zones_excluded: [SIM_TOP_BAND] },
    });
    expect(created.status).toBe(201);
    cameraId = created.body.id;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await app?.close();
    await camera?.stop();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(serverMediaPids()).toEqual([]);
    expect(brokerPids.filter(isPidAlive)).toEqual([]);
  });

  /** One retained config per entity, each valid against Home Assistant's documented schema. */
  async function expectDiscovery(listener: Listener): Promise<void> {
    const configs = await waitFor('the five discovery configs', async () => {
      const found = listener.messages.filter(
        (m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config'),
      );
      return found.length >= 5 ? found : undefined;
    });
    expect(configs.map((m) => m.topic).sort()).toEqual(
      [
        `homeassistant/binary_sensor/camrec/${cameraId}_motion/config`,
        `homeassistant/camera/camrec/${cameraId}_snapshot/config`,
        `homeassistant/switch/camrec/${cameraId}_enabled/config`,
        `homeassistant/switch/camrec/${cameraId}_motion_detection/config`,
        `homeassistant/switch/camrec/${cameraId}_recording/config`,
      ].sort(),
    );
    for (const config of configs) {
      expect(config.retain).toBe(true);
      const component = config.topic.split('/')[1] as DiscoveryComponent;
      expect(validate(component, JSON.parse(text(config)))).toEqual([]);
    }
  }

  it('publishes the server online, one retained, valid discovery config per entity, and the camera', async () => {
    const fresh = await subscribe();
    await fresh.next(on('camrec/available', 'online'));
    expect((await fresh.next(on('camrec/available'))).retain).toBe(true);
    await expectDiscovery(fresh);
    await fresh.next(on(`camrec/${cameraId}/available`, 'online'), 15_000);
    await fresh.next(on(`camrec/${cameraId}/recording/state`, 'ON'));
    await fresh.next(on(`camrec/${cameraId}/record_mode`, 'continuous'));
    await fresh.next(on(`camrec/${cameraId}/motion`, 'OFF'));
    await fresh.next(on(`camrec/${cameraId}/motion/state`, 'ON'));
    await fresh.next(on(`camrec/${cameraId}/enabled/state`, 'ON'));
    // No camera password, URL or session id in anything published.
    for (const message of fresh.messages) expect(text(message)).not.toContain('rtsp://');
  });

  it('says ON, the event and a first snapshot within 1 s of a motion event, then retains its best frame and says OFF', async () => {
    const snapshotTopic = `camrec/${cameraId}/snapshot`;
    const onMessage = await spy.next(on(`camrec/${cameraId}/motion`, 'ON'), 40_000, nextMotionFrom);
    const start = spy.messages.indexOf(onMessage);
    nextMotionFrom = start + 1;
    const started = await spy.next(on(`camrec/${cameraId}/motion/event`), 1000, start);
    const { id } = JSON.parse(text(started)) as MotionEvent;
    const event = await waitFor('the event in the API', async () => {
      const { events } = (await getJson<{ events: MotionEvent[] }>(app, '/events')).body;
      return events.find((e) => e.id === id);
    });
    expect(JSON.parse(text(started))).toMatchObject({ camera_id: cameraId, ended_at: null });
    const news = await spy.next(on('camrec/events'), 1000, start);
    const newMessage: MotionEventMessage = JSON.parse(text(news));
    expect(newMessage).toMatchObject({ type: 'new', after: { id: event.id, camera_id: cameraId } });
    expect(newMessage.before).toEqual(newMessage.after);
    expect(news.retain).toBe(false);
    const first = await spy.next(on(snapshotTopic), 2000, start);

    // Each arrives at the subscriber within 1 s of the event's start (its first motion frame).
    const delays = Object.entries({ ON: onMessage, event: started, 'events new': news, first }).map(
      ([what, m]) => [what, m.at - Date.parse(event.started_at)] as const,
    );
    console.log(
      `motion event start → received: ${delays.map(([w, ms]) => `${w} ${ms} ms`).join(', ')}`,
    );
    for (const [, delayMs] of delays) {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThan(1000);
    }

    // A JPEG of the main stream; its frame index tells the second of the picture it shows.
    expect([...first.payload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const file = join(dir, 'snapshot.jpg');
    writeFileSync(file, first.payload);
    expect(ffprobe(file).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: WIDTH,
      height: HEIGHT,
    });
    /** The snapshot's frame, and the seconds into the latest movement it shows. */
    const movedFor = (snapshot: Received) => {
      const [index] = frameIndices({ jpegs: [snapshot.payload] }, WIDTH, HEIGHT);
      expect(index).toEqual(expect.any(Number));
      const seconds = (index as number) / FPS;
      const movedAt = MOVES_AT_S.filter((at) => at <= seconds).at(-1) ?? NaN;
      return { index: index as number, s: seconds - movedAt };
    };
    const early = movedFor(first);
    expect(early.s).toBeGreaterThan(0);

    const off = await spy.next(on(`camrec/${cameraId}/motion`, 'OFF'), 20_000, start);
    // The event's end follows the OFF (it may arrive a moment after it).
    const ended = await spy.next(
      on(`camrec/${cameraId}/motion/event`),
      5000,
      spy.messages.indexOf(off),
    );
    const endedEvent: MotionEvent = JSON.parse(text(ended));
    expect(endedEvent).toMatchObject({ id: event.id, ended_at: expect.any(String) });
    const end = await spy.next(
      (m) => m.topic === 'camrec/events' && JSON.parse(text(m)).type === 'end',
      1000,
      start,
    );
    const endMessage: MotionEventMessage = JSON.parse(text(end));
    expect(endMessage.after).toMatchObject({ id: event.id, ended_at: expect.any(String) });
    expect(endMessage.before).toMatchObject({ id: event.id, ended_at: null });

    // Replaced as the score rose: the last shows the box from the second half of its movement
    // on (the highest scores), in a frame the camera sent during the event, not the first.
    const snapshots = spy.messages.slice(start).filter(on(snapshotTopic));
    const best = snapshots[snapshots.length - 1];
    const late = movedFor(best);
    const shownAt = readFrameLog(log()).get(late.index);
    console.log(
      `${snapshots.length} snapshots: seconds into the ${MOVE_FOR_S} s movement ` +
        `${snapshots.map((m) => movedFor(m).s.toFixed(2)).join(', ')}; the last shown ` +
        `${(shownAt as number) - Date.parse(event.started_at)} ms after the event's start, ` +
        `${Date.parse(endedEvent.ended_at as string) - (shownAt as number)} ms before its end`,
    );
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(best.payload.equals(first.payload)).toBe(false);
    expect(late.index).toBeGreaterThan(early.index);
    expect(late.s).toBeGreaterThanOrEqual(MOVE_FOR_S / 2);
    expect(shownAt).toBeGreaterThan(Date.parse(event.started_at));
    // (`ended_at` is when its last motion frame came out of the decoder; the capture reads the
    // newest frame as that frame's analysis ends, a moment later.)
    expect(shownAt).toBeLessThan(Date.parse(endedEvent.ended_at as string) + 500);
    // Nothing after the end; the best stays on the broker for Home Assistant's camera entity.
    expect(spy.messages.indexOf(best)).toBeLessThan(spy.messages.indexOf(off));
    const retainedListener = await subscribe([snapshotTopic]);
    const retained = await retainedListener.next(() => true);
    expect(retained.retain).toBe(true);
    expect(retained.payload.equals(best.payload)).toBe(true);
  }, 60_000);

  it('survives the broker being killed and restarted: recording goes on, everything is republished', async () => {
    const before = (await finalSegments()).length;
    const killedAt = Date.now();
    await broker.kill();
    await waitFor('MQTT disconnected in /health', async () => {
      const { mqtt } = (await getJson(app, '/health')).body;
      return mqtt.state === 'disconnected' && mqtt.last_error ? mqtt : undefined;
    });
    // While the broker is away, continuous recording keeps making segments final.
    await waitFor('two segments made final while the broker is down', async () => {
      const segments = await finalSegments();
      const since = segments.filter((s) => Date.parse(s.ended_at) > killedAt);
      return segments.length >= before + 2 && since.length >= 2 ? true : undefined;
    });
    expect((await getJson(app, '/health')).status).toBe(200);

    await broker.restart();
    brokerPids.push(broker.pid);
    await waitFor(
      'MQTT connected again',
      async () =>
        (await getJson(app, '/health')).body.mqtt.state === 'connected' ? true : undefined,
      { timeoutMs: 20_000 },
    );
    // The restarted broker kept nothing (no persistence): all of this was published again.
    const fresh = await subscribe();
    await fresh.next(on('camrec/available', 'online'));
    await expectDiscovery(fresh);
    await fresh.next(on(`camrec/${cameraId}/available`, 'online'));
    await fresh.next(on(`camrec/${cameraId}/recording/state`, 'ON'));
    await fresh.next(on(`camrec/${cameraId}/motion/event`));
    expect((await fresh.next(on(`camrec/${cameraId}/snapshot`))).payload.subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );
    expect((await cameraInfo()).status).toMatchObject({ state: 'online', recording: true });
    expect(app.logs.some((l) => / - mqtt - WARN - lost the connection to mqtt:/.test(l))).toBe(
      true,
    );
    spy = fresh;
  }, 60_000);

  it('applies recording, motion and enabled commands as PATCH would, and ignores garbage with a warning', async () => {
    const commander = await subscribe([]);
    const command = async (what: string, payload: string, state: string, expected: string) => {
      const from = spy.messages.length;
      await commander.client.publishAsync(`camrec/${cameraId}/${what}/set`, payload, { qos: 1 });
      return spy.next(on(`camrec/${cameraId}/${state}`, expected), 10_000, from);
    };

    await command('recording', 'OFF', 'recording/state', 'OFF');
    expect(await cameraInfo()).toMatchObject({ record: 'off' });
    await spy.next(on(`camrec/${cameraId}/record_mode`, 'off'));
    await command('recording', 'ON', 'recording/state', 'ON');
    // Back to the mode it had before, not a default.
    expect(await cameraInfo()).toMatchObject({ record: 'continuous' });

    const warnings = () => app.logs.filter((l) => / - mqtt - WARN - ignored a message/.test(l));
    const warned = warnings().length;
    const from = spy.messages.length;
    await commander.client.publishAsync(`camrec/${cameraId}/recording/set`, 'maybe', { qos: 1 });
    await commander.client.publishAsync(`camrec/${cameraId}/explode/set`, 'ON', { qos: 1 });
    await commander.client.publishAsync('camrec/nosuchcamera/recording/set', 'OFF', { qos: 1 });
    await waitFor('three warnings', async () =>
      warnings().length >= warned + 3 ? true : undefined,
    );
    expect(warnings().slice(warned).join('\n')).toMatch(
      new RegExp(`"camrec/${cameraId}/recording/set": payload "maybe" is not ON or OFF`),
    );
    expect(warnings().slice(warned).join('\n')).toMatch(/no command "explode"/);
    expect(warnings().slice(warned).join('\n')).toMatch(/no camera nosuchcamera/);
    // The state is confirmed as it is, unchanged.
    await spy.next(on(`camrec/${cameraId}/recording/state`, 'ON'), 5000, from);
    expect(await cameraInfo()).toMatchObject({ record: 'continuous', enabled: true });

    await command('motion', 'OFF', 'motion/state', 'OFF');
    expect((await cameraInfo()).motion.enabled).toBe(false);
    await command('enabled', 'OFF', 'enabled/state', 'OFF');
    await spy.next(on(`camrec/${cameraId}/available`, 'offline'), 10_000);
    expect((await cameraInfo()).status.state).toBe('disabled');
    const back = spy.messages.length;
    await command('enabled', 'ON', 'enabled/state', 'ON');
    await spy.next(on(`camrec/${cameraId}/available`, 'online'), 20_000, back);
    expect(app.logs.filter((l) => / - mqtt - ERROR - /.test(l))).toEqual([]);
  }, 60_000);

  it('leaves `offline` on the broker when the server stops', async () => {
    await app.close();
    const after = await subscribe(['camrec/available']);
    expect(text(await after.next(() => true))).toBe('offline');
  });
});
