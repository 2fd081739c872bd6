// Debug-only (BENCH_MEMORY_DETAIL=1): where a server tree's memory is, for a bench row that
// measures memory. Per process: PSS, and for the server's node process its mappings by kind
// (V8's and glibc's anonymous memory, the brk heap, files) and `process.memoryUsage()` read
// through its inspector (the server is then started with `--inspect`), before and after a full
// garbage collection: what is held versus what is garbage awaiting collection.
import { readFileSync } from 'node:fs';
import { inspectorMemoryUsage } from '@camrec/testing';
import { descendants } from './proc';
import { round } from './stats';

export const memoryDetailWanted = (): boolean => process.env['BENCH_MEMORY_DETAIL'] === '1';

export interface ProcessMemory {
  pid: number;
  command: string;
  pss_mb: number;
}

export interface NodeMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryDetail {
  processes: ProcessMemory[];
  /** The root's PSS by mapping: `[heap]` (brk), anonymous, files, other. */
  root_pss_mb_by_kind: Record<string, number>;
  node_before_gc_mb?: NodeMemory;
  node_after_gc_mb?: NodeMemory;
  /** PSS of the tree after the full collection. */
  tree_pss_after_gc_mb?: number;
}

const mb = (kb: number): number => round(kb / 1024, 1) ?? 0;

function command(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const name = argv[0].split('/').at(-1) ?? '?';
    return name === 'ffmpeg' ? `ffmpeg ${argv.includes('-rtsp_flags') ? 'ingest' : 'other'}` : name;
  } catch {
    return '?';
  }
}

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]);
  } catch {
    return 0;
  }
}

/** PSS of `pid` by mapping kind, from /proc/PID/smaps. */
function pssByKind(pid: number): Record<string, number> {
  const kinds: Record<string, number> = {};
  let kind = 'other';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1];
      kind = !name ? 'anonymous' : name.startsWith('/') ? 'files' : name;
      continue;
    }
    const pss = /^Pss:\s+(\d+)/.exec(line);
    if (pss) kinds[kind] = (kinds[kind] ?? 0) + Number(pss[1]);
  }
  return Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, mb(v)]));
}

export function processMemory(
  root: number,
): Pick<MemoryDetail, 'processes' | 'root_pss_mb_by_kind'> {
  const processes = [root, ...descendants(root)].map((pid) => ({
    pid,
    command: command(pid),
    pss_mb: mb(pssKb(pid)),
  }));
  return { processes, root_pss_mb_by_kind: pssByKind(root) };
}

/** `process.memoryUsage()` of the node process whose inspector listens on `port`, in MB. */
export async function inspectorMemory(port: number, collectFirst: boolean): Promise<NodeMemory> {
  const usage = await inspectorMemoryUsage(`http://127.0.0.1:${port}`, { collectFirst });
  return Object.fromEntries(
    Object.entries(usage).map(([k, v]) => [k, round(v / 2 ** 20, 1)]),
  ) as unknown as NodeMemory;
}

/** The whole picture; the node figures when the server has an inspector on `inspectPort`. */
export async function memoryDetail(
  root: number,
  inspectPort: number | null,
): Promise<MemoryDetail> {
  const detail: MemoryDetail = processMemory(root);
  if (inspectPort === null) return detail;
  detail.node_before_gc_mb = await inspectorMemory(inspectPort, false);
  detail.node_after_gc_mb = await inspectorMemory(inspectPort, true);
  detail.tree_pss_after_gc_mb = mb(
    [root, ...descendants(root)].reduce((sum, pid) => sum + pssKb(pid), 0),
  );
  return detail;
}

export interface MemoryDetailSample {
  t_s: number;
  /** PSS of the server's glibc brk heap (Buffers' memory, and what glibc keeps of it). */
  heap_mb: number;
  anon_mb: number;
  node?: NodeMemory;
}

/**
 * The server's PSS by kind and its `process.memoryUsage()` (no collection) every `everyMs`
 * until `stop()`: the saw-tooth of the garbage awaiting collection.
 */
export function sampleMemory(
  root: number,
  inspectPort: number | null,
  everyMs = 2000,
): { stop(): Promise<MemoryDetailSample[]> } {
  const samples: MemoryDetailSample[] = [];
  const started = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const kinds = pssByKind(root);
      samples.push({
        t_s: round((Date.now() - started) / 1000, 1) ?? 0,
        heap_mb: kinds['[heap]'] ?? 0,
        anon_mb: kinds['anonymous'] ?? 0,
        ...(inspectPort === null ? {} : { node: await inspectorMemory(inspectPort, false) }),
      });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
