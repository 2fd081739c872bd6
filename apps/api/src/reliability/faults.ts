import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingStatus, SessionListResponse, VideoListResponse } from '@camrec/shared-types';
import { SimCamera, startMjpegCamera, startRtspCamera } from '@camrec/camera-sim';
import { assertPlayable, ffprobe } from '../test-support/media-checks';
import { sleep, waitFor } from '../test-support/http';
import { BuiltServer } from './built-server';
import { descendantsOf, isRunning } from './process-watch';
import { openViewer } from './raw-client';

/**
 * Faults a long-running server meets: its own ffmpegs killed, the server killed, cameras that
 * stall, drop, change resolution or password, a videos folder that turns read-only or full,
 * SIGTERM in the middle of everything. Each returns what happened, in words, for the report.
 */

export interface FaultResult {
  name: string;
  passed: boolean;
  /** What was observed (or "skipped: why"). */
  details: string;
  skipped?: boolean;
}

/** Settings of every server the faults start: fail fast on dead cameras, nothing downloaded. */
export const FAULT_SERVER_SETTINGS = {
  log_level: 'debug',
  proxy_mode: 'direct',
  auto_download: false,
  verify_attempts: 1,
};

interface Harness {
  root: string;
  cameras: SimCamera[];
  servers: BuiltServer[];
  mounts: string[];
}

async function withHarness(
  name: string,
  body: (h: Harness) => Promise<string>,
): Promise<FaultResult> {
  const h: Harness = {
    root: mkdtempSync(join(tmpdir(), 'camrec-fault-')),
    cameras: [],
    servers: [],
    mounts: [],
  };
  try {
    return { name, passed: true, details: await body(h) };
  } catch (error) {
    if (error instanceof Skip) return { name, passed: true, skipped: true, details: `skipped: ${error.message}` }; // prettier-ignore
    return { name, passed: false, details: (error as Error).message.slice(0, 500) };
  } finally {
    for (const server of h.servers) await server.stop();
    await Promise.all(h.cameras.map((camera) => camera.stop()));
    for (const mount of h.mounts) unmount(mount);
  }
}

class Skip extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function openSession(server: BuiltServer, url: string): Promise<string> {
  const opened = await server.json<{ session_id: string }>('POST', '/session/open', { url });
  check(opened.status === 201, `open answered ${opened.status}: ${JSON.stringify(opened.body)}`);
  return opened.body.session_id;
}

/** Starts the built server of a fault in its own folder; the harness stops it. */
async function startServer(
  h: Harness,
  settings: Record<string, unknown> = FAULT_SERVER_SETTINGS,
  root = join(h.root, 'server'),
): Promise<BuiltServer> {
  const server = await BuiltServer.start(root, settings);
  h.servers.push(server);
  return server;
}

/** Starts a recording of the session; resolves with the clip's file name. */
async function startRecording(server: BuiltServer, id: string): Promise<string> {
  const started = await server.json<{ filename: string }>('POST', '/record/start', { session_id: id }); // prettier-ignore
  check(started.status === 201, `record/start answered ${started.status}`);
  return started.body.filename;
}

async function session(server: BuiltServer, id: string) {
  const list = await server.json<SessionListResponse>('GET', '/session/list');
  return list.body.sessions.find((s) => s.session_id === id);
}

async function waitState(server: BuiltServer, id: string, state: string, timeoutMs = 45_000) {
  return waitFor(`session ${state}`, async () => ((await session(server, id))?.state === state ? true : undefined), timeoutMs); // prettier-ignore
}

async function recordingStatus(server: BuiltServer, id: string): Promise<RecordingStatus> {
  return (await server.json<RecordingStatus>('GET', `/record/status/${id}`)).body;
}

async function waitRecordingEnd(server: BuiltServer, id: string, timeoutMs = 30_000) {
  return waitFor(
    'the recording to end',
    async () => {
      const status = await recordingStatus(server, id);
      return ['completed', 'stopped', 'failed'].includes(status.state) ? status : undefined;
    },
    timeoutMs,
  );
}

/** Processes of the server whose command line matches, e.g. the ingest's ffmpeg. */
function serverProcesses(server: BuiltServer, pattern: RegExp): number[] {
  return descendantsOf(server.pid).filter((pid) => {
    try {
      return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}

function playableSeconds(file: string): number {
  assertPlayable(file);
  return Number(ffprobe(file).format.duration);
}

function mountTmpfs(dir: string, sizeMb: number): void {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new Skip('needs root on Linux to mount a small file system');
  }
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  } catch (error) {
    throw new Skip(`mount refused: ${(error as Error).message.split('\n')[0]}`);
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir]);
  } catch {
    // already gone
  }
}

export async function killIngest(): Promise<FaultResult> {
  return withHarness('kill -9 of an RTSP ingest while recording', async (h) => {
    const camera = await startRtspCamera({ codec: 'h264', gop: 1 });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await openSession(server, camera.url);
    const filename = await startRecording(server, id);
    await sleep(4000);
    const ingest = serverProcesses(server, /ffmpeg .*-i rtsp/);
    check(ingest.length === 1, `expected one ingest ffmpeg, found ${ingest.length}`);
    process.kill(ingest[0], 'SIGKILL');
    await waitState(server, id, 'active');
    await sleep(3000);
    await server.json('POST', '/record/stop', { session_id: id });
    const status = await waitRecordingEnd(server, id);
    const file = join(server.videosDir, filename);
    const seconds = playableSeconds(file);
    check(seconds >= 3.5, `the clip holds ${seconds} s; the 4 s before the fault must be kept`);
    const reconnects = (await session(server, id))?.stats.reconnects;
    return `session reconnected (reconnects: ${reconnects}); recording ended "${status.state}"${status.error ? ` (${status.error})` : ''}; file playable, ${seconds.toFixed(1)} s`;
  });
}

export async function killMjpegRecorder(): Promise<FaultResult> {
  return withHarness('kill -9 of an MJPEG recorder', async (h) => {
    const camera = await startMjpegCamera({ fps: 10 });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await openSession(server, camera.url);
    const filename = await startRecording(server, id);
    await sleep(3000);
    const recorder = serverProcesses(server, /ffmpeg .*libx264/);
    check(recorder.length === 1, `expected one recorder ffmpeg, found ${recorder.length}`);
    process.kill(recorder[0], 'SIGKILL');
    const status = await waitRecordingEnd(server, id);
    check(status.state === 'failed', `recording ended "${status.state}", expected "failed"`);
    await sleep(1000);
    const leftovers = readdirSync(server.videosDir).filter((f) => f.endsWith('.part'));
    check(leftovers.length === 0, `.part left behind: ${leftovers.join(', ')}`);
    const file = join(server.videosDir, filename);
    const kept = existsSync(file)
      ? `${playableSeconds(file).toFixed(1)} s kept, playable`
      : 'no frames had reached the file';
    check((await server.json('GET', '/health')).status === 200, 'the server stopped answering');
    return `clip "failed" (${status.error}); ${kept}; no .part left; server serving`;
  });
}

export async function killServer(): Promise<FaultResult> {
  return withHarness('kill -9 of the server mid-recording', async (h) => {
    const camera = await startRtspCamera({ codec: 'h264', gop: 1 });
    h.cameras.push(camera);
    const root = join(h.root, 'server');
    const first = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const id = await openSession(first, camera.url);
    const viewer = await openViewer(first.port, id, 'jpeg');
    const filename = await startRecording(first, id);
    await sleep(3000);
    const children = descendantsOf(first.pid);
    await first.kill9();
    viewer.terminate();
    const survivors = await waitFor('every child to end', async () => {
      const alive = children.filter(isRunning);
      return alive.length === 0 ? alive : undefined;
    }, 10_000).catch(() => children.filter(isRunning)); // prettier-ignore
    check(survivors.length === 0, `${survivors.length} of ${children.length} children outlived the server: ${survivors.join(', ')}`); // prettier-ignore
    const second = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const videos = await waitFor('the .part to be finalised', async () => {
      const list = await second.json<VideoListResponse>('GET', '/videos');
      return list.body.videos.find((v) => v.filename === filename);
    }, 30_000); // prettier-ignore
    const seconds = playableSeconds(join(second.videosDir, videos.filename));
    return `${children.length} children all ended after the kill; the next start finalised the clip: playable, ${seconds.toFixed(1)} s`;
  });
}

export async function cameraStall(): Promise<FaultResult> {
  return withHarness('camera stalls for 8 s', async (h) => {
    const camera = await startMjpegCamera({ fps: 10 });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await openSession(server, camera.url);
    for (const pid of camera.pids()) process.kill(pid, 'SIGSTOP');
    try {
      await waitState(server, id, 'reconnecting', 20_000);
      await sleep(3000);
    } finally {
      for (const pid of camera.pids()) process.kill(pid, 'SIGCONT');
    }
    await waitState(server, id, 'active');
    const before = (await session(server, id))?.stats.frames_in ?? 0;
    await sleep(2000);
    const after = (await session(server, id))?.stats.frames_in ?? 0;
    check(after > before, 'no frames after the camera came back');
    return `reconnecting during the stall, active again after it; ${after - before} frames in the next 2 s`;
  });
}

export async function cameraChangesResolution(): Promise<FaultResult> {
  return withHarness('camera disconnects, then comes back with another resolution', async (h) => {
    const camera = await startMjpegCamera({ fps: 10, width: 640, height: 360 });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await openSession(server, camera.url);
    await camera.stop();
    await waitState(server, id, 'reconnecting', 20_000);
    const replaced = await startMjpegCamera({ fps: 10, width: 320, height: 240, port: camera.port }); // prettier-ignore
    h.cameras.push(replaced);
    await waitState(server, id, 'active');
    const before = (await session(server, id))?.stats.frames_in ?? 0;
    await sleep(2000);
    const item = await session(server, id);
    check((item?.stats.frames_in ?? 0) > before, 'no frames after the camera came back');
    return `reconnected; frames flow again; media now reported as ${item?.media.video.width}x${item?.media.video.height}`;
  });
}

export async function cameraChangesPassword(): Promise<FaultResult> {
  return withHarness('camera password changes', async (h) => {
    const auth = { type: 'basic' as const, user: 'admin', password: 'first-Zq9' };
    const camera = await startMjpegCamera({ fps: 10, auth });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await openSession(server, camera.urlWithCredentials ?? '');
    await camera.stop();
    const changed = await startMjpegCamera({ fps: 10, port: camera.port, auth: { ...auth, password: 'second-Zq9' } }); // prettier-ignore
    h.cameras.push(changed);
    const reason = await waitFor('the session to report the refusal', async () => {
        const item = await session(server, id);
        return item?.state === 'reconnecting' && /401|auth|password|credential/i.test(item.last_error ?? '') ? item.last_error : undefined;
      }, 45_000); // prettier-ignore
    check((await server.json('GET', '/health')).status === 200, 'the server stopped answering');
    const leaked = server.output.join('').includes('first-Zq9');
    check(!leaked, 'the old password appears in the log');
    return `session keeps retrying and says why: "${reason}"; password not in the log`;
  });
}

/** Above the server's own floor for starting a recording (256 MiB free). */
const SMALL_DISK_MB = 320;

/** Takes every free byte of the file system that holds `dir` (dd stops at ENOSPC). */
function fillUp(dir: string): void {
  spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler.bin')}`, 'bs=1M'], { stdio: 'ignore' });
}

export async function videosFolderFull(): Promise<FaultResult> {
  return withHarness('videos folder fills up mid-recording', async (h) => {
    const root = join(h.root, 'server');
    mountTmpfs(join(root, 'videos'), SMALL_DISK_MB);
    h.mounts.push(join(root, 'videos'));
    const camera = await startRtspCamera({ codec: 'h264', gop: 1 });
    h.cameras.push(camera);
    const server = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const id = await openSession(server, camera.url);
    await startRecording(server, id);
    await sleep(2000);
    fillUp(server.videosDir);
    const status = await waitRecordingEnd(server, id, 60_000);
    check(status.state === 'failed', `the recording ended "${status.state}", expected "failed"`);
    check(Boolean(status.error), 'the failure has no reason');
    const health = await server.json('GET', '/health');
    const list = await server.json('GET', '/session/list');
    check(health.status === 200 && list.status === 200, 'the server stopped answering');
    return `clip failed with "${status.error}"; /health and /session/list still answer 200`;
  });
}

/**
 * Linux refuses to remount a file system read-only while a file on it is open for writing
 * (EBUSY), so the folder turns read-only between two recordings: the next start must fail
 * with the reason, and recording must work again once the folder is writable.
 */
export async function videosFolderReadOnly(): Promise<FaultResult> {
  return withHarness('videos folder turns read-only between recordings', async (h) => {
    const root = join(h.root, 'server');
    const videos = join(root, 'videos');
    mountTmpfs(videos, SMALL_DISK_MB);
    h.mounts.push(videos);
    const camera = await startMjpegCamera({ fps: 10 });
    h.cameras.push(camera);
    // The index on another disk: `mount -o remount,ro` refuses a file system with files open for
    // writing, as the index is (a disk the kernel turns read-only after errors does not ask).
    const settings = { ...FAULT_SERVER_SETTINGS, index_path: join(root, 'index.sqlite') };
    const server = await startServer(h, settings, root);
    const id = await openSession(server, camera.url);
    execFileSync('mount', ['-o', 'remount,ro', videos]);
    const refused = await server.json<{ message: string }>('POST', '/record/start', { session_id: id, duration: 2 }); // prettier-ignore
    const status = await recordingStatus(server, id);
    const failedClearly =
      (refused.status >= 400 && refused.status < 500) ||
      refused.status === 507 ||
      (refused.status === 201 && (await waitRecordingEnd(server, id)).state === 'failed');
    check(failedClearly, `record/start on a read-only folder answered ${refused.status} ${JSON.stringify(refused.body)}`); // prettier-ignore
    execFileSync('mount', ['-o', 'remount,rw', videos]);
    const again = await server.json('POST', '/record/start', { session_id: id, duration: 2 });
    check(again.status === 201, `recording did not work again: ${again.status}`);
    const done = await waitRecordingEnd(server, id);
    check(done.state === 'completed', `the next clip ended "${done.state}"`);
    return `read-only: ${refused.status} "${refused.body.message ?? status.error}"; writable again: next clip completed`;
  });
}

export async function sigtermUnderLoad(): Promise<FaultResult> {
  return withHarness('SIGTERM with viewers and recordings active', async (h) => {
    const rtsp = await startRtspCamera({ codec: 'h264', audio: 'aac', gop: 1 });
    const mjpeg = await startMjpegCamera({ fps: 10 });
    h.cameras.push(rtsp, mjpeg);
    const server = await startServer(h);
    const ids = [await openSession(server, rtsp.url), await openSession(server, mjpeg.url)];
    const viewers = await Promise.all([
      openViewer(server.port, ids[0], 'mse'),
      openViewer(server.port, ids[0], 'jpeg'),
      openViewer(server.port, ids[1], 'jpeg'),
    ]);
    const files: string[] = [];
    for (const id of ids) files.push(await startRecording(server, id));
    await sleep(3000);
    const children = descendantsOf(server.pid);
    const exitMs = await server.stop();
    viewers.forEach((viewer) => viewer.terminate());
    check(exitMs <= 10_000, `exit took ${exitMs} ms (limit 10 s)`);
    const alive = children.filter(isRunning);
    check(alive.length === 0, `${alive.length} children outlived the server`);
    const leftovers = readdirSync(server.videosDir).filter((f) => f.endsWith('.part'));
    check(leftovers.length === 0, `.part left: ${leftovers.join(', ')}`);
    const seconds = files.map((f) => playableSeconds(join(server.videosDir, f)).toFixed(1));
    return `exit in ${exitMs} ms; ${children.length} children ended; both clips finalised and playable (${seconds.join(' s, ')} s)`;
  });
}

/**
 * A request still being answered must not hold the exit: here an open that waits up to 30 s
 * for a camera that accepts the connection and never sends a byte.
 */
export async function sigtermWhileOpening(): Promise<FaultResult> {
  return withHarness('SIGTERM while a camera is still opening', async (h) => {
    const silent = await startMjpegCamera({ silent: true });
    h.cameras.push(silent);
    const server = await startServer(h, { ...FAULT_SERVER_SETTINGS, verify_timeout_s: 30 });
    const opening = server.json('POST', '/session/open', { url: silent.url }).catch(() => null);
    await sleep(1000);
    const children = descendantsOf(server.pid);
    const exitMs = await server.stop();
    await opening;
    check(exitMs <= 10_000, `exit took ${exitMs} ms (limit 10 s) with an open in progress`);
    const alive = children.filter(isRunning);
    check(alive.length === 0, `${alive.length} children outlived the server`);
    return `exit in ${exitMs} ms with an open in progress; nothing left running`;
  });
}

/** Every fault, in the order the report lists them. */
export const FAULTS: ReadonlyArray<() => Promise<FaultResult>> = [
  killIngest,
  killMjpegRecorder,
  killServer,
  cameraStall,
  cameraChangesResolution,
  cameraChangesPassword,
  videosFolderFull,
  videosFolderReadOnly,
  sigtermUnderLoad,
  sigtermWhileOpening,
];
