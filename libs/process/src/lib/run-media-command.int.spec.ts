import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runMediaCommand } from './run-media-command';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

describe('runMediaCommand', () => {
  it('runs a command to completion and collects its stdout', async () => {
    const result = await runMediaCommand({
      name: 'version',
      command: 'ffmpeg',
      args: ['-hide_banner', '-version'],
      timeoutMs: 10_000,
    });
    expect(result.exit.code).toBe(0);
    expect(result.timedOut).toBe(false);
    expect(result.stdout.toString()).toMatch(/^ffmpeg version /);
  });

  it.each([
    ['without a caller signal', undefined],
    ['with a caller signal', new AbortController().signal],
  ])(
    'keeps nothing of a finished command alive until its timeout would fire (%s)',
    async (_, signal) => {
      // The process wrapper holds the args array, so the array lives exactly as long as it does.
      let args: string[] | null = ['-hide_banner', '-version'];
      const held = new WeakRef(args);
      const result = await runMediaCommand({
        name: 'version',
        command: 'ffmpeg',
        args,
        timeoutMs: 10 * 60_000,
        signal,
      });
      expect(result.exit.code).toBe(0);
      args = null;

      let collected = false;
      for (let attempt = 0; attempt < 20 && !collected; attempt += 1) {
        await nextTask();
        collectGarbage();
        collected = held.deref() === undefined;
      }
      expect(collected).toBe(true);
    },
  );
});
