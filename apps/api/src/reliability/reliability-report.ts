import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { CaseResult, CategoryTally } from './corpus-runner';
import type { FaultResult } from './faults';
import type { SoakResult } from './soak';

/** What the hostile-input part measured around the corpus. */
export interface CorpusFigures {
  byCategory: Record<string, CategoryTally>;
  failures: CaseResult[];
  serverErrors: number;
  crashes: number;
  strayProcesses: number;
  /** What they are, to say which when there are any. */
  strayCommands: string[];
  filesTouched: string[];
  leaks: { answers: number; logLines: number; processList: number };
  /**
   * MB before the corpus, after it, and after each of the leak check's three sampled passes
   * (reliability.e2e.spec.ts): what survives a full garbage collection (JS heap + external,
   * live-memory.ts), and RSS as read.
   */
  kept: number[];
  rss: number[];
}

export interface ReliabilityResults {
  mode: 'quick' | 'full';
  command: string;
  corpus?: CorpusFigures;
  faults: FaultResult[];
  soak?: SoakResult;
}

function machine(): string {
  let ffmpeg = 'ffmpeg not found';
  try {
    ffmpeg = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    // reported as is
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}, Node ${process.version}, ${ffmpeg}`;
}

const points = (mb: number[]) => `${mb.join(' → ')} MB`;
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

function corpusSection(corpus: CorpusFigures): string[] {
  const total = Object.values(corpus.byCategory).reduce((n, c) => n + c.total, 0);
  const passed = Object.values(corpus.byCategory).reduce((n, c) => n + c.passed, 0);
  const lines = [
    `## Hostile inputs (${total} cases, ${passed} answered as required)`,
    '',
    row(['category', 'cases', 'as required', 'outcomes (status or close code: count)']),
    row(['---', '---:', '---:', '---']),
  ];
  for (const [category, tally] of Object.entries(corpus.byCategory)) {
    const outcomes = Object.entries(tally.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, count]) => `${outcome}: ${count}`)
      .join(', ');
    lines.push(row([category, tally.total, tally.passed, outcomes]));
  }
  lines.push(
    '',
    row(['target', 'measured']),
    row(['---', '---']),
    row([
      '0 × 5xx (camera errors 502/504 allowed only for valid camera URLs)',
      corpus.serverErrors,
    ]),
    row(['0 crashes', corpus.crashes]),
    row(['0 stray processes', [corpus.strayProcesses, ...corpus.strayCommands].join(': ')]),
    row(['0 files touched outside the videos folder', corpus.filesTouched.length]),
    row(['0 passwords in answers / log lines / the process list', `${corpus.leaks.answers} / ${corpus.leaks.logLines} / ${corpus.leaks.processList}`]), // prettier-ignore
    row(['memory kept after a full GC, heap + external (start → after the corpus → after each of 3 sampled passes): the second or the third sampled pass adds ≤ 1 MB', points(corpus.kept)]), // prettier-ignore
    row(['RSS (start → after each pass): not a leak measure, garbage waits for V8\'s first full GC', points(corpus.rss)]), // prettier-ignore
    '',
  );
  if (corpus.failures.length > 0) {
    lines.push('Cases not answered as required (first 30):', '');
    for (const failure of corpus.failures.slice(0, 30)) {
      lines.push(`- ${failure.category}: ${failure.name.slice(0, 160)} → ${failure.outcome}`);
    }
    lines.push('');
  }
  return lines;
}

function faultSection(faults: FaultResult[]): string[] {
  return [
    '## Faults',
    '',
    row(['fault', 'result', 'what happened']),
    row(['---', '---', '---']),
    ...faults.map(
      (f) =>
      row([f.name, f.skipped ? 'skipped' : f.passed ? 'pass' : '**FAIL**', f.details.replace(/\|/g, '\\|').replace(/\n/g, ' ')]), // prettier-ignore
    ),
    '',
  ];
}

function soakSection(soak: SoakResult): string[] {
  const actions = Object.entries(soak.actions).map(([a, n]) => `${a}: ${n}`).join(', '); // prettier-ignore
  return [
    `## Soak (${soak.durationS} s)`,
    '',
    row(['figure', 'start', 'after warm-up', 'end', 'growth after warm-up (target ≤ 5 %)']),
    row(['---', '---:', '---:', '---:', '---:']),
    row(['server memory kept after a full GC, heap + external (MB)', soak.kept.start, soak.kept.afterWarmup, soak.kept.end, `${soak.kept.growthPct} %`]), // prettier-ignore
    row(['server RSS (MB): reported, not a leak measure (V8 lets garbage build up first)', soak.rss.start, soak.rss.afterWarmup, soak.rss.end, `${soak.rss.growthPct} %`]), // prettier-ignore
    row(['open descriptors', '', soak.fds.afterWarmup, soak.fds.end, `${soak.fds.growthPct} %`]),
    row(['child processes', soak.children.baseline, '', soak.children.end, 'back to baseline']),
    '',
    `Actions: ${actions}. Errors: ${soak.errorCount}${soak.errors.length ? ` (${soak.errors.slice(0, 5).join('; ')})` : ''}.`, // prettier-ignore
    '',
  ];
}

export function renderReport(results: ReliabilityResults): string {
  return [
    '# Reliability',
    '',
    `Written by \`${results.command}\` (${results.mode} run) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`, // prettier-ignore
    `Machine: ${machine()}.`,
    '',
    'The production build (`dist/apps/api/main.js`) in its own folder, fed simulated cameras on',
    '127.0.0.1; see `apps/api/src/reliability/`. `npm test` runs the same suite without the soak.',
    '',
    ...(results.corpus ? corpusSection(results.corpus) : []),
    ...faultSection(results.faults),
    ...(results.soak ? soakSection(results.soak) : []),
  ].join('\n');
}
