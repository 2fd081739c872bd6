/** What the registry knows about one live child process. */
export interface RegisteredChild {
  pid: number;
  /** What the process is for, e.g. "ingest sess-1" or "ffprobe". */
  name: string;
  /** The command line with credentials masked. */
  commandLine: string;
  /** Wall-clock ms when the process was spawned. */
  startedAt: number;
}

/** A child the registry can end: `stop()` resolves once the process has exited. */
export interface StoppableChild extends RegisteredChild {
  stop(): Promise<unknown>;
}

/**
 * Every ffmpeg/ffprobe the server starts is registered here from spawn to exit, so that
 * shutdown can end them all and tests can assert that none is left behind.
 */
export class ChildProcessRegistry {
  private readonly children = new Map<number, StoppableChild>();

  /** Returns the function that removes the child again (called when it exits). */
  register(child: StoppableChild): () => void {
    this.children.set(child.pid, child);
    return () => {
      if (this.children.get(child.pid) === child) this.children.delete(child.pid);
    };
  }

  list(): RegisteredChild[] {
    return [...this.children.values()].map(({ pid, name, commandLine, startedAt }) => ({
      pid,
      name,
      commandLine,
      startedAt,
    }));
  }

  pids(): number[] {
    return [...this.children.keys()];
  }

  get size(): number {
    return this.children.size;
  }

  /** Stops every registered child in parallel; resolves when all have exited. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.children.values()].map((child) => child.stop()));
  }
}
