import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { isPidAlive } from './pid-alive';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('isPidAlive (real processes)', () => {
  it('is true while a process runs and false once it has exited', async () => {
    const child = spawn('sleep', ['5']);
    await once(child, 'spawn');
    expect(isPidAlive(child.pid as number)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isPidAlive(child.pid as number)).toBe(false);
  });

  it('counts a zombie (exited, not reaped by its parent) as gone, though signal 0 still reaches it', async () => {
    // The background sleep's parent becomes `sleep 3`, which never waits for it.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 3']);
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const zombie = Number(line.toString().trim());
    await sleep(600);
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(isPidAlive(zombie)).toBe(false);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
  });
});
