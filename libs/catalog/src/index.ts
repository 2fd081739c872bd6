export { Catalog, type CatalogOptions } from './lib/catalog';
export type { CatalogStores } from './lib/catalog-stores';
export { CatalogConflictError, CatalogMigrationError } from './lib/catalog-errors';
export type * from './lib/catalog-schema';
export { MetaStore } from './lib/meta-store';
export {
  CameraStore,
  type CameraChanges,
  type CameraRow,
  type NewCamera,
} from './lib/camera-store';
export {
  SegmentStore,
  type NewSegment,
  type RetentionSegment,
  type SegmentProgress,
  type StartSegment,
} from './lib/segment-store';
export type { CameraSegmentTotals, SegmentTotals } from './lib/segment-totals';
export { ClipStore, type ClipListOptions, type ClipRow } from './lib/clip-store';
export {
  EventStore,
  type EventChanges,
  type EventListOptions,
  type NewEvent,
} from './lib/event-store';
export { OfflinePeriodStore } from './lib/offline-period-store';
export { KeptRangeStore, type NewKeptRange } from './lib/kept-range-store';
export {
  ExportStore,
  type ExportChanges,
  type ExportRow,
  type NewExport,
} from './lib/export-store';
export { newCameraId } from './lib/camera-id';
export * from './lib/timeline';
