// Hot-path cost of the fMP4 reader, per fragment: the ingest's stdout split into boxes and
// read (Fmp4StreamParser: split, one copy per fragment, parseFragmentInfo), the box splitter
// alone, parseFragmentInfo alone and an in-place tfdt rewrite, on real ffmpeg output fed in
// 64 KiB pipe-sized chunks. Compares this tree's libs/mp4 with the Buffer-based reader it
// replaced (libs/media/src/lib/fmp4 at --old-rev), each bundled by esbuild and run in a fresh
// Node process, alternating, several rounds; CPU time per fragment, median of the rounds.
//
//   node libs/mp4/bench/hot-path.bench.mjs [--old-rev <git rev>] [--fragments 100000] [--rounds 5]
//
// Not part of any test run; needs ffmpeg on PATH (fixtures are made in a temp folder).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
// Default: the parent of the commit that moved libs/media's fmp4 folder out (its last version).
const oldRev =
  arg('old-rev', null) ??
  `${execFileSync('git', ['rev-list', '-1', 'HEAD', '--', 'libs/media/src/lib/fmp4'], {
    cwd: root,
    encoding: 'utf8',
  }).trim()}^`;
const fragments = Number(arg('fragments', '100000'));
const rounds = Number(arg('rounds', '5'));
const work = join(tmpdir(), 'camrec-mp4-bench');
mkdirSync(work, { recursive: true });

const LIVE = 'empty_moov+default_base_moof+frag_keyframe+frag_every_frame';
const FIXTURES = {
  // Parse-bound: tiny frames, video and AAC fragments interleaved.
  'small 160x120 + AAC': [
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-frames:v', '2500', '-pix_fmt', 'yuv420p', '-g', '25', '-c:v', 'libx264'],
    ...['-preset', 'veryfast', '-c:a', 'aac', '-b:a', '64k', '-shortest'],
  ],
  // Copy-bound: a 720p camera at 4 Mbit/s (~20 KB a frame).
  '720p 4 Mbit/s': [
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25'],
    ...['-frames:v', '2500', '-pix_fmt', 'yuv420p', '-g', '25', '-c:v', 'libx264'],
    ...['-preset', 'ultrafast', '-b:v', '4M'],
  ],
};

function fixture(name, args) {
  const file = join(work, `${name.replace(/\W+/g, '-')}.mp4`);
  if (!existsSync(file)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, '-f', 'mp4', '-movflags', LIVE, file]);
  }
  return file;
}

const FILES = [
  'mp4-format-error',
  'mp4-box-walk',
  'mp4-box-splitter',
  'codec-string',
  'init-segment-info',
  'fragment-info',
  'fmp4-stream-parser',
  'tfdt-rewrite',
];

function bundle(entry, out) {
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [
    entry,
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--target=node20',
    `--outfile=${out}`,
    '--log-level=warning',
  ]);
  return out;
}

function buildOld() {
  const dir = join(work, `old-${oldRev}`);
  mkdirSync(dir, { recursive: true });
  for (const name of FILES) {
    const text = execFileSync('git', ['show', `${oldRev}:libs/media/src/lib/fmp4/${name}.ts`], {
      cwd: root,
    });
    writeFileSync(join(dir, `${name}.ts`), text);
  }
  writeFileSync(join(dir, 'index.ts'), FILES.map((n) => `export * from './${n}';`).join('\n'));
  return bundle(join(dir, 'index.ts'), join(work, 'old.cjs'));
}

const buildNew = () => bundle(join(root, 'libs/mp4/src/index.ts'), join(work, 'new.cjs'));

/** Runs in the child: `node bench.mjs --child <lib.cjs> <fixture> <fragments>`. */
async function child(libPath, file, wanted) {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const lib = createRequire(import.meta.url)(libPath);
  const stream = readFileSync(file);
  const CHUNK = 64 * 1024;
  const chunks = [];
  for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));
  const perPass = new lib.Fmp4StreamParser().push(stream);
  const init = perPass[0];
  const frags = perPass.slice(1);
  const passes = Math.ceil(wanted / frags.length);
  // CPU time (user + system) of this process, not wall time: the machine may be shared, and a
  // run that waits for a core is not slower code.
  const time = (fn) => {
    fn(Math.max(1, Math.floor(passes / 10))); // warm-up
    const start = process.cpuUsage();
    const n = fn(passes);
    const used = process.cpuUsage(start);
    return ((used.user + used.system) * 1000) / n;
  };
  let sink = 0;
  const result = {
    parser: time((p) => {
      let n = 0;
      for (let pass = 0; pass < p; pass++) {
        const parser = new lib.Fmp4StreamParser();
        for (const chunk of chunks) {
          for (const segment of parser.push(chunk)) {
            if (segment.type === 'fragment') n++;
            sink += segment.data.length;
          }
        }
      }
      return n;
    }),
    splitter: time((p) => {
      let n = 0;
      for (let pass = 0; pass < p; pass++) {
        const splitter = new lib.Mp4BoxSplitter();
        for (const chunk of chunks) {
          for (const box of splitter.push(chunk)) if (box.type === 'moof') n++;
        }
      }
      return n;
    }),
    parseFragmentInfo: time((p) => {
      let n = 0;
      for (let pass = 0; pass < p; pass++) {
        for (const f of frags) sink += lib.parseFragmentInfo(f.data, init.info).frames;
        n += frags.length;
      }
      return n;
    }),
    setDecodeTime: time((p) => {
      let n = 0;
      for (let pass = 0; pass < p; pass++) {
        for (const f of frags) {
          const [traf] = f.info.tracks;
          lib.setDecodeTime(f.data, traf, f.info.tracks, traf.baseDecodeTime);
        }
        n += frags.length;
      }
      return n;
    }),
  };
  if (sink === -1) console.error('unreachable');
  process.stdout.write(JSON.stringify({ ...result, fragmentsPerPass: frags.length, passes }));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  const libs = { old: buildOld(), new: buildNew() };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, args] of Object.entries(FIXTURES)) {
    const file = fixture(name, args);
    const runs = { old: [], new: [] };
    for (let round = 0; round < rounds; round++) {
      for (const which of round % 2 ? ['new', 'old'] : ['old', 'new']) {
        const out = spawnSync(
          process.execPath,
          [fileURLToPath(import.meta.url), '--child', libs[which], file, String(fragments)],
          { encoding: 'utf8' },
        );
        if (out.status !== 0) throw new Error(`${which}: ${out.stderr}`);
        runs[which].push(JSON.parse(out.stdout));
      }
    }
    const { fragmentsPerPass, passes } = runs.old[0];
    console.log(`\n${name}: ${fragmentsPerPass * passes} fragments a run, median of ${rounds}`);
    console.log('CPU ns/fragment        old (Buffer)   new (Uint8Array)   change');
    for (const key of ['parser', 'splitter', 'parseFragmentInfo', 'setDecodeTime']) {
      const a = median(runs.old.map((r) => r[key]));
      const b = median(runs.new.map((r) => r[key]));
      const change = `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
      console.log(
        `${key.padEnd(22)}${a.toFixed(0).padStart(12)}${b.toFixed(0).padStart(19)}${change.padStart(11)}`,
      );
    }
  }
}
