// Finds what the wall clock needs: a TrueType font and an ffmpeg built with drawtext
// (libfreetype). Without either the camera renders no clock rather than failing.
import { runMediaCommand } from '@camrec/process';
import { existsSync } from 'node:fs';

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

/** Whether this ffmpeg has the drawtext filter; asked once per executable. */
export function ffmpegHasDrawtext(ffmpegPath: string): Promise<boolean> {
  let answer = drawtextSupport.get(ffmpegPath);
  if (!answer) {
    answer = runMediaCommand({
      name: 'ffmpeg -filters',
      command: ffmpegPath,
      args: ['-hide_banner', '-filters'],
      timeoutMs: 10_000,
    }).then(({ exit, stdout }) => exit.code === 0 && /\sdrawtext\s/.test(stdout.toString()));
    drawtextSupport.set(ffmpegPath, answer);
  }
  return answer;
}

/** The font to draw the clock with, or null when the clock cannot be drawn here. */
export async function resolveClockFont(ffmpegPath: string): Promise<string | null> {
  const font = findClockFont();
  return font && (await ffmpegHasDrawtext(ffmpegPath)) ? font : null;
}
