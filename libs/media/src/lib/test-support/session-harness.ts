import type { SessionState } from '@camrec/shared-types';
import type { HubPacket, HubSubscription } from '../hub/hub-types';
import type { CameraSession } from '../session/camera-session';
import type { CameraSessionOptions, SessionLogEntry } from '../session/camera-session-options';
import { isPidAlive, ChildProcessRegistry } from '@camrec/process';

let sessionCounter = 0;

/** Session options for tests: short timeouts so failures are quick. */
export function testSessionOptions(
  url: string,
  registry: ChildProcessRegistry,
  overrides: Partial<CameraSessionOptions> = {},
): CameraSessionOptions {
  return {
    id: `test-${++sessionCounter}`,
    url,
    ffmpegPath: 'ffmpeg',
    verifyFrames: 5,
    // Generous: other test suites may load the machine; the timeout tests set their own.
    verifyTimeoutS: 10,
    verifyAttempts: 2,
    audioBitrate: '64k',
    registry,
    stallTimeoutS: 3,
    logger: (entry: SessionLogEntry) => {
      if (process.env['MEDIA_TEST_LOG'])
        console.log(`[${entry.level}] ${entry.session} ${entry.message}`);
    },
    ...overrides,
  };
}

/** Records every state the session passes through. */
export function recordStates(session: CameraSession): SessionState[] {
  const states: SessionState[] = [session.state];
  session.stateChanges.subscribe((change) => states.push(change.state));
  return states;
}

export function waitForState(
  session: CameraSession,
  state: SessionState,
  timeoutMs: number,
): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`session still ${session.state} after ${timeoutMs} ms, expected ${state}`));
    }, timeoutMs);
    const subscription = session.stateChanges.subscribe((change) => {
      if (change.state !== state) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    });
  });
}

/** Reads packets from a subscription until `count` match, or fails after `timeoutMs`. */
export async function takePackets(
  subscription: HubSubscription,
  count: number,
  timeoutMs: number,
  match: (packet: HubPacket) => boolean = () => true,
): Promise<HubPacket[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: HubPacket[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.filter(match).length < count) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(resolve, Math.max(0, left), 'timeout')),
      ),
    ]);
    clearTimeout(timer);
    if (next === 'timeout')
      throw new Error(`only ${taken.filter(match).length} of ${count} packets in ${timeoutMs} ms`);
    if (next.done)
      throw new Error(`stream ended after ${taken.length} packets: ${subscription.endReason}`);
    taken.push(next.value);
  }
  return taken;
}

/** Every child the session started has exited and left the registry. */
export async function expectNoChildrenLeft(
  registry: ChildProcessRegistry,
  pids: number[],
): Promise<void> {
  if (registry.size > 0) {
    const left = registry.list().map((c) => `${c.pid} ${c.name}`);
    await registry.stopAll();
    throw new Error(`children left running: ${left.join(', ')}`);
  }
  const alive = pids.filter(isPidAlive);
  if (alive.length > 0) throw new Error(`pids still alive: ${alive.join(', ')}`);
}

/** Watches a registry and remembers every pid it has seen, to check later that all are gone. */
export function trackPids(registry: ChildProcessRegistry): { pids: number[]; stop(): void } {
  const pids = new Set<number>();
  const timer = setInterval(() => registry.pids().forEach((pid) => pids.add(pid)), 20);
  return {
    get pids() {
      registry.pids().forEach((pid) => pids.add(pid));
      return [...pids];
    },
    stop: () => clearInterval(timer),
  };
}
