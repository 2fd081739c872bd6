/**
 * How a segment is stored: `copy` = the camera's H.264/H.265 as it came; `h264` = an MJPEG
 * camera encoded; `jpeg` = an MJPEG camera's frames kept as they came.
 */
export type SegmentStorage = 'copy' | 'h264' | 'jpeg';

export interface OpenedSegment {
  /** Relative to the videos folder, forward slashes (see segmentPath). */
  path: string;
  /** Wall-clock start, Unix ms; also written in the file name. */
  startMs: number;
  /** RFC 6381 codec string of the video, e.g. "avc1.64001f" or "hvc1.1.6.L93.B0". */
  codec: string;
  storage: SegmentStorage;
}

/** What a final segment holds, from the recorder or read back from the file. */
export interface SegmentFacts {
  startMs: number;
  /** startMs + the video's decode-time span: contiguous with the next segment of a run. */
  endMs: number;
  bytes: number;
  /** Video frames. */
  frames: number;
  /** Fragments that start with a sync sample: where playback can start. */
  keyframes: number;
  codec: string;
}

export interface SegmentProgress {
  /** End of what is on the disk (synced), Unix ms. */
  endMs: number;
  bytes: number;
  frames: number;
}

/**
 * The index, as the recorder sees it. The order makes a crash at any point repairable from
 * the folder: the row exists before the file (`segmentOpened` is awaited before the `.part` is
 * created), and `segmentClosed` comes after the file is final. At start-up the index drops a
 * row whose file is missing, indexes a file without a row (readSegmentFacts), and a `.part`
 * left behind is first made final with repairSegment.
 */
export interface SegmentSink {
  /** Returns an id the other calls of this segment carry. */
  segmentOpened(segment: OpenedSegment): Promise<string>;
  segmentClosed(id: string, facts: SegmentFacts): Promise<void>;
  /** At most once a second, after what it describes is synced to the disk. */
  segmentProgress?(id: string, progress: SegmentProgress): Promise<void>;
  /**
   * The segment holds nothing to keep: a failure (a full disk) came before its first keyframe
   * fragment reached the disk, and its file, if one was made, is gone. Its row goes now, or it
   * would stay "being written" until the next start.
   */
  segmentDropped?(id: string): Promise<void>;
}
