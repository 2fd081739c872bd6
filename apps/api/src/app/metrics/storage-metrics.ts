import { Injectable, OnModuleInit } from '@nestjs/common';
import { Registry } from 'prom-client';
import { RetentionService } from '../retention/retention.service';
import { perScrape, sampledCounter, sampledGauge } from './sampled-metric';

const KINDS = ['clip', 'segment'] as const;

/** The footage (from the index, as /health reads it), the videos disk and retention. */
@Injectable()
export class StorageMetrics implements OnModuleInit {
  /** One index read per scrape, shared by the two metrics that need it. */
  private readonly storage = perScrape(() => this.retention.storage().catch(() => null));

  constructor(
    private readonly registry: Registry,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    sampledGauge(registry, {
      name: 'camrec_storage_footage_bytes',
      help: 'Bytes of footage in the index: clips, and final continuous-recording segments.',
      labelNames: ['kind'],
      read: async () => {
        const storage = await this.storage();
        if (!storage) return [];
        return [
          [{ kind: 'clip' }, storage.clipBytes],
          [{ kind: 'segment' }, storage.segmentBytes],
        ];
      },
    });
    sampledGauge(registry, {
      name: 'camrec_storage_free_bytes',
      help: "Free bytes on the disk of the videos folder (what this server's user may use).",
      labelNames: [],
      read: async () => {
        const free = (await this.storage())?.freeBytes ?? null;
        return free === null ? [] : [[{}, free]];
      },
    });
    sampledCounter(registry, {
      name: 'camrec_retention_deleted_files_total',
      help: 'Files retention deleted since the server started, by kind of footage.',
      labelNames: ['kind'],
      read: () => {
        const deleted = this.retention.deleted();
        return KINDS.map((kind) => [{ kind }, deleted[kind].files]);
      },
    });
    sampledCounter(registry, {
      name: 'camrec_retention_deleted_bytes_total',
      help: 'Bytes of footage retention deleted since the server started, by kind.',
      labelNames: ['kind'],
      read: () => {
        const deleted = this.retention.deleted();
        return KINDS.map((kind) => [{ kind }, deleted[kind].bytes]);
      },
    });
  }
}
