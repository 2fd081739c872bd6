// What ffprobe finds in a recorded file.
import { spawnSync } from 'node:child_process';
import { round } from './stats';

export interface ProbedRecording {
  /** A video stream with a duration. */
  playable: boolean;
  /** Its video packets over that duration; null when not playable. */
  fps: number | null;
  /** Seconds; null when not playable. */
  duration_s: number | null;
}

interface FfprobeJson {
  format?: { duration?: string };
  streams?: { codec_type?: string; nb_read_packets?: string }[];
}

/** ffprobe's reading of `file`, in one read (every video packet counted). */
export function probeRecording(file: string): ProbedRecording {
  const result = spawnSync(
    'ffprobe',
    [
      ...['-v', 'error', '-count_packets', '-select_streams', 'v:0'],
      ...['-show_entries', 'format=duration:stream=codec_type,nb_read_packets', '-of', 'json'],
      file,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  if (result.status !== 0) return { playable: false, fps: null, duration_s: null };
  const info = JSON.parse(result.stdout) as FfprobeJson;
  const duration = Number(info.format?.duration);
  const packets = Number(info.streams?.[0]?.nb_read_packets);
  const playable = info.streams?.[0]?.codec_type === 'video' && duration > 0;
  return {
    playable,
    fps: playable && packets > 0 ? round(packets / duration) : null,
    duration_s: playable ? duration : null,
  };
}
