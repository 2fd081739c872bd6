import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { Catalog } from './catalog';
import { makeTempDir } from './test-support/temp-catalog';

const WRITER = join(__dirname, 'test-support', 'crash-writer.ts');

/** Starts the writer under ts-node (transpile only: a second or so, not a type check). */
function startWriter(filePath: string, mode: 'hold' | 'stream'): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', WRITER, filePath, mode],
    {
      env: { ...process.env, TS_NODE_PROJECT: resolve(__dirname, '../../tsconfig.spec.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Collects the writer's committed paths until `done(lines)` holds, then SIGKILLs it. */
async function killWhen(
  child: ChildProcess,
  done: (lines: string[]) => boolean,
): Promise<string[]> {
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolveKilled, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete);
      if (done(lines) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolveKilled()
        : reject(new Error(`writer ended on its own: ${stderr}`)),
    );
  });
  return lines.filter((line) => line.startsWith('committed ')).map((line) => line.slice(10));
}

async function integrity(catalog: Catalog): Promise<string> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
    catalog.db,
  );
  return rows.map((row) => row.integrity_check).join('\n');
}

describe('Catalog after the writing process is killed (kill -9)', () => {
  let dir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => ({ dir, remove } = await makeTempDir()));
  afterEach(() => remove());

  it('keeps what was committed and none of a transaction that was still open', async () => {
    const filePath = join(dir, 'catalog.db');
    const committed = await killWhen(startWriter(filePath, 'hold'), (lines) =>
      lines.includes('holding'),
    );
    expect(committed).toEqual(['committed/0.mp4', 'committed/1.mp4']);

    const catalog = await Catalog.open(filePath);
    try {
      expect(catalog.isNew).toBe(false);
      expect(await integrity(catalog)).toBe('ok');
      expect((await catalog.segments.allPaths()).sort()).toEqual(committed);
      expect(await catalog.cameras.list()).toEqual([]);
      expect(await catalog.segments.totals()).toMatchObject({ bytes: 2_000, segments: 2 });
    } finally {
      await catalog.close();
    }
  });

  it('keeps every segment a recorder finished, with totals that match its rows', async () => {
    const filePath = join(dir, 'catalog.db');
    const finished = await killWhen(
      startWriter(filePath, 'stream'),
      (lines) => lines.length >= 200,
    );
    expect(finished.length).toBeGreaterThanOrEqual(200);

    const catalog = await Catalog.open(filePath);
    try {
      expect(await integrity(catalog)).toBe('ok');
      const paths = new Set(await catalog.segments.allPaths());
      expect(finished.filter((path) => !paths.has(path))).toEqual([]);
      for (const path of finished)
        expect((await catalog.segments.byPath(path))?.state).toBe('final');
      // At most the segment in flight is left `writing`, for the caller's repair.
      expect((await catalog.segments.writing()).length).toBeLessThanOrEqual(1);
      const final = await catalog.db
        .selectFrom('segments')
        .select((eb) => [eb.fn.sum<number>('bytes').as('bytes'), eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'final')
        .executeTakeFirstOrThrow();
      const totals = await catalog.db.selectFrom('segment_totals').selectAll().execute();
      expect(totals).toEqual([{ camera_id: 'cam', bytes: final.bytes, segments: final.n }]);
    } finally {
      await catalog.close();
    }
  });
});
