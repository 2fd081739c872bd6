import type { MemberView } from './sync-steer';

/**
 * What the PlaybackController asks of a camera's player, whatever draws its pictures: a
 * `<video>` fed through Media Source Extensions (TimelinePlayer), or a canvas that draws JPEG
 * frames itself (JpegFootagePlayer). Times are seconds of the media timeline whose 0 is the
 * origin, the same for every player of a view.
 */
export interface PlaybackMember {
  readonly cameraId: string;
  /** Where the player is now. */
  readonly currentS: number;
  /** Starts over on a new media timeline whose 0 is `originMs`, holding nothing. */
  reset(originMs: number): void;
  /** Footage from `targetMs`: kept when held there, else fetched (resolves once it is held). */
  load(targetMs: number): Promise<void>;
  /** Fetches ahead of the play position if it has too little, and lets go of what is behind. */
  pump(playheadMs: number, rate: number): void;
  view(): MemberView;
  seekTo(mediaS: number, play: boolean, rate: number): void;
  play(rate: number): void;
  hold(): void;
  /** The time of the frame shown at `s`, of the one after it, of the one before (null: not held). */
  frameAt(s: number): number | null;
  frameAfter(s: number): number | null;
  frameBefore(s: number): number | null;
  firstFrame(): number | null;
  hasFootageAt(s: number): boolean;
  /** Fetches the footage before what is held, for stepping back into it. */
  loadPrevious(): Promise<'loaded' | 'none' | 'before-origin'>;
  /** Fetches the next chunk now (stepping past the held end). */
  loadNext(): Promise<'loaded' | 'none'>;
  dispose(): void;
}

/** What a player tells its controller. */
export interface PlaybackMemberEvents {
  /** Footage was added, or the server said there is none: the clock may move on. */
  changed(): void;
  /** The footage asked for starts before the origin. */
  needsNewOrigin(atMs: number): void;
  failed(reason: string): void;
}
