import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';

/** Last line of defence: whatever child process is still registered at shutdown is ended. */
@Injectable()
class ChildProcessReaper implements OnApplicationShutdown {
  private readonly logger = new Logger('processes');

  constructor(private readonly registry: ChildProcessRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.size === 0) return;
    this.logger.warn(`ending ${this.registry.size} child process(es) still running at shutdown`);
    await this.registry.stopAll();
  }
}

@Global()
@Module({
  providers: [
    { provide: ChildProcessRegistry, useValue: new ChildProcessRegistry() },
    ChildProcessReaper,
  ],
  exports: [ChildProcessRegistry],
})
export class MediaModule {}
