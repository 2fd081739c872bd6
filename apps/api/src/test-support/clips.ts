import type { VideoItem } from '@camrec/shared-types';
import { waitFor } from '@camrec/testing';
import { getJson, postJson } from './http';
import type { TestApp } from './test-app';

export interface ManualClip {
  /** Just before the request: the server's moment is its arrival, a little after. */
  askedAt: number;
  video: VideoItem;
}

/** A manual clip of `durationS` with `preRollS` of the session's past, once it is listed. */
export async function recordManualClip(
  app: TestApp,
  sessionId: string,
  durationS: number,
  preRollS: number,
): Promise<ManualClip> {
  const askedAt = Date.now();
  const started = await postJson<{ filename: string }>(app, '/record/start', {
    session_id: sessionId,
    duration: durationS,
    pre_roll_s: preRollS,
  });
  if (started.status !== 201) {
    throw new Error(
      `POST /record/start answered ${started.status}: ${JSON.stringify(started.body)}`,
    );
  }
  const video = await waitFor('the clip with its pre-roll', async () => {
    const { videos } = (await getJson<{ videos: VideoItem[] }>(app, '/videos')).body;
    return videos.find((v) => v.filename === started.body.filename && v.pre_roll);
  });
  return { askedAt, video };
}
