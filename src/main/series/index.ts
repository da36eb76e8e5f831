export { createSeriesStore } from './store.js';
export type { DurableSeriesStats, DurableSeriesStore, SeriesStoreOptions, StoreHooks } from './store.js';
export { SeriesStoreError, isNoSpace } from './errors.js';
export type * from './types.js';
export type { MaintenanceResult, RetentionOptions, RetentionPolicy } from './retention.js';
export type { ThinResult, ThinnedRange } from './thinning.js';
export { unpack, type PackedBatch } from './packed.js';
