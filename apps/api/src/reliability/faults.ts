import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CameraInfo,
  CameraListResponse,
  ExportInfo,
  OfflinePeriodListResponse,
  RecordingStatus,
  SegmentInfo,
  SegmentListResponse,
  SessionListResponse,
  VideoListResponse,
} from '@camrec/shared-types';
import { SimCamera, startMjpegCamera, startRtspCamera } from '@camrec/testing/camera-sim';
import { isPidAlive } from '@camrec/process';
import { launchServer, sleep, type LaunchedServer, waitFor } from '@camrec/testing';
import { descendantsOf, readProcess } from './process-watch';
import { openViewer } from './raw-client';
import { assertPlayable, ffprobe } from '@camrec/testing';

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
  servers: LaunchedServer[];
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
    // Only now: with a file system still mounted in it, the folder could not be removed.
    rmSync(h.root, { recursive: true, force: true });
  }
}

class Skip extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function openSession(server: LaunchedServer, url: string): Promise<string> {
  const opened = await server.json<{ session_id: string }>('POST', '/session/open', { url });
  check(opened.status === 201, `open answered ${opened.status}: ${JSON.stringify(opened.body)}`);
  return opened.body.session_id;
}

/** Starts the built server of a fault in its own folder; the harness stops it. */
async function startServer(
  h: Harness,
  settings: Record<string, unknown> = FAULT_SERVER_SETTINGS,
  root = join(h.root, 'server'),
): Promise<LaunchedServer> {
  const server = await launchServer({ dir: root, settings });
  h.servers.push(server);
  return server;
}

/** Starts a recording of the session; resolves with the clip's file name. */
async function startRecording(server: LaunchedServer, id: string): Promise<string> {
  const started = await server.json<{ filename: string }>('POST', '/record/start', { session_id: id }); // prettier-ignore
  check(started.status === 201, `record/start answered ${started.status}`);
  return started.body.filename;
}

async function session(server: LaunchedServer, id: string) {
  const list = await server.json<SessionListResponse>('GET', '/session/list');
  return list.body.sessions.find((s) => s.session_id === id);
}

async function waitState(server: LaunchedServer, id: string, state: string, timeoutMs = 45_000) {
  return waitFor(`session ${state}`, async () => ((await session(server, id))?.state === state ? true : undefined), { timeoutMs }); // prettier-ignore
}

async function recordingStatus(server: LaunchedServer, id: string): Promise<RecordingStatus> {
  return (await server.json<RecordingStatus>('GET', `/record/status/${id}`)).body;
}

async function waitRecordingEnd(server: LaunchedServer, id: string, timeoutMs = 30_000) {
  return waitFor(
    'the recording to end',
    async () => {
      const status = await recordingStatus(server, id);
      return ['completed', 'stopped', 'failed'].includes(status.state) ? status : undefined;
    },
    { timeoutMs },
  );
}

/** Processes of the server whose command line matches, e.g. the ingest's ffmpeg. */
function serverProcesses(server: LaunchedServer, pattern: RegExp): number[] {
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
      const alive = children.filter(isPidAlive);
      return alive.length === 0 ? alive : undefined;
    }, { timeoutMs: 10_000 }).catch(() => children.filter(isPidAlive)); // prettier-ignore
    check(survivors.length === 0, `${survivors.length} of ${children.length} children outlived the server: ${survivors.join(', ')}`); // prettier-ignore
    const second = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const videos = await waitFor('the .part to be finalised', async () => {
      const list = await second.json<VideoListResponse>('GET', '/videos');
      return list.body.videos.find((v) => v.filename === filename);
    }, { timeoutMs: 30_000 }); // prettier-ignore
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
      }, { timeoutMs: 45_000 }); // prettier-ignore
    check((await server.json('GET', '/health')).status === 200, 'the server stopped answering');
    const leaked = server.output().includes('first-Zq9');
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
    const { stopMs: exitMs } = await server.stop();
    viewers.forEach((viewer) => viewer.terminate());
    check(exitMs <= 10_000, `exit took ${exitMs} ms (limit 10 s)`);
    const alive = children.filter(isPidAlive);
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
    const { stopMs: exitMs } = await server.stop();
    await opening;
    check(exitMs <= 10_000, `exit took ${exitMs} ms (limit 10 s) with an open in progress`);
    const alive = children.filter(isPidAlive);
    check(alive.length === 0, `${alive.length} children outlived the server`);
    return `exit in ${exitMs} ms with an open in progress; nothing left running`;
  });
}

const MB = 1024 * 1024;
const HOUR_MS = 3_600_000;

/** A saved camera recorded around the clock in 2 s segments; verified, so it must open. */
async function saveContinuousCamera(server: LaunchedServer, url: string): Promise<string> {
  const body = { name: 'Yard', url, record: 'continuous', segment_s: 2 };
  const saved = await server.json<CameraInfo>('POST', '/cameras', body);
  check(saved.status === 201, `POST /cameras answered ${saved.status}: ${JSON.stringify(saved.body)}`); // prettier-ignore
  return saved.body.id;
}

async function cameraInfo(server: LaunchedServer, id: string): Promise<CameraInfo> {
  const answer = await server.json<CameraInfo>('GET', `/cameras/${id}`);
  check(answer.status === 200, `GET /cameras/${id} answered ${answer.status}`);
  return answer.body;
}

/** The camera's segments of the last hour, oldest first. */
async function listSegments(server: LaunchedServer, id: string): Promise<SegmentInfo[]> {
  const start = Date.now() - HOUR_MS;
  const answer = await server.json<SegmentListResponse>('GET', `/cameras/${id}/segments?start=${start}&limit=5000`); // prettier-ignore
  check(answer.status === 200, `GET /cameras/${id}/segments answered ${answer.status}`);
  return answer.body.segments;
}

/** Resolves with the final segments once `count` of them started at `since` or later. */
async function waitFinalSegments(
  server: LaunchedServer,
  id: string,
  count: number,
  since = 0,
  timeoutMs = 30_000,
): Promise<SegmentInfo[]> {
  return waitFor(`${count} final segments`, async () => {
    const finals = (await listSegments(server, id)).filter((s) => s.state === 'final' && Date.parse(s.started_at) >= since); // prettier-ignore
    return finals.length >= count ? finals : undefined;
  }, { timeoutMs }); // prettier-ignore
}

/** Files of the camera's segments in the folder: final (`.mp4`) or being written (`.part`). */
function segmentFiles(videosDir: string, id: string, suffix: '.mp4' | '.part' = '.mp4'): string[] {
  const root = join(videosDir, 'continuous', id);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(root, name));
}

/** The file of a listed segment (its name holds its start, UTC). */
function segmentFile(videosDir: string, id: string, segment: SegmentInfo): string {
  const iso = new Date(segment.started_at).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}T${iso.slice(11, 19).replace(/:/g, '')}${iso.slice(19)}`; // prettier-ignore
  return join(videosDir, 'continuous', id, iso.slice(0, 10), `${id}_${stamp}${segment.state === 'final' ? '.mp4' : '.mp4.part'}`); // prettier-ignore
}

/** Bytes of the files under `dir` (files deleted while it walks are skipped). */
function folderBytes(dir: string): number {
  let bytes = 0;
  const entries = existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
  for (const name of entries) {
    try {
      const stats = statSync(join(dir, name));
      if (stats.isFile()) bytes += stats.size;
    } catch {
      // deleted meanwhile (retention)
    }
  }
  return bytes;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * Reads what a dashboard polls, every 500 ms while a fault runs, and keeps every 5xx (and every
 * failed request while the server runs).
 */
function watchForServerErrors(server: LaunchedServer, paths: string[]) {
  const errors: string[] = [];
  let requests = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const path of paths) {
        try {
          const response = await fetch(`${server.baseUrl}${path}`);
          const text = await response.text();
          requests += 1;
          if (response.status >= 500) errors.push(`${path}: ${response.status} ${text.slice(0, 200)}`); // prettier-ignore
        } catch (error) {
          if (server.running) errors.push(`${path}: ${(error as Error).message}`);
        }
      }
      await sleep(500);
    }
  })();
  return {
    async stop(): Promise<{ requests: number; errors: string[] }> {
      running = false;
      await loop;
      return { requests, errors };
    },
  };
}

function watchedRoutes(id: string): string[] {
  return [`/cameras/${id}`, `/cameras/${id}/segments`, '/cameras', '/health'];
}

/**
 * The retention fault's disk: footage and the index share the room above the floor (the
 * recorder itself refuses to open a segment with less than 256 MiB free, so the floor is above
 * that), and the camera fills it every few seconds. 6 MB hold the index (0.8 MB measured), the
 * segment being written and at least two final ones (1.1–1.6 MB each); 4 MB sometimes held only
 * one final segment beside the others, and the check of the two newest failed.
 */
const RETENTION_DISK_MB = 274;
const RETENTION_MIN_FREE_MB = 268;

export async function continuousDiskFullWithRetention(): Promise<FaultResult> {
  return withHarness(
    'disk full while recording around the clock, retention deleting the oldest',
    async (h) => {
      // prettier-ignore
      const root = join(h.root, 'server');
      const videos = join(root, 'videos');
      mountTmpfs(videos, RETENTION_DISK_MB);
      h.mounts.push(videos);
      // 960x540 at 25 fps: ~4.5 Mbit/s, a segment of 2 s is ~1.1 MB.
      const camera = await startRtspCamera({ gop: 1, width: 960, height: 540 });
      h.cameras.push(camera);
      const settings = { ...FAULT_SERVER_SETTINGS, retention_min_free_gb: RETENTION_MIN_FREE_MB / 1024 }; // prettier-ignore
      const server = await startServer(h, settings, root);
      const id = await saveContinuousCamera(server, camera.url);
      const watch = watchForServerErrors(server, watchedRoutes(id));
      const room = (RETENTION_DISK_MB - RETENTION_MIN_FREE_MB) * MB;
      const seen = new Map<number, SegmentInfo>();
      let footageMax = 0;
      const deadline = Date.now() + 90_000;
      const written = () => [...seen.values()].reduce((n, s) => n + s.bytes, 0);
      // Until the room has been filled twice over, the footage's size every second.
      while (written() < 2 * room) {
        check(Date.now() < deadline, `only ${mb(written())} recorded in 90 s`);
        await sleep(1000);
        footageMax = Math.max(footageMax, folderBytes(join(videos, 'continuous')));
        for (const segment of await listSegments(server, id)) seen.set(segment.id, segment);
      }
      const { requests, errors } = await watch.stop();
      const { listed, copies } = await copyNewestFinals(server, id, videos, h.root);
      const kept = new Set(listed.map((s) => s.id));
      const deleted = [...seen.values()].filter((s) => !kept.has(s.id));
      const largest = Math.max(...[...seen.values()].map((s) => s.bytes));
      check(deleted.length > 0, 'retention deleted no segment');
      const firstKept = Math.min(...listed.map((s) => Date.parse(s.started_at)));
      check(deleted.every((s) => Date.parse(s.started_at) < firstKept), 'a newer segment was deleted before an older one'); // prettier-ignore
      check(footageMax <= room + largest, `footage reached ${mb(footageMax)}; the room is ${mb(room)} and a segment up to ${mb(largest)}`); // prettier-ignore
      // Recording goes on: the newest segments are recent, final and play.
      const newest = listed.filter((s) => s.state === 'final').slice(-2);
      check(copies.length === 2, `${newest.length} final segments left`);
      check(Date.parse(newest[1].ended_at) > Date.now() - 8000, `the newest final segment ended at ${newest[1].ended_at}: recording stopped`); // prettier-ignore
      for (const copy of copies) assertPlayable(copy);
      check(errors.length === 0, `server errors: ${errors.slice(0, 3).join('; ')}`);
      const index = folderBytes(videos) - folderBytes(join(videos, 'continuous'));
      return `${mb(written())} recorded into ${mb(room)} of room (the index takes ${mb(index)}) (${seen.size} segments): retention deleted the ${deleted.length} oldest, ${listed.length} left; footage at most ${mb(footageMax)} (room + one segment: ${mb(room + largest)}); the newest segments final and playable; ${requests} reads, no 5xx`; // prettier-ignore
    },
  );
}

/**
 * The listing and copies of its two newest final segments, taken at once: the room holds ~3
 * segments, so retention may delete one of them a moment after it was listed (then it lists
 * again). The copies are played, outside the small disk.
 */
async function copyNewestFinals(
  server: LaunchedServer,
  id: string,
  videos: string,
  into: string,
): Promise<{ listed: SegmentInfo[]; copies: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const listed = await listSegments(server, id);
    const newest = listed.filter((s) => s.state === 'final').slice(-2);
    try {
      const copies = newest.map((segment, i) => {
        const copy = join(into, `newest-${i}.mp4`);
        copyFileSync(segmentFile(videos, id, segment), copy);
        return copy;
      });
      return { listed, copies };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

export async function continuousDiskFullWithoutRetention(): Promise<FaultResult> {
  return withHarness('disk full while recording around the clock, no retention', async (h) => {
    const root = join(h.root, 'server');
    const videos = join(root, 'videos');
    mountTmpfs(videos, SMALL_DISK_MB);
    h.mounts.push(videos);
    const camera = await startRtspCamera({ gop: 1 });
    h.cameras.push(camera);
    const server = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const id = await saveContinuousCamera(server, camera.url);
    await waitFinalSegments(server, id, 2);
    const watch = watchForServerErrors(server, watchedRoutes(id));
    fillUp(videos);
    const filledAt = Date.now();
    // Loud: the camera says it is not recorded and why, and so does the log.
    const failing = await waitFor('the camera to say why it is not recorded', async () => {
      const status = (await cameraInfo(server, id)).status;
      return !status.recording && status.recording_error ? status : undefined;
    }, { timeoutMs: 20_000 }); // prettier-ignore
    const logged = await waitFor('the failure in the log', async () =>
      server.output().split('\n').find((line) => / - continuous - ERROR - /.test(line)),
    ); // prettier-ignore
    check(failing.state === 'online', `the camera is ${failing.state} while its disk is full`);
    // It keeps failing while the disk is full, and tries again by itself.
    await sleep(6000);
    const whileFull = (await listSegments(server, id)).filter((s) => Date.parse(s.started_at) > filledAt + 1000); // prettier-ignore
    check(whileFull.every((s) => s.state === 'writing' && s.bytes === 0) && whileFull.length <= 1, `segments while the disk was full: ${JSON.stringify(whileFull)}`); // prettier-ignore
    rmSync(join(videos, 'filler.bin'));
    const freedAt = Date.now();
    const resumed = await waitFinalSegments(server, id, 2, freedAt, 40_000);
    const { requests, errors } = await watch.stop();
    const after = (await cameraInfo(server, id)).status;
    check(after.recording && after.recording_error === null, `after the disk was freed: ${JSON.stringify(after)}`); // prettier-ignore
    for (const segment of resumed) assertPlayable(segmentFile(videos, id, segment));
    // Nothing of the failure is left in the index: one row being written, the segment now.
    const writing = (await listSegments(server, id)).filter((s) => s.state === 'writing');
    check(writing.length === 1, `${writing.length} segments listed as being written: ${JSON.stringify(writing)}`); // prettier-ignore
    check(errors.length === 0, `server errors: ${errors.slice(0, 3).join('; ')}`);
    const resumedS = (Date.parse(resumed[0].started_at) - freedAt) / 1000;
    return `status while full: recording false, "${failing.recording_error}"; logged "${logged.replace(/^.* - ERROR - /, '')}"; no segment while full; recording again by itself ${resumedS.toFixed(1)} s after files were deleted, segments playable, no row left behind; ${requests} reads, no 5xx`; // prettier-ignore
  });
}

export async function continuousCameraAway(): Promise<FaultResult> {
  return withHarness('camera away for 20 s while recorded around the clock', async (h) => {
    const camera = await startRtspCamera({ gop: 1 });
    h.cameras.push(camera);
    const server = await startServer(h);
    const id = await saveContinuousCamera(server, camera.url);
    await waitFinalSegments(server, id, 1);
    const watch = watchForServerErrors(server, watchedRoutes(id));
    await camera.stop();
    const stoppedAt = Date.now();
    await sleep(20_000);
    const back = await startRtspCamera({ gop: 1, port: camera.port });
    h.cameras.push(back);
    const backAt = Date.now();
    const after = await waitFinalSegments(server, id, 1, backAt, 60_000);
    const reopenedS = (Date.parse(after[0].started_at) - backAt) / 1000;
    const { requests, errors } = await watch.stop();
    const offline = await server.json<OfflinePeriodListResponse>('GET', `/cameras/${id}/offline`);
    const periods = offline.body.periods;
    check(periods.length === 1, `offline periods: ${JSON.stringify(periods)}`);
    const [period] = periods;
    check(period.ended_at !== null, 'the offline period has no end');
    const periodStart = Date.parse(period.started_at);
    const periodEnd = Date.parse(period.ended_at as string);
    check(periodStart >= stoppedAt - 1000 && periodStart <= stoppedAt + 10_000, `the period starts at ${period.started_at}, the camera stopped at ${new Date(stoppedAt).toISOString()}`); // prettier-ignore
    check(periodEnd >= backAt, `the period ends at ${period.ended_at}, before the camera was back`);
    // The gap is between two segments: one ends before the camera went, the next starts after.
    const segments = await listSegments(server, id);
    const gaps = segments.slice(1).map((s, i) => ({ before: segments[i], after: s, s: (Date.parse(s.started_at) - Date.parse(segments[i].ended_at)) / 1000 })); // prettier-ignore
    const gap = gaps.reduce((a, b) => (b.s > a.s ? b : a));
    check(gap.s >= 19, `the largest gap between segments is ${gap.s} s`);
    // The segments' times are the camera's (its sender reports): allow a second either way.
    const where = `the gap runs ${gap.before.ended_at} → ${gap.after.started_at}, the camera was away ${new Date(stoppedAt).toISOString()} → ${new Date(backAt).toISOString()}`; // prettier-ignore
    check(Date.parse(gap.before.ended_at) <= stoppedAt + 1000 && Date.parse(gap.after.started_at) >= backAt - 1000, where); // prettier-ignore
    const otherGaps = gaps.filter((g) => g !== gap && g.s > 0.5);
    check(otherGaps.length === 0, `other gaps: ${otherGaps.map((g) => `${g.s} s`).join(', ')}`);
    const files = segmentFiles(server.videosDir, id);
    for (const file of files) assertPlayable(file);
    check(errors.length === 0, `server errors: ${errors.slice(0, 3).join('; ')}`);
    return `recording resumed by itself ${reopenedS.toFixed(1)} s after the camera was back; offline ${period.started_at.slice(11, 19)}–${(period.ended_at as string).slice(11, 19)} ("${period.reason}"); a gap of ${gap.s.toFixed(1)} s between two segments, none elsewhere; all ${files.length} files play; ${requests} reads, no 5xx`; // prettier-ignore
  });
}

export async function continuousKillServer(): Promise<FaultResult> {
  return withHarness('kill -9 of the server while recording around the clock', async (h) => {
    const camera = await startRtspCamera({ gop: 1 });
    h.cameras.push(camera);
    const root = join(h.root, 'server');
    const first = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const id = await saveContinuousCamera(first, camera.url);
    await waitFinalSegments(first, id, 2);
    await sleep(1000);
    const partsAtKill = segmentFiles(first.videosDir, id, '.part');
    check(
      partsAtKill.length === 1,
      `${partsAtKill.length} segments were being written at the kill`,
    );
    await first.kill9();
    const second = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const restartedAt = Date.now();
    // The camera reopens and records by itself.
    await waitFinalSegments(second, id, 1, restartedAt);
    check(!existsSync(partsAtKill[0]), 'the segment being written at the kill is still a .part');
    // Index and folder agree: as many final rows as .mp4 files, as many rows being written as
    // .part files (one, the segment being recorded); read until no segment is finished or
    // begun between (a new segment's row comes a moment before its file, by design).
    const agreement = await waitFor('a reading with no segment finished or begun between', async () => {
      const files = segmentFiles(second.videosDir, id);
      const parts = segmentFiles(second.videosDir, id, '.part');
      const rows = await listSegments(second, id);
      const again = [segmentFiles(second.videosDir, id), segmentFiles(second.videosDir, id, '.part')];
      if (again[0].length !== files.length || again[1].length !== parts.length) return undefined;
      if (rows.filter((s) => s.state === 'writing').length !== parts.length) return undefined;
      return { files, parts, rows };
    }, { timeoutMs: 10_000 }).catch(() => null); // prettier-ignore
    if (!agreement) throw new Error('index and folder never agreed in 10 s of readings');
    const finals = agreement.rows.filter((s) => s.state === 'final');
    const writing = agreement.rows.filter((s) => s.state === 'writing');
    check(finals.length === agreement.files.length, `${finals.length} final segments listed, ${agreement.files.length} .mp4 files`); // prettier-ignore
    check(writing.length === agreement.parts.length && writing.length <= 1, `${writing.length} segments listed as being written, ${agreement.parts.length} .part files`); // prettier-ignore
    check(finals.every((s) => agreement.files.includes(segmentFile(second.videosDir, id, s))), 'a listed segment has no file'); // prettier-ignore
    for (const file of agreement.files) assertPlayable(file);
    return `the segment being written at the kill was repaired; ${finals.length} final segments listed = ${agreement.files.length} .mp4 files, all playable; ${agreement.parts.length} .part, the segment being recorded; the camera reopened and recorded by itself`; // prettier-ignore
  });
}

export async function continuousIndexDeleted(): Promise<FaultResult> {
  return withHarness('the index deleted while the server is stopped', async (h) => {
    const camera = await startRtspCamera({ gop: 1 });
    h.cameras.push(camera);
    const root = join(h.root, 'server');
    const first = await startServer(h, FAULT_SERVER_SETTINGS, root);
    const id = await saveContinuousCamera(first, camera.url);
    await waitFinalSegments(first, id, 3);
    await first.stop();
    const files = segmentFiles(first.videosDir, id);
    for (const name of readdirSync(first.videosDir).filter((n) => n.startsWith('index.sqlite'))) {
      rmSync(join(first.videosDir, name));
    }
    const second = await startServer(h, FAULT_SERVER_SETTINGS, root);
    // The camera id from the folder: saved cameras are lost with the index (README).
    const [folderId] = readdirSync(join(second.videosDir, 'continuous'));
    const cameras = (await second.json<CameraListResponse>('GET', '/cameras')).body.cameras;
    const listed = await listSegments(second, folderId);
    check(
      listed.length === files.length,
      `${listed.length} segments listed, ${files.length} files`,
    );
    check(listed.every((s) => s.state === 'final' && files.includes(segmentFile(second.videosDir, folderId, s))), 'the listed segments are not the files'); // prettier-ignore
    check(listed.every((s) => s.frames > 0 && s.bytes > 0), 'a segment was listed without its frames or size'); // prettier-ignore
    return `all ${files.length} segments of camera ${folderId} listed again from the folder (final, with frames and size); saved cameras after the loss: ${cameras.length}, as documented`; // prettier-ignore
  });
}

/** Reads `path` whole (a bounded answer or an error): its status and size. */
async function read(
  server: LaunchedServer,
  path: string,
): Promise<{ status: number; bytes: number }> {
  const answer = await fetch(`${server.baseUrl}${path}`);
  return { status: answer.status, bytes: (await answer.arrayBuffer()).byteLength };
}

export async function continuousFootageDeleted(): Promise<FaultResult> {
  return withHarness(
    'footage deleted behind the index, then played and exported thirty times at once',
    async (h) => {
      // prettier-ignore
      const camera = await startRtspCamera({ gop: 1 });
      h.cameras.push(camera);
      const server = await startServer(h);
      const id = await saveContinuousCamera(server, camera.url);
      const finals = await waitFinalSegments(server, id, 3);
      const watch = watchForServerErrors(server, watchedRoutes(id));
      // The middle segment's file goes behind the server's back (a user, a failing disk); its
      // row stays in the index.
      const gone = finals[1];
      rmSync(segmentFile(server.videosDir, id, gone));
      const from = Date.parse(finals[0].started_at);
      const to = Date.parse(finals[2].ended_at);
      const at = Date.parse(gone.started_at) + 500;
      const reads = {
        range: await read(server, `/cameras/${id}/video.mp4?start=${from}&end=${to}`),
        playback: await read(server, `/cameras/${id}/playback.mp4?at=${at}`),
        thumbnail: await read(server, `/cameras/${id}/thumbnail.jpg?at=${at}`),
        timeline: await read(server, `/cameras/${id}/timeline?start=${from}&end=${to}`),
      };
      const shown = Object.entries(reads)
        .map(([name, r]) => `${name} ${r.status}`)
        .join(', ');
      check(Object.values(reads).every((r) => r.status < 500), `a read of the deleted footage failed: ${shown}`); // prettier-ignore
      check(reads.range.status >= 400, `the range over the deleted file was sent (${reads.range.status}): it would have a hole`); // prettier-ignore
      // Thirty exports of that range at once: a bounded queue, the rest told to wait; each one
      // accepted ends, failed with a reason, and leaves no file.
      const rssBefore = readProcess(server.pid).rssMb;
      const range = { camera_id: id, start: String(from), end: String(to) };
      const burst = await Promise.all(Array.from({ length: 30 }, () => server.json<ExportInfo>('POST', '/exports', range))); // prettier-ignore
      const statuses = burst.map((answer) => answer.status);
      const queued = burst.filter((answer) => answer.status === 202).map((answer) => answer.body);
      check(statuses.every((status) => status === 202 || status === 429), `exports answered ${[...new Set(statuses)].join(', ')}`); // prettier-ignore
      // At most 8 wait or run at once; these fail fast and free their places as the burst arrives.
      check(queued.length >= 1 && queued.length < 30, `${queued.length} of 30 exports queued at once: the queue is unbounded`); // prettier-ignore
      const ended = await waitFor('the queued exports to end', async () => {
      const states = await Promise.all(queued.map(async (job) => (await server.json<ExportInfo>('GET', `/exports/${job.id}`)).body)); // prettier-ignore
      return states.every((job) => job.state === 'done' || job.state === 'failed') ? states : undefined; // prettier-ignore
    }, { timeoutMs: 60_000 }); // prettier-ignore
      check(ended.every((job) => job.state === 'failed' && (job.error ?? '') !== ''), `exports of the deleted footage: ${ended.map((job) => `${job.state} ${job.error ?? ''}`).join('; ').slice(0, 300)}`); // prettier-ignore
      const leftovers = readdirSync(server.videosDir).filter((name) => name.endsWith('.mp4') || name.endsWith('.export')); // prettier-ignore
      check(leftovers.length === 0, `files left by the failed exports: ${leftovers.join(', ')}`);
      const rssGrowth = readProcess(server.pid).rssMb - rssBefore;
      check(rssGrowth < 50, `the server grew by ${rssGrowth.toFixed(0)} MB over the burst`);
      // And recording went on throughout.
      await waitFinalSegments(server, id, 1, Date.now());
      const { requests, errors } = await watch.stop();
      check(errors.length === 0, `server errors: ${errors.slice(0, 3).join('; ')}`);
      return `reads of the deleted footage: ${shown}; 30 exports at once: ${queued.length} queued, ${30 - queued.length} told to wait (429), every queued one failed with a reason ("${(ended[0].error ?? '').slice(0, 80)}"), no file left; server RSS ${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(0)} MB; recording went on; ${requests} reads, no 5xx`; // prettier-ignore
    },
  );
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
  continuousDiskFullWithRetention,
  continuousDiskFullWithoutRetention,
  continuousCameraAway,
  continuousKillServer,
  continuousIndexDeleted,
  continuousFootageDeleted,
];
