import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChildProcessRegistry } from '@camrec/process';
import { Registry } from 'prom-client';
import { SessionService } from '../session/session.service';
import { CHILD_PROCESS_KINDS, childProcessKind } from './child-process-kind';
import { sampledGauge } from './sampled-metric';

/** prom-client's default metrics (CPU, memory, event loop, GC) are named with this prefix. */
export const DEFAULT_METRICS_PREFIX = 'camrec_';

/**
 * Gauges that prom-client's default metrics name `…_total`, a suffix Prometheus keeps for
 * counters (promtool warns); `camrec_nodejs_active_handles` and `…_requests`, `…_resources`
 * by type say the same.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
].map((name) => DEFAULT_METRICS_PREFIX + name);

/** The server's child processes and sessions, beside prom-client's default process metrics. */
@Injectable()
export class ProcessMetrics implements OnModuleInit {
  constructor(
    private readonly registry: Registry,
    private readonly children: ChildProcessRegistry,
    private readonly sessions: SessionService,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
    sampledGauge(registry, {
      name: 'camrec_child_processes',
      help: 'Child processes running (ffmpeg, ffprobe, proxy engines), by what they are for.',
      labelNames: ['kind'],
      read: () => {
        const counts = new Map(CHILD_PROCESS_KINDS.map((kind) => [kind, 0]));
        for (const child of this.children.list()) {
          const kind = childProcessKind(child.name);
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
        }
        return [...counts].map(([kind, count]) => [{ kind }, count]);
      },
    });
    sampledGauge(registry, {
      name: 'camrec_sessions_open',
      help: 'Sessions open: of saved cameras (kind="camera", one per stream) and of pasted URLs (kind="url").',
      labelNames: ['kind'],
      read: () => {
        const all = this.sessions.all();
        const ofCameras = all.filter((entry) => entry.owner).length;
        return [
          [{ kind: 'camera' }, ofCameras],
          [{ kind: 'url' }, all.length - ofCameras],
        ];
      },
    });
  }
}
