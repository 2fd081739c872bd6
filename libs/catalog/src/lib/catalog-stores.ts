import type { Kysely } from 'kysely';
import { CameraStore } from './camera-store';
import type { CatalogSchema } from './catalog-schema';
import { ClipStore } from './clip-store';
import { EventStore } from './event-store';
import { ExportStore } from './export-store';
import { KeptRangeStore } from './kept-range-store';
import { MetaStore } from './meta-store';
import { OfflinePeriodStore } from './offline-period-store';
import { SegmentStore } from './segment-store';

/** The stores over one Kysely instance: the catalog's own, or a transaction's. */
export interface CatalogStores {
  readonly db: Kysely<CatalogSchema>;
  readonly meta: MetaStore;
  readonly cameras: CameraStore;
  readonly segments: SegmentStore;
  readonly clips: ClipStore;
  readonly events: EventStore;
  readonly offlinePeriods: OfflinePeriodStore;
  readonly keptRanges: KeptRangeStore;
  readonly exports: ExportStore;
}

export function createStores(db: Kysely<CatalogSchema>, now: () => number): CatalogStores {
  return {
    db,
    meta: new MetaStore(db),
    cameras: new CameraStore(db, now),
    segments: new SegmentStore(db),
    clips: new ClipStore(db),
    events: new EventStore(db),
    offlinePeriods: new OfflinePeriodStore(db),
    keptRanges: new KeptRangeStore(db, now),
    exports: new ExportStore(db, now),
  };
}
