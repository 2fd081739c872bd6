// The JSON a bench run writes (bench-results/<timestamp>.json), section by section. The Markdown
// summary is made from it alone (report.ts).
import type { CameraKind } from './cameras';
import type { MemoryDetail, MemoryDetailSample } from './memory-detail';
import type { Plan } from './plan';
import type { UsageWindow } from './proc';
import type { Summary } from './stats';

/** A section (or part) that threw: its stack. */
export interface SectionError {
  error: string;
}

/** A section that could not run here (e.g. motion without the OpenCV binding), and why. */
export interface Skipped {
  skipped: string;
}

export const failed = (value: object | null | undefined): value is SectionError =>
  typeof (value as Partial<SectionError> | null | undefined)?.error === 'string';

export const skipped = (value: object | null | undefined): value is Skipped =>
  typeof (value as Partial<Skipped> | null | undefined)?.skipped === 'string';

export interface MachineInfo {
  cpus: number;
  cpu: string | undefined;
  memory_gb: number;
  node: string;
  ffmpeg: string;
  chromium: string | undefined;
  load_average_at_start: number[];
  load_average_at_end?: number[];
}

// --- latency ---

export interface LatencyFigures extends Summary {
  frames_sent: number;
  frames_painted: number;
  painted_share: number | null;
}

export type Decoder = 'jpeg' | 'webcodecs' | 'mse';

export interface LatencyPath {
  camera: CameraKind;
  decoder: Decoder;
  label: string;
}

/** A measured path, or the error that stopped it. */
export type PathResult = LatencyPath & (LatencyFigures | SectionError);

export interface Breakdown {
  glass_to_glass: LatencyFigures;
  camera_to_ingest_output_ms: number | null;
  ingest_to_socket_ms: number | null;
  socket_to_decoded_ms: number | null;
  decoded_to_painted_ms: number | null;
  note: string;
}

export interface LatencyResult {
  paths: PathResult[];
  /** Least work: plain ffmpeg decoding each camera. */
  floor: Partial<Record<CameraKind, LatencyFigures>>;
  baseline: Partial<Record<CameraKind, LatencyFigures | SectionError>>;
  breakdown: Breakdown | SectionError | null;
}

// --- scale ---

export interface DirectRates {
  fps_min: number | null;
  fps_median: number | null;
}

/** One mode's window at one count, on the server or the BASELINE. */
export interface WindowRow extends UsageWindow {
  cpu_percent_per_session: number | null;
  rss_mb_per_session: number | null;
  pss_mb_per_session: number | null;
  viewer_fps_min: number | null;
  viewer_fps_median: number | null;
  /** Server, preview + record: the most any recording was behind its camera. */
  behind_s_max?: number;
  /** Server, preview + record: the lowest of the files' own frame rates. */
  recorded_fps_min?: number | null;
  slowest_stop_ms?: number | null;
  failed_stops?: number;
  /** BASELINE: the last lines its processes wrote to stderr. */
  errors?: string[];
}

export type ModeRow = WindowRow | Skipped;

export interface ModeRows {
  preview: ModeRow;
  both: ModeRow;
  record: ModeRow;
  /** Server sessions that were not active or had reconnected, in words. */
  unwell_sessions?: string[];
}

export interface ScaleRow {
  camera: string;
  sessions: number;
  direct: DirectRates;
  /** The rate a viewer must get 0.95× of to count as full rate. */
  reference_fps: number | null;
  server: ModeRows;
  baseline: ModeRows;
  full_rate: boolean;
}

export interface StopTimings {
  stop_ms: number[];
  playable: boolean[];
}

export interface ScaleResult {
  camera_kbps: number | null;
  rows: ScaleRow[];
  largest_count_at_full_rate: number;
  timings: StopTimings & { open_ms: number[] };
  baseline_timings: StopTimings;
}

// --- open, memory ---

export interface OpenTimes {
  label: string | undefined;
  n: number;
  median_ms: number | null;
  p95_ms: number | null;
  errors: string[];
}

export interface MemorySample {
  t_s: number | null;
  rss_mb: number | null;
  tree_rss_mb: number | null;
}

export interface MemoryResult {
  seconds: number;
  warm_up_seconds: number;
  recording_cycles: number;
  failed_stops: number;
  start_rss_mb: number | null;
  end_rss_mb: number | null;
  rss_growth_percent: number | null;
  start_tree_rss_mb: number | null;
  end_tree_rss_mb: number | null;
  samples: MemorySample[];
}

// --- motion ---

export interface MotionCost {
  camera: string;
  seconds: number;
  tree_cpu_percent_off: number;
  tree_cpu_percent_on: number;
  analysis_cpu_percent: number | null;
  decoder_cpu_percent: number | null;
  server_process_extra_cpu_percent: number | null;
  server_ms_per_analysed_frame: number | null;
}

export interface DelayStat {
  median: number | null;
  max: number | null;
  n: number;
}

export interface MovementRow {
  move_at_s: number;
  message_ms: number | null;
  event_listed_ms: number | null;
}

export interface MotionSequence {
  camera: string;
  movements: number;
  post_roll_s: number;
  record: boolean;
  events_poll_ms: number;
  motion_to_message_ms: DelayStat;
  motion_to_event_listed_ms: DelayStat;
  missed_events: number;
  extra_events: number;
  rows: MovementRow[];
}

export interface MotionResult {
  cost: MotionCost[];
  sequence: MotionSequence;
}

export interface FalseEventsResult {
  camera: string;
  seconds: number | null;
  brightness_per_s: number;
  brightness_at_end: number | null;
  false_events: number;
  active_periods: number;
}

// --- recorder (issue 18: saved cameras, continuous recording, the index) ---

export interface IndexQueryTiming {
  /** What was asked, in words ("30 days", "1 day", "1 hour"). */
  range: string;
  span_ms: number;
  /** Rows the query returned (the route: rows in its answer, at most its limit). */
  rows: number;
  /** The route only: more rows lay in the range than its limit. */
  truncated?: boolean;
  repeats: number;
  p50_ms: number | null;
  p95_ms: number | null;
  max_ms: number | null;
}

export interface IndexHttpResult {
  limit: number;
  /** The server's start on the folder, reconciliation of every row with its file included. */
  server_start_ms: number;
  queries: IndexQueryTiming[];
}

export interface IndexQueryResult {
  cameras: number;
  days: number;
  segment_s: number;
  rows_per_camera: number;
  rows_total: number;
  /** insertMany of every row, one transaction per camera. */
  write_ms: number;
  file_mb: number | null;
  /** SegmentStore.between through @camrec/catalog, in the bench's process. */
  queries: IndexQueryTiming[];
  /**
   * The timeline (issue 19): readTimeline (spans merged in SQLite at the view's resolution,
   * events, offline periods, clips, kept ranges) over the month, a week and a day; `rows` =
   * recorded spans answered.
   */
  timeline: IndexQueryTiming[];
  /** The same through GET /cameras/:id/segments of a server on that folder. */
  http: IndexHttpResult | SectionError;
}

/** What the segments written during a window say about frames lost. */
export interface SegmentCheck {
  /** Segments overlapping the window, over all cameras. */
  segments: number;
  /** Segments still `writing` once the cameras were stopped. */
  not_final: number;
  /** Lowest frames ÷ duration of a segment, from the index. */
  index_fps_min: number | null;
  /** Lowest video packets ÷ duration of a segment file (ffprobe); null when not probed. */
  file_fps_min: number | null;
  /** Files that ffprobe could not read as video with a duration. */
  unplayable: number;
  /** Segments below 0.95× the reference rate (index or file). */
  below_rate: number;
  /** Lowest share of the window covered by a camera's segments. */
  coverage_min: number | null;
  /** Longest hole between a camera's segments within the window, seconds. */
  gap_s_max: number | null;
  /** Bytes of all the segments ÷ their minutes of video, per camera. */
  mb_per_minute: number | null;
}

/** Recording state of every camera, read at the start and the end of a window. */
export interface RecordingWatch {
  /** Cameras whose `/cameras` status said `recording: false` at either reading. */
  not_recording: number;
  /** How far the index's segment being written was behind the clock: most at either end, s. */
  lag_s_start_max: number | null;
  lag_s_end_max: number | null;
  /** Most any camera's lag grew over the window, s. */
  lag_growth_s_max: number | null;
}

/** N saved cameras recording continuously, no viewer, over one window. */
export interface ContinuousRow {
  cameras: number;
  direct: DirectRates;
  reference_fps: number | null;
  window_s: number;
  cpu_percent: number;
  cpu_percent_per_camera: number | null;
  pss_mb_per_camera: number | null;
  rss_mb_per_camera: number | null;
  processes: number;
  watch: RecordingWatch;
  segments: SegmentCheck;
  /** Every segment final and at ≥ 0.95× the reference rate, no hole, all recording, lag flat. */
  no_frame_lost: boolean;
  /** Debug only (BENCH_MEMORY_DETAIL=1): where the memory is, idle and at the window's end. */
  memory_detail?: { idle: MemoryDetail; end: MemoryDetail; samples?: MemoryDetailSample[] };
}

export interface ContinuousCostResult {
  camera: string;
  camera_kbps: number;
  segment_s: number;
  warm_up_s: number;
  row: ContinuousRow;
}

export interface CapacityResult {
  camera: string;
  camera_kbps: number;
  segment_s: number;
  warm_up_s: number;
  rows: (ContinuousRow | (Skipped & { cameras: number }))[];
  largest_count_without_loss: number;
}

export interface MjpegStorageRow extends ContinuousRow {
  storage: 'h264' | 'jpeg';
}

export interface MjpegStorageResult {
  camera: string;
  segment_s: number;
  warm_up_s: number;
  rows: MjpegStorageRow[];
}

export interface RecorderResults {
  index?: IndexQueryResult | SectionError;
  continuous?: ContinuousCostResult | SectionError;
  capacity?: CapacityResult | SectionError;
  mjpeg?: MjpegStorageResult | SectionError;
  export?: ExportThroughputResult | SectionError;
  seek?: SeekFirstFrameResult | SectionError;
}

/** Clicks on a camera's timeline in Chromium → the first frame of the instant painted. */
export interface SeekFirstFrameResult {
  footage_s: number;
  segment_s: number;
  segments: number;
  size: string;
  fps: number;
  clicks: number;
  median_ms: number | null;
  p95_ms: number | null;
  delays_ms: number[];
  /** Clicks whose first frame was not the one recorded at the instant (±1 frame). */
  frames_not_the_instants: number;
}

/** A recorded range exported as one MP4 (POST /exports), beside the disk's read speed. */
export interface ExportThroughputResult {
  footage_s: number | null;
  segments: number;
  bytes: number;
  /** From the request to the export being done. */
  seconds: number | null;
  mb_per_s: number | null;
  /** The same segment files read one after another with O_DIRECT (dd), in the same run. */
  disk_read_mb_per_s: number | null;
  share_of_disk_read: number | null;
  /** A day of such segments as one MP4 (GET /cameras/:id/video.mp4), on a server of its own. */
  day_range: DayRangeResult | SectionError;
}

/** One camera's day asked as one MP4, its plan cold (none of its segment heads read before). */
export interface DayRangeRequest {
  /** From the request to the response headers: the plan of the virtual MP4 made. */
  headers_ms: number;
  first_byte_ms: number | null;
  /** Bytes read of the body before it was cancelled (at most the bench's limit), MB. */
  read_mb: number;
  /** Those bytes ÷ the time from the response headers to the last of them. */
  read_mb_per_s: number | null;
  /** Then `Range: bytes=<half>-` with If-Range (the plan cached): request → headers (206). */
  range_request_ms: number;
}

/**
 * Issue 19's "the download starting within a second for ranges up to 24 h": a camera's day of
 * back-to-back 60 s rows, each a hard link to one segment file recorded by the export part.
 */
export interface DayRangeResult {
  segments: number;
  row_s: number;
  /** The linked file: its size and the seconds of footage it holds. */
  file_mb: number | null;
  file_s: number | null;
  /** The day's MP4 (Content-Length). */
  video_mb: number | null;
  /** Cameras with such a day, asked one after another on one server. */
  requests: DayRangeRequest[];
  headers_ms_median: number | null;
  first_byte_ms_median: number | null;
  read_mb_per_s_median: number | null;
  range_request_ms_median: number | null;
}

// --- the whole run ---

/** One count of the RTSP hop section: sessions through the server beside plain ffmpeg readers. */
export interface HopRow {
  sessions: number;
  direct_fps_min: number | null;
  direct_fps_median: number | null;
  session_fps_min: number | null;
  session_fps_median: number | null;
  /** Sessions' frame rate over the plain readers' in the same run (1 = the hop costs nothing). */
  ratio_min: number | null;
  ratio_median: number | null;
  /** The server process alone, where the relay hop runs, per session (% of one core). */
  server_own_cpu_percent_per_session: number | null;
  /** The server and its children (the ingest ffmpegs), per session. */
  server_tree_cpu_percent_per_session: number | null;
  /** Camera capture (prft, from its sender reports) → the fragment's arrival at a viewer. */
  capture_to_viewer_ms: Summary;
  /** 1-minute load average at the row's start and end. */
  load_average: [number | null, number | null];
}

export interface HopResult {
  label: string;
  rows: HopRow[];
}

export interface BenchResults {
  date: string;
  command: string;
  quick: boolean;
  plan: Plan;
  machine: MachineInfo;
  latency: Record<string, LatencyResult | SectionError>;
  scale: Record<string, ScaleResult | SectionError>;
  open?: Record<string, OpenTimes> | SectionError;
  recorder?: RecorderResults;
  motion?: MotionResult | Skipped | SectionError;
  memory?: MemoryResult | SectionError;
  motion_false_events?: FalseEventsResult | Skipped | SectionError;
  hop?: Record<string, HopResult | SectionError>;
  duration_s?: number;
}
