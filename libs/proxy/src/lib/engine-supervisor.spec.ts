import { ChildProcessRegistry } from '@camrec/process';
import { EngineSupervisor, type SupervisorState } from './engine-supervisor';

/**
 * The supervisor around a real child process (a Node script that idles, standing in for any
 * engine binary: what is tested is the process handling, not an engine's API).
 */
describe('EngineSupervisor', () => {
  const registry = new ChildProcessRegistry();
  afterAll(() => expect(registry.size).toBe(0));

  it('counts a restarted engine as running only once it serves its paths again', async () => {
    const statesDuringRepublish: SupervisorState[] = [];
    let republished = 0;
    const logs: string[] = [];
    const supervisor: EngineSupervisor = new EngineSupervisor({
      name: 'mediamtx',
      binary: process.execPath,
      args: ['-e', 'setInterval(() => undefined, 1000)'],
      probe: async () => undefined,
      onRestarted: async () => {
        // Slow on purpose: a publish made meanwhile must wait for it.
        statesDuringRepublish.push(supervisor.state);
        await new Promise((resolve) => setTimeout(resolve, 300));
        statesDuringRepublish.push(supervisor.state);
        republished += 1;
      },
      onRestartFailed: (reason) => logs.push(`lost: ${reason}`),
      registry,
      log: (level, message) => logs.push(`${level} ${message}`),
      restartInitialDelayMs: 50,
    });
    try {
      await supervisor.start();
      expect(supervisor.state).toBe('running');
      const firstPid = supervisor.pid as number;
      process.kill(firstPid, 'SIGKILL');

      for (let waited = 0; waited < 5000 && statesDuringRepublish.length === 0; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // What a publish does first: it resolves only after the paths are back.
      await supervisor.start();
      expect(republished).toBe(1);
      expect(statesDuringRepublish).toEqual(['starting', 'starting']);
      expect(supervisor.state).toBe('running');
      expect(supervisor.pid).not.toBe(firstPid);
      expect(logs).toContain('warn mediamtx exited with SIGKILL; restarting');
      expect(logs.filter((line) => line.startsWith('lost:'))).toEqual([]);
    } finally {
      await supervisor.stop();
    }
    expect(supervisor.state).toBe('stopped');
  });
});
