import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Finaliser, REMUX_SUFFIX } from './finaliser';
import type { MediaTools } from './media-tools';
import { PART_SUFFIX, RECORDING_NAME_PATTERN, recordingFiles } from './recording-name';
import { readInProgressMetadata } from './video-metadata';

export interface RecoveryReport {
  /** Videos finalised from a `.part` a previous run left behind. */
  finalised: string[];
  /** Videos that had no metadata and got it. */
  described: string[];
  failed: Array<{ filename: string; reason: string }>;
}

/** Temporary files of an interrupted finalisation; the `.part` they came from is still there. */
function isTemporary(name: string): boolean {
  return name.endsWith(REMUX_SUFFIX) || name.endsWith('.json.tmp') || name.endsWith('.jpg.tmp');
}

/**
 * Start-up crash recovery: every `.part` a previous run left (killed, power cut) is finalised
 * exactly as a stopped recording would have been, keeping what its in-progress metadata says
 * it is (motion clip, event, pre-roll, start time), and finished videos without metadata get
 * it. Must run before any recording starts in this folder.
 */
export async function recoverLeftovers(
  videosDir: string,
  tools: MediaTools,
): Promise<RecoveryReport> {
  const report: RecoveryReport = { finalised: [], described: [], failed: [] };
  let names: string[];
  try {
    names = await readdir(videosDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw error;
  }
  const present = new Set(names);
  for (const name of names.filter(isTemporary)) await rm(join(videosDir, name), { force: true });

  const finaliser = new Finaliser(videosDir, tools);
  const parts = names
    .filter((name) => name.endsWith(PART_SUFFIX))
    .map((name) => name.slice(0, -PART_SUFFIX.length))
    .filter((videoName) => RECORDING_NAME_PATTERN.test(videoName));
  for (const videoName of parts) {
    try {
      const started = await readInProgressMetadata(
        join(videosDir, recordingFiles(videoName).metadata),
      );
      await finaliser.finalise(
        videoName,
        started
          ? {
              createdAt: new Date(started.created_at),
              annotations: {
                trigger: started.trigger,
                event_id: started.event_id,
                pre_roll: started.pre_roll,
                keep: started.keep,
              },
            }
          : {},
      );
      report.finalised.push(videoName);
    } catch (error) {
      report.failed.push({ filename: videoName, reason: (error as Error).message });
    }
  }
  const undescribed = names.filter(
    (name) =>
      RECORDING_NAME_PATTERN.test(name) &&
      !parts.includes(name) &&
      !present.has(recordingFiles(name).metadata),
  );
  for (const videoName of undescribed) {
    try {
      await finaliser.describeExisting(videoName);
      report.described.push(videoName);
    } catch (error) {
      report.failed.push({ filename: videoName, reason: (error as Error).message });
    }
  }
  return report;
}
