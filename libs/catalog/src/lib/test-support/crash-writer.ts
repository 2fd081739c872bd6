/*
 * A process for the crash tests to SIGKILL while it writes the catalog. Run with ts-node:
 *   crash-writer.ts <catalog file> hold    commits rows, then stays inside a big open transaction
 *   crash-writer.ts <catalog file> stream  writes segments one after another, as a recorder does
 * It prints one line per commit (`committed <path>`), and `holding` once inside the transaction.
 */
import { sql } from 'kysely';
import { Catalog } from '../catalog';
import type { NewSegment } from '../segment-store';

const MIN = 60_000;

function row(path: string, startMs: number): NewSegment {
  return {
    camera_id: 'cam',
    path,
    start_ms: startMs,
    end_ms: startMs + MIN,
    bytes: 1_000,
    frames: 1_500,
    codec: 'avc1',
    storage: 'copy',
  };
}

async function hold(catalog: Catalog): Promise<void> {
  await catalog.segments.insertMany([row('committed/0.mp4', 0), row('committed/1.mp4', MIN)]);
  process.stdout.write('committed committed/0.mp4\ncommitted committed/1.mp4\n');
  // A small page cache, so that the open transaction spills: its uncommitted pages reach the
  // WAL file, and re-opening must tell them from the committed ones.
  await sql`pragma cache_size = 50`.execute(catalog.db);
  await catalog.transaction(async (tx) => {
    const rows = Array.from({ length: 20_000 }, (_, n) =>
      row(`uncommitted/${n}.mp4`, (n + 2) * MIN),
    );
    await tx.segments.insertMany(rows);
    await tx.cameras.insert({ name: 'Uncommitted', url: 'rtsp://x', motion: {} });
    process.stdout.write('holding\n');
    await new Promise(() => setInterval(() => undefined, 1_000));
  });
}

async function stream(catalog: Catalog): Promise<void> {
  for (let n = 0; ; n++) {
    const path = `stream/${n}.mp4`;
    const id = await catalog.segments.startWriting({
      cameraId: 'cam',
      path,
      startMs: n * MIN,
      codec: 'avc1',
      storage: 'copy',
    });
    for (let second = 1; second <= 3; second++) {
      await catalog.segments.progress(id, {
        endMs: n * MIN + second * 1_000,
        bytes: second * 100,
        frames: second * 25,
      });
    }
    await catalog.segments.finish(id, { endMs: (n + 1) * MIN, bytes: 1_000 + n, frames: 1_500 });
    process.stdout.write(`committed ${path}\n`);
  }
}

async function main(): Promise<void> {
  const [filePath, mode] = process.argv.slice(2);
  const catalog = await Catalog.open(filePath);
  await (mode === 'hold' ? hold(catalog) : stream(catalog));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
