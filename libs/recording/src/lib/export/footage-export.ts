import { access, rm, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { MediaProcess } from '@camrec/process';
import type { MjpegEncodeSettings } from '../ffmpeg-args';
import type { MediaTools } from '../media-tools';
import { exportArgs, type ExportPlan, type ExportSegment, planExport } from './export-args';

export interface FootageExportOptions {
  /** Shown in the process registry, e.g. "export 3f1c…". */
  name: string;
  segments: ExportSegment[];
  startMs: number;
  endMs: number;
  /** Where the MP4 goes; written whole before `done` resolves (the caller renames it). */
  outputPath: string;
  tools: MediaTools;
  /** How footage kept as JPEG frames is encoded (the recorder's `record_preset`, `record_crf`). */
  encode: MjpegEncodeSettings;
  /** Share done, 0–1, as ffmpeg reports it (a few times a second). */
  onProgress?: (fraction: number) => void;
}

/** An export that could not be made; the message says why (ffmpeg's last lines). */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** How much shorter than the footage's length an export may be (the last frame's length). */
const SHORT_EXPORT_SLACK_S = 1;

/**
 * One range of continuous footage as one MP4 (see exportArgs): ffmpeg joins the segment files
 * and copies their streams; no encoder runs, but for footage kept as JPEG frames. `cancel()`
 * ends it and removes what it wrote.
 */
export class FootageExport {
  readonly done: Promise<{ bytes: number; durationS: number }>;
  private readonly process: MediaProcess;
  private readonly listPath: string;
  private cancelled = false;

  private constructor(
    private readonly options: FootageExportOptions,
    plan: ExportPlan,
  ) {
    this.listPath = `${options.outputPath}.concat.txt`;
    this.process = MediaProcess.spawn({
      name: options.name,
      command: options.tools.ffmpegPath,
      args: exportArgs(this.listPath, plan, options.outputPath, options.encode),
      registry: options.tools.registry,
    });
    this.done = this.run(plan.durationS);
    this.done.catch(() => undefined);
  }

  /** Writes the concat list beside the output and starts ffmpeg. */
  static async start(options: FootageExportOptions): Promise<FootageExport> {
    const plan = planExport(options.segments, options.startMs, options.endMs);
    // ffmpeg's concat skips a file it cannot open and ends the export early as if it were
    // whole: a file deleted outside the app is said instead.
    for (const segment of plan.segments) {
      await access(segment.path).catch(() => {
        throw new ExportError(
          `the footage from ${new Date(segment.startMs).toISOString()} to ${new Date(segment.endMs).toISOString()} is missing from the disk (${segment.path} was deleted outside the app)`,
        );
      });
    }
    await writeFile(`${options.outputPath}.concat.txt`, plan.list, 'utf8');
    return new FootageExport(options, plan);
  }

  cancel(): void {
    this.cancelled = true;
    void this.process.stop({ quitTimeoutMs: 0 });
  }

  private async run(durationS: number): Promise<{ bytes: number; durationS: number }> {
    const lines = createInterface({ input: this.process.stdout });
    let writtenS = 0;
    lines.on('line', (line) => {
      // `out_time_us=12345678`: microseconds of output written so far.
      const match = /^out_time_us=(\d+)$/.exec(line);
      if (match) writtenS = Number(match[1]) / 1e6;
      if (match && durationS > 0) this.options.onProgress?.(Math.min(1, writtenS / durationS));
    });
    try {
      const exit = await this.process.exited;
      if (this.cancelled) throw new ExportError('the export was cancelled');
      if (exit.code !== 0) {
        const why =
          this.process.stderrTail().slice(-3).join(' ') || `ffmpeg exited with ${exit.code}`;
        throw new ExportError(`ffmpeg could not join the segments: ${why}`);
      }
      // A file that could not be read (cut short, damaged) ends ffmpeg early without an error.
      if (writtenS < durationS - SHORT_EXPORT_SLACK_S - durationS * 0.01) {
        const why = this.process.stderrTail().slice(-2).join(' ');
        throw new ExportError(
          `ffmpeg wrote ${writtenS.toFixed(1)} s of the ${durationS.toFixed(1)} s of footage in the range${why ? `: ${why}` : ''}`,
        );
      }
      this.options.onProgress?.(1);
      return { bytes: (await stat(this.options.outputPath)).size, durationS };
    } catch (error) {
      await rm(this.options.outputPath, { force: true });
      throw error;
    } finally {
      lines.close();
      await rm(this.listPath, { force: true });
    }
  }
}
