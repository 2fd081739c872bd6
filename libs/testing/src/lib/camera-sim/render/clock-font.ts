// Finds what the wall clock needs: a TrueType font and an ffmpeg built with drawtext
// (libfreetype). Without either the camera renders no clock rather than failing.
import { executableIdentity, runMediaCommand } from '@camrec/process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLOCK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
  'C:/Windows/Fonts/arial.ttf',
];

export function findClockFont(
  candidates: readonly string[] = CLOCK_FONT_CANDIDATES,
): string | null {
  return candidates.find((path) => existsSync(path)) ?? null;
}

const drawtextSupport = new Map<string, Promise<boolean>>();

/**
 * Whether this ffmpeg has the drawtext filter; asked once per executable and kept in the temp
 * folder for the other processes that start cameras (each test file, in its own module scope,
 * would otherwise pay an ffmpeg start of 0.1–0.3 s of CPU for the same answer).
 */
export function ffmpegHasDrawtext(ffmpegPath: string): Promise<boolean> {
  let answer = drawtextSupport.get(ffmpegPath);
  if (!answer) {
    answer = askOnce(ffmpegPath);
    drawtextSupport.set(ffmpegPath, answer);
  }
  return answer;
}

async function askOnce(ffmpegPath: string): Promise<boolean> {
  const kept = answerFile(ffmpegPath);
  if (kept && existsSync(kept)) return readFileSync(kept, 'utf8') === 'yes';
  const { exit, stdout } = await runMediaCommand({
    name: 'ffmpeg -filters',
    command: ffmpegPath,
    args: ['-hide_banner', '-filters'],
    timeoutMs: 10_000,
  });
  if (exit.code !== 0) return false;
  const has = /\sdrawtext\s/.test(stdout.toString());
  if (kept) {
    // Written whole, then renamed: a process asking at the same time never reads half of it.
    writeFileSync(`${kept}.${process.pid}`, has ? 'yes' : 'no');
    renameSync(`${kept}.${process.pid}`, kept);
  }
  return has;
}

/**
 * Where the answer for this executable is kept, named by its path, inode, size and time (an
 * upgraded or replaced ffmpeg is asked again); null when it is not found.
 */
function answerFile(ffmpegPath: string): string | null {
  const identity = executableIdentity(ffmpegPath);
  if (!identity) return null;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return join(tmpdir(), `camera-recorder-drawtext-${hash}`);
}

/** The font to draw the clock with, or null when the clock cannot be drawn here. */
export async function resolveClockFont(ffmpegPath: string): Promise<string | null> {
  const font = findClockFont();
  return font && (await ffmpegHasDrawtext(ffmpegPath)) ? font : null;
}
