/**
 * What a child process is for, from the name it is registered under ("ingest <session id>",
 * "continuous encoder <camera id>", …): a label with a bounded set of values, never an id.
 */
export const CHILD_PROCESS_KINDS = [
  'ingest',
  'jpeg_preview',
  'motion',
  'clip_recorder',
  'continuous_encoder',
  'finaliser',
  'probe',
  'proxy_engine',
  'demo_camera',
  'other',
] as const;

export type ChildProcessKind = (typeof CHILD_PROCESS_KINDS)[number];

/** Name prefixes, as libs/media, libs/recording, libs/motion and libs/proxy give them. */
const PREFIXES: Array<[RegExp, ChildProcessKind]> = [
  [/^ingest\b/, 'ingest'],
  [/^jpeg preview\b/, 'jpeg_preview'],
  [/^motion\b/, 'motion'],
  [/^recorder\b/, 'clip_recorder'],
  [/^continuous encoder\b/, 'continuous_encoder'],
  [/^recording\b/, 'finaliser'],
  [/^(ffmpeg|ffprobe)\b/, 'probe'],
  [/^(mediamtx|go2rtc)$/, 'proxy_engine'],
  [/^demo camera$/, 'demo_camera'],
];

export function childProcessKind(name: string): ChildProcessKind {
  return PREFIXES.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}
