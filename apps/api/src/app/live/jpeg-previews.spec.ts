import { ChildProcessRegistry } from '@camrec/process';
import { StreamHub } from '@camrec/media';
import type { AppConfig } from '../config/app-config';
import type { SessionEntry } from '../session/session-entry';
import { JpegPreviews } from './jpeg-previews';

describe('JpegPreviews', () => {
  const config = { ffmpeg_path: 'ffmpeg', jpeg_quality: 70 } as AppConfig;
  const entry = { id: 'session-1', camera: { hub: new StreamHub() } } as unknown as SessionEntry;

  it('keeps the decoder of a live viewer when a replaced decoder is released late', async () => {
    const previews = new JpegPreviews(config, new ChildProcessRegistry());
    const first = previews.acquire(entry);
    // The first decoder ends by itself (e.g. its ffmpeg could not start); the next viewer
    // gets a new one while the first viewer has not left yet.
    await first.stop('preview decoder could not start');
    const second = previews.acquire(entry);
    expect(second).not.toBe(first);
    previews.release(entry.id, first);
    expect(second.running).toBe(true);
    previews.release(entry.id, second);
    expect(second.running).toBe(false);
  });

  it('stops a shared decoder only when its last viewer leaves', () => {
    const previews = new JpegPreviews(config, new ChildProcessRegistry());
    const decoder = previews.acquire(entry);
    expect(previews.acquire(entry)).toBe(decoder);
    previews.release(entry.id, decoder);
    expect(decoder.running).toBe(true);
    previews.release(entry.id, decoder);
    expect(decoder.running).toBe(false);
  });
});
