import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '@camrec/catalog';
import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import { makeFragmentedMp4, toPackets } from '../test-support/mp4-fixtures';
import { reconcileSegments, settleWritingSegments } from './segment-reconciliation';
import { SegmentRecorder } from './segment-recorder';
import type { SegmentSink } from './segment-sink';
import { feedHub, testRecorderOptions } from './test-support/segment-test-support';

/** Fed 8× faster than real time, the segments' wall-clock times run ahead of now. */
const FAR = Date.now() + 3_600_000;
const stream = toPackets(makeFragmentedMp4({ seconds: 8, fps: 10, gop: 10, audio: false }));

function playable(file: string): number {
  const out = execFileSync('ffprobe', [
    ...['-v', 'error', '-count_packets', '-select_streams', 'v:0'],
    ...['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file],
  ]);
  return Number(out.toString().trim());
}

describe('reconcileSegments: the index and the folder agree after a crash or a lost index', () => {
  let dir: string;
  let catalog: Catalog;
  const registry = new ChildProcessRegistry();

  /** Records the stream into 2 s segments through a sink writing to the real index. */
  async function record(sink: SegmentSink = indexSink()): Promise<string[]> {
    const hub = new StreamHub();
    const recorder = await SegmentRecorder.start(
      testRecorderOptions({
        cameraId: 'cam-1',
        hub,
        videosDir: dir,
        sourceType: 'rtsp',
        sink,
        registry,
      }),
    );
    await feedHub(hub, stream, { speed: 8 });
    await recorder.stop();
    return catalog.segments.allPaths();
  }

  function indexSink(): SegmentSink {
    return {
      segmentOpened: async (s) =>
        String(
          await catalog.segments.startWriting({
            cameraId: 'cam-1',
            path: s.path,
            startMs: s.startMs,
            codec: s.codec,
            storage: s.storage,
          }),
        ),
      segmentClosed: async (id, facts) => {
        await catalog.segments.finish(Number(id), facts);
      },
    };
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camrec-reconcile-'));
    catalog = await Catalog.open(join(dir, 'index.sqlite'));
  });
  afterEach(async () => {
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => expect(registry.size).toBe(0));

  it('changes nothing when they already agree', async () => {
    const paths = await record();
    expect(paths).toHaveLength(4);
    const before = await catalog.segments.between('cam-1', 0, FAR);
    expect(await reconcileSegments(dir, catalog.segments)).toEqual({
      repaired: 0,
      indexed: 0,
      dropped: 0,
      failed: [],
    });
    expect(await catalog.segments.between('cam-1', 0, FAR)).toEqual(before);
  });

  it('re-indexes every segment from the folder alone when the index is lost', async () => {
    const paths = await record();
    const before = await catalog.segments.between('cam-1', 0, FAR);
    expect(before).toHaveLength(4);
    await catalog.close();
    unlinkSync(join(dir, 'index.sqlite'));
    catalog = await Catalog.open(join(dir, 'index.sqlite'));
    expect(catalog.isNew).toBe(true);

    const result = await reconcileSegments(dir, catalog.segments);
    expect(result).toMatchObject({ indexed: paths.length, repaired: 0, dropped: 0 });
    const after = await catalog.segments.between('cam-1', 0, FAR);
    const facts = (rows: typeof before) =>
      rows.map((r) => [r.path, r.start_ms, r.end_ms, r.bytes, r.frames, r.codec, r.state]);
    expect(facts(after)).toEqual(facts(before));
    expect((await catalog.segments.totals()).bytes).toBe(before.reduce((n, r) => n + r.bytes, 0));
  });

  it('cuts a segment a crash interrupted at its last complete frame and finishes its row', async () => {
    // Written as far as a crash would leave it: the row `writing`, the file a `.part` cut mid-box.
    const paths = await record();
    const last = paths[paths.length - 1];
    const row = await catalog.segments.byPath(last);
    await rename(join(dir, last), join(dir, `${last}.part`));
    truncateSync(join(dir, `${last}.part`), statSync(join(dir, `${last}.part`)).size - 300);
    await catalog.segments.delete(row!.id);
    await catalog.segments.startWriting({
      cameraId: 'cam-1',
      path: last,
      startMs: row!.start_ms,
      codec: row!.codec,
      storage: 'copy',
    });

    const result = await reconcileSegments(dir, catalog.segments);
    expect(result).toMatchObject({ repaired: 1, indexed: 0, dropped: 0, failed: [] });
    expect(existsSync(join(dir, `${last}.part`))).toBe(false);
    const repaired = await catalog.segments.byPath(last);
    expect(repaired).toMatchObject({ state: 'final', frames: row!.frames - 1 });
    expect(playable(join(dir, last))).toBe(repaired!.frames);
    expect(await catalog.segments.writing()).toEqual([]);
  });

  it('drops a row whose file is gone, and a writing row whose file never came', async () => {
    const paths = await record();
    unlinkSync(join(dir, paths[0]));
    await catalog.segments.startWriting({
      cameraId: 'cam-1',
      path: 'continuous/cam-1/2026-12-05/cam-1_20261205T000000.000Z.mp4',
      startMs: Date.UTC(2026, 11, 5),
      codec: 'avc1.42c01e',
      storage: 'copy',
    });
    const result = await reconcileSegments(dir, catalog.segments);
    expect(result).toMatchObject({ dropped: 2, repaired: 0, indexed: 0 });
    expect((await catalog.segments.allPaths()).sort()).toEqual(paths.slice(1).sort());
  });

  // A recorder that failed on a full disk could not update the index either: its rows stayed
  // "being written" until a restart. The camera's next recorder settles them first.
  it("settles one camera's rows left being written, and no other camera's", async () => {
    const paths = await record();
    const [first, second] = paths;
    const rows = await Promise.all([first, second].map((p) => catalog.segments.byPath(p)));
    // The first: its file a .part, as the failure left it; the second: no file at all.
    await rename(join(dir, first), join(dir, `${first}.part`));
    unlinkSync(join(dir, second));
    for (const row of rows) {
      await catalog.segments.delete(row!.id);
      await catalog.segments.startWriting({
        cameraId: 'cam-1',
        path: row!.path,
        startMs: row!.start_ms,
        codec: row!.codec,
        storage: 'copy',
      });
    }
    const other = 'continuous/cam-2/2026-12-05/cam-2_20261205T000000.000Z.mp4';
    await catalog.segments.startWriting({
      cameraId: 'cam-2',
      path: other,
      startMs: Date.UTC(2026, 11, 5),
      codec: 'avc1.42c01e',
      storage: 'copy',
    });

    const result = await settleWritingSegments(dir, catalog.segments, 'cam-1');
    expect(result).toEqual({ repaired: 1, indexed: 0, dropped: 1, failed: [] });
    expect(await catalog.segments.byPath(first)).toMatchObject({
      state: 'final',
      frames: rows[0]!.frames,
    });
    expect(existsSync(join(dir, first))).toBe(true);
    expect(await catalog.segments.byPath(second)).toBeUndefined();
    expect((await catalog.segments.writing()).map((r) => r.path)).toEqual([other]);
  });
});
