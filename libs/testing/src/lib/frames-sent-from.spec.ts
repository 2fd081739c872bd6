import { framesMissed, framesSentFrom } from './media-checks';

describe('framesSentFrom', () => {
  const sent = [3, 4, 5, 7, 8, 9]; // the camera skipped 6

  it('is what a receiver of every frame from its first one got', () => {
    expect(framesSentFrom(sent, [4, 5, 7])).toEqual([4, 5, 7]);
    expect(framesSentFrom(sent, [8, 9])).toEqual([8, 9]);
  });

  it('shows a missing, repeated or late frame by differing from what was received', () => {
    expect(framesSentFrom(sent, [4, 7, 8])).toEqual([4, 5, 7]);
    expect(framesSentFrom(sent, [4, 4, 5])).toEqual([4, 5, 7]);
    // Received more than was sent from there on: the list is shorter.
    expect(framesSentFrom(sent, [8, 9, 10])).toEqual([8, 9]);
  });

  it('is empty when the first frame received was never sent, or nothing was received', () => {
    expect(framesSentFrom(sent, [6, 7])).toEqual([]);
    expect(framesSentFrom(sent, [])).toEqual([]);
  });
});

describe('framesMissed', () => {
  const sent = [3, 4, 5, 7, 8, 9]; // the camera skipped 6

  it('counts the frames sent between the first and the last received that did not arrive', () => {
    expect(framesMissed(sent, [4, 5, 7])).toBe(0);
    expect(framesMissed(sent, [3, 8, 9])).toBe(3);
    expect(framesMissed(sent, [])).toBe(0);
  });

  it('is null for a repeated, reordered or never-sent frame', () => {
    expect(framesMissed(sent, [4, 4, 5])).toBeNull();
    expect(framesMissed(sent, [4, 7, 5])).toBeNull();
    expect(framesMissed(sent, [4, 6, 7])).toBeNull();
    expect(framesMissed(sent, [9, 3])).toBeNull();
    expect(framesMissed(sent, [10])).toBeNull();
  });
});
