export { createSeriesStore } from './store.js';
export type { DurableSeriesStats, DurableSeriesStore, SeriesStoreOptions } from './store.js';
export { SeriesStoreError } from './errors.js';
export { registerCodec, type ChunkCodec } from './codec/chunk.js';
export type * from './types.js';
export type { MaintenanceResult, RetentionOptions, RetentionPolicy, ThinResult } from './retention.js';
