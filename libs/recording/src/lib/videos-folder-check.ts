import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VideosFolderError } from './recording-errors';

/** Below this much free space a new recording is refused (it could not be finalised). */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;

/**
 * Checks that a recording can be written: the folder exists (created if needed), a file can
 * really be created in it (permission bits say little for root or network folders), and the
 * disk has room. Throws VideosFolderError with the reason.
 */
export async function checkVideosFolder(
  videosDir: string,
  minFreeBytes = DEFAULT_MIN_FREE_BYTES,
): Promise<void> {
  const probe = join(videosDir, `.write-check-${process.pid}-${Date.now()}`);
  try {
    await mkdir(videosDir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new VideosFolderError(
      `the videos folder ${videosDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const free = await freeBytes(videosDir);
  if (free < minFreeBytes) {
    throw new VideosFolderError(
      `the disk of the videos folder ${videosDir} is nearly full: ${formatMiB(free)} free, ` +
        `at least ${formatMiB(minFreeBytes)} needed to record`,
    );
  }
}

/** Bytes an unprivileged process may still write on the folder's file system. */
export async function freeBytes(videosDir: string): Promise<number> {
  const stats = await statfs(videosDir);
  return stats.bavail * stats.bsize;
}

function formatMiB(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MiB`;
}
