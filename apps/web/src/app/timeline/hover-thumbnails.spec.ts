import { HoverThumbnails, thumbnailQuantum, type ShownThumbnail } from './hover-thumbnails';

describe('HoverThumbnails', () => {
  let now: number;
  let shown: (ShownThumbnail | null)[];
  let requests: { cameraId: string; atMs: number; resolve: (blob: Blob | null) => void }[];
  let revoked: string[];
  let thumbnails: HoverThumbnails;
  let urls: number;

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  beforeEach(() => {
    jest.useFakeTimers();
    now = 1000;
    shown = [];
    requests = [];
    revoked = [];
    urls = 0;
    thumbnails = new HoverThumbnails({
      load: (cameraId, atMs) =>
        new Promise((resolve) => requests.push({ cameraId, atMs, resolve })),
      show: (thumbnail) => shown.push(thumbnail),
      minIntervalMs: 150,
      capacity: 2,
      createUrl: () => `blob:${++urls}`,
      revokeUrl: (url) => revoked.push(url),
      now: () => now,
    });
  });
  afterEach(() => {
    thumbnails.dispose();
    jest.useRealTimers();
  });

  it('asks for the instant hovered, rounded, and shows the picture when it comes', async () => {
    thumbnails.hover('cam', 12_345, 1000);
    expect(requests.map((r) => r.atMs)).toEqual([12_000]);
    expect(shown.at(-1)).toEqual({ cameraId: 'cam', atMs: 12_000, url: null });
    requests[0].resolve(new Blob(['jpeg']));
    await flush();
    expect(shown.at(-1)).toEqual({ cameraId: 'cam', atMs: 12_000, url: 'blob:1' });
  });

  it('sends one request at a time, for the latest instant, at most one per interval', async () => {
    thumbnails.hover('cam', 1000, 1000);
    thumbnails.hover('cam', 2000, 1000);
    thumbnails.hover('cam', 3000, 1000);
    thumbnails.hover('cam', 4000, 1000);
    expect(requests).toHaveLength(1);
    now += 50;
    requests[0].resolve(new Blob(['a']));
    await flush();
    // Too soon after the first: waits out the interval, then asks for the latest only.
    expect(requests).toHaveLength(1);
    now += 100;
    jest.advanceTimersByTime(100);
    await flush();
    expect(requests.map((r) => r.atMs)).toEqual([1000, 4000]);
  });

  it('hovering the same stretch again uses the page cache', async () => {
    thumbnails.hover('cam', 1000, 1000);
    requests[0].resolve(new Blob(['a']));
    await flush();
    thumbnails.leave();
    expect(shown.at(-1)).toBeNull();
    now += 1000;
    thumbnails.hover('cam', 1500, 1000);
    expect(requests).toHaveLength(1);
    expect(shown.at(-1)).toEqual({ cameraId: 'cam', atMs: 1000, url: 'blob:1' });
  });

  it('keeps a bounded number of pictures, freeing the oldest', async () => {
    for (const at of [1000, 2000, 3000]) {
      now += 1000;
      thumbnails.hover('cam', at, 1000);
      requests.at(-1)?.resolve(new Blob(['x']));
      await flush();
    }
    expect(revoked).toEqual(['blob:1']);
    thumbnails.dispose();
    expect(revoked.sort()).toEqual(['blob:1', 'blob:2', 'blob:3']);
  });

  it('remembers instants without a picture too (no footage: 404)', async () => {
    thumbnails.hover('cam', 1000, 1000);
    requests[0].resolve(null);
    await flush();
    now += 1000;
    thumbnails.hover('cam', 5000, 1000);
    now += 1000;
    thumbnails.hover('cam', 1000, 1000);
    expect(requests).toHaveLength(2);
  });

  it('tells instants apart by about 6 px of the view, never under a second', () => {
    expect(thumbnailQuantum(50)).toBe(1000);
    expect(thumbnailQuantum(3000)).toBe(30_000);
    expect(thumbnailQuantum(504_000)).toBe(3_600_000);
  });
});
