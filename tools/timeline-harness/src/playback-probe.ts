import {
  FRAME_INDEX_BITS,
  FRAME_INDEX_BLACK_MAX,
  FRAME_INDEX_WHITE_MIN,
  frameIndexBarHeight,
  frameIndexCellSpan,
} from '@camrec/testing';
import type { Locator, Page } from 'playwright-core';

/** A frame a recorded-footage `<video>` painted, as the page saw it. */
export interface PaintedFrame {
  cameraId: string;
  /** `performance.now()` when the frame was handed to the compositor (rVFC). */
  presentedAt: number;
  /** The video's count of painted frames: a jump of more than one is a callback missed. */
  presentedFrames: number;
  /**
   * The video's count of frames dropped (decoded too late to be shown, by a loaded machine): a
   * rise means a frame between two painted ones was never shown.
   */
  droppedFrames: number;
  /** Its media time, s, and the origin media time counts from (Unix ms): its instant. */
  mediaTime: number;
  originMs: number;
  /** `performance.now()` when its pixels were read: read late, they may show a later frame. */
  readAt: number;
  /** The frame-index bar read from its pixels; null when unreadable. */
  index: number | null;
}

/** A frame a JPEG pane painted on its canvas. */
export interface JpegPaint {
  cameraId: string;
  /** The frame's capture time, Unix ms, as the pane says. */
  atMs: number;
  /** `performance.now()` when it was painted. */
  at: number;
  /** The frame-index bar read from the canvas right after; null when unreadable. */
  index: number | null;
}

/** What the page saw at one animation frame: each playback pane's frame index. */
export interface AnimationSample {
  at: number;
  indices: Record<string, number | null>;
  /** Each video's `currentTime` then (a JPEG pane's: NaN). */
  times: Record<string, number>;
}

/** Where in a picture the bar's cells are judged: their central half (as decodeFrameIndex). */
interface CellRegion {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The regions decodeFrameIndex (@camrec/testing) reads of a `width`×`height` picture: the
 * central half of each cell of the bar, in the bar's central rows.
 */
export function cellRegions(width: number, height: number): CellRegion[] {
  const bar = Math.min(frameIndexBarHeight(height), height);
  const y0 = Math.floor(bar / 4);
  const y1 = Math.max(y0 + 1, Math.ceil((bar * 3) / 4));
  return Array.from({ length: FRAME_INDEX_BITS }, (_, k) => {
    const { x0, x1 } = frameIndexCellSpan(k, width);
    const quarter = Math.floor((x1 - x0) / 4);
    return { x0: x0 + quarter, x1: Math.max(x0 + quarter + 1, x1 - quarter), y0, y1 };
  });
}

/**
 * The index from each cell's mean luma, judged as decodeFrameIndex judges it (white at or above
 * FRAME_INDEX_WHITE_MIN, black at or below FRAME_INDEX_BLACK_MAX, else unreadable).
 */
export function indexFromCellMeans(means: number[] | null): number | null {
  if (!means) return null;
  let index = 0;
  for (let k = 0; k < means.length; k++) {
    if (means[k] >= FRAME_INDEX_WHITE_MIN) index += 2 ** k;
    else if (means[k] > FRAME_INDEX_BLACK_MAX) return null;
  }
  return index;
}

/**
 * Watches the timeline's players from inside the page: the time of every pointer press, every
 * frame each playback `<video>` paints (requestVideoFrameCallback, attached as soon as the
 * element exists) and each JPEG pane's canvas paints, and — while sampling — every animation
 * frame's picture. Each picture is
 * read through a canvas; only the mean luma of the bar's cells leaves the page (the pictures of
 * a minute of frames would take longer to send than to play).
 */
export class PlaybackProbe {
  constructor(
    private readonly page: Page,
    private readonly size: { width: number; height: number },
  ) {}

  async install(): Promise<void> {
    const regions = cellRegions(this.size.width, this.size.height);
    await this.page.evaluate(
      ({ regions, width, height }) => {
        const win = window as unknown as Record<string, unknown>;
        if (win['__probe']) return;
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = Math.max(...regions.map((r) => r.y1));
        const context = canvas.getContext('2d', { willReadFrequently: true });
        /** The mean luma of each cell of the bar a pane's video or JPEG canvas shows now. */
        const read = (surface: HTMLVideoElement | HTMLCanvasElement): number[] | null => {
          const [w, h] =
            surface instanceof HTMLVideoElement
              ? [surface.videoWidth, surface.videoHeight]
              : [surface.width, surface.height];
          if (w !== width || h !== height || !context) return null;
          context.drawImage(surface, 0, 0, width, height);
          const pixels = context.getImageData(0, 0, width, canvas.height).data;
          return regions.map(({ x0, x1, y0, y1 }) => {
            let sum = 0;
            for (let y = y0; y < y1; y++) {
              for (let x = x0; x < x1; x++) {
                const p = (y * width + x) * 4;
                sum += 0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2];
              }
            }
            return sum / ((x1 - x0) * (y1 - y0));
          });
        };
        const probe = {
          read,
          presses: [] as number[],
          paints: [] as unknown[],
          frames: [] as unknown[],
          samples: [] as unknown[],
          sampling: false,
        };
        win['__probe'] = probe;
        document.addEventListener('pointerdown', () => probe.presses.push(performance.now()), true);
        const watched = new WeakSet<HTMLVideoElement>();
        const videos = () =>
          Array.from(document.querySelectorAll<HTMLVideoElement>('video.playback'));
        // A JPEG pane draws on a canvas: sampled with the videos, it has no frame callbacks.
        const surfaces = () =>
          Array.from(
            document.querySelectorAll<HTMLVideoElement | HTMLCanvasElement>(
              'video.playback, canvas.playback',
            ),
          );
        const cameraOf = (surface: Element) =>
          surface.closest<HTMLElement>('cr-playback-pane')?.dataset['cameraId'] ?? '';
        const watch = () => {
          for (const video of videos()) {
            if (watched.has(video)) continue;
            watched.add(video);
            const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
              const means = read(video);
              probe.frames.push({
                cameraId: cameraOf(video),
                presentedAt: metadata.presentationTime,
                presentedFrames: metadata.presentedFrames,
                droppedFrames: video.getVideoPlaybackQuality().droppedVideoFrames,
                mediaTime: metadata.mediaTime,
                originMs: Number(video.dataset['originMs']),
                readAt: performance.now(),
                means,
              });
              if (video.isConnected) video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
          }
        };
        // A player's video is watched from the moment it is in the page, before its first frame.
        new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
        // A JPEG pane says which frame it painted (data-painted-at-ms, right after drawing it):
        // its pixels are read then, before anything else can be drawn.
        new MutationObserver((records) => {
          for (const { target } of records) {
            if (!(target instanceof HTMLCanvasElement) || !target.matches('canvas.playback')) {
              continue;
            }
            probe.paints.push({
              cameraId: cameraOf(target),
              atMs: Number(target.dataset['paintedAtMs']),
              at: performance.now(),
              means: read(target),
            });
          }
        }).observe(document.body, {
          attributes: true,
          attributeFilter: ['data-painted-at-ms'],
          subtree: true,
        });
        watch();
        const loop = () => {
          if (probe.sampling) {
            const means: Record<string, number[] | null> = {};
            const times: Record<string, number> = {};
            for (const surface of surfaces()) {
              means[cameraOf(surface)] = read(surface);
              times[cameraOf(surface)] =
                surface instanceof HTMLVideoElement ? surface.currentTime : Number.NaN;
            }
            probe.samples.push({ at: performance.now(), means, times });
          }
          requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
      },
      { regions, ...this.size },
    );
  }

  /** Times of the pointer presses so far (performance.now()). */
  presses(): Promise<number[]> {
    return this.page.evaluate(
      () => (window as unknown as { __probe: { presses: number[] } }).__probe.presses,
    );
  }

  /** Painted frames from number `from` of the probe's list on. */
  async frames(from = 0): Promise<PaintedFrame[]> {
    const raw = await this.page.evaluate(
      (start) =>
        (window as unknown as { __probe: { frames: unknown[] } }).__probe.frames.slice(start),
      from,
    );
    return (raw as Array<Omit<PaintedFrame, 'index'> & { means: number[] | null }>).map(
      ({ means, ...frame }) => ({ ...frame, index: indexFromCellMeans(means) }),
    );
  }

  /** Every frame the JPEG panes painted, in order: its capture time, and its pixels' index. */
  async paints(): Promise<JpegPaint[]> {
    const raw = await this.page.evaluate(
      () => (window as unknown as { __probe: { paints: unknown[] } }).__probe.paints,
    );
    return (raw as Array<Omit<JpegPaint, 'index'> & { means: number[] | null }>).map(
      ({ means, ...paint }) => ({ ...paint, index: indexFromCellMeans(means) }),
    );
  }

  frameCount(): Promise<number> {
    return this.page.evaluate(
      () => (window as unknown as { __probe: { frames: unknown[] } }).__probe.frames.length,
    );
  }

  /** Samples every animation frame for `ms`: each playback pane's frame index. */
  async sampleAnimationFrames(ms: number): Promise<AnimationSample[]> {
    await this.page.evaluate(() => {
      const probe = (window as unknown as { __probe: { samples: unknown[]; sampling: boolean } })
        .__probe;
      probe.samples = [];
      probe.sampling = true;
    });
    await this.page.waitForTimeout(ms);
    const raw = await this.page.evaluate(() => {
      const probe = (window as unknown as { __probe: { samples: unknown[]; sampling: boolean } })
        .__probe;
      probe.sampling = false;
      return probe.samples;
    });
    type Raw = {
      at: number;
      means: Record<string, number[] | null>;
      times: Record<string, number>;
    };
    return (raw as Raw[]).map((s) => ({
      at: s.at,
      times: s.times,
      indices: Object.fromEntries(
        Object.entries(s.means).map(([camera, means]) => [camera, indexFromCellMeans(means)]),
      ),
    }));
  }

  /** Frames the browser itself dropped on a pane's video so far (too late to paint). */
  droppedFrames(pane: Locator): Promise<number> {
    return pane
      .locator('video')
      .evaluate((video: HTMLVideoElement) => video.getVideoPlaybackQuality().droppedVideoFrames);
  }

  /**
   * A pane's video now: frames decoded so far (getVideoPlaybackQuality().totalVideoFrames) and
   * its position (the instant shown, Unix ms), read together.
   */
  decoded(pane: Locator): Promise<{ frames: number; atMs: number }> {
    return pane.locator('video').evaluate((video: HTMLVideoElement) => ({
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      atMs: Number(video.dataset['originMs']) + video.currentTime * 1000,
    }));
  }

  /** The frame index on a playback pane's video (or JPEG canvas) now. */
  async indexOn(pane: Locator): Promise<number | null> {
    const means = await pane
      .locator('.playback')
      .evaluate((surface: HTMLVideoElement | HTMLCanvasElement) =>
        (
          window as unknown as {
            __probe: { read(v: HTMLVideoElement | HTMLCanvasElement): number[] | null };
          }
        ).__probe.read(surface),
      );
    return indexFromCellMeans(means);
  }
}
