import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first answer that is not undefined or false', async () => {
    let calls = 0;
    const third = () => (++calls === 3 ? calls : false);
    await expect(waitFor('a third call', third, { intervalMs: 1 })).resolves.toBe(3);
  });

  it('names what it waited for, the last answer and what lastSeen adds', async () => {
    let shown = 0;
    const never = () => {
      shown += 1;
      return undefined;
    };
    const options = { timeoutMs: 20, intervalMs: 5, lastSeen: () => `showed frame ${shown}` };
    await expect(waitFor('frame 7', never, options)).rejects.toThrow(
      /^timed out after 20 ms waiting for frame 7; last: undefined; showed frame \d+$/,
    );
  });
});
