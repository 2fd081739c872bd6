import { FragmentTimeline } from './fragment-timeline';
import { parseFragmentInfo } from '@camrec/media';
import { readInitSegment } from './mp4-boxes';
import { makeFragmentedMp4, toPackets } from './test-support/mp4-fixtures';

describe('FragmentTimeline', () => {
  const packets = toPackets(makeFragmentedMp4({ seconds: 2, fps: 10, audio: true }));
  const init = packets[0].data;
  const fragments = packets.slice(1).map((packet) => packet.data);
  const info = readInitSegment(init);
  const runsOf = (data: Buffer) => parseFragmentInfo(data, info).tracks;

  function placeAll(timeline: FragmentTimeline, list: Buffer[]): Buffer[] {
    return list.map((fragment) => {
      const placed = timeline.place(fragment);
      placed.commit();
      return placed.data;
    });
  }

  it('counts the seconds of video placed, and where each fragment starts', () => {
    const timeline = new FragmentTimeline(init);
    const starts = fragments
      .map((fragment) => {
        const placed = timeline.place(fragment);
        placed.commit();
        return placed.videoStartS;
      })
      .filter((start): start is number => start !== null);
    // ffmpeg stretches the first frame of a fragmented stream a little (~20 ms).
    expect(starts[0]).toBe(0);
    expect(starts[10]).toBeCloseTo(1, 1);
    expect(timeline.videoDurationS).toBeCloseTo(2, 1);
  });

  it('leaves fragments untouched while the ingest does not restart', () => {
    const timeline = new FragmentTimeline(init);
    placeAll(timeline, fragments).forEach((data, i) => expect(data).toBe(fragments[i]));
  });

  it('continues the timeline after a restart instead of going back to zero', () => {
    const timeline = new FragmentTimeline(init);
    placeAll(timeline, fragments);
    timeline.restart();
    const shifted = placeAll(timeline, fragments);
    expect(timeline.videoDurationS).toBeCloseTo(4, 1);
    for (const track of info.tracks) {
      const times = [...fragments, ...shifted]
        .flatMap((data) => runsOf(data))
        .filter((run) => run.trackId === track.id)
        .map((run) => Number(run.baseDecodeTime));
      // ffmpeg writes the odd zero-duration audio sample, hence "not before" and not "after".
      for (let i = 1; i < times.length; i += 1)
        expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
      const [firstShifted] = shifted.flatMap(runsOf).filter((run) => run.trackId === track.id);
      expect(Number(firstShifted.baseDecodeTime) / track.timescale).toBeGreaterThanOrEqual(2);
    }
    // The hub's buffers are shared with other consumers: shifting works on a copy.
    expect(runsOf(fragments[0])[0].baseDecodeTime).toBe(0n);
  });

  it('does not count a fragment that was never committed', () => {
    const timeline = new FragmentTimeline(init);
    timeline.place(fragments[0]);
    expect(timeline.videoDurationS).toBe(0);
  });
});
