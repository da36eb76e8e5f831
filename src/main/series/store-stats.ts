import type { Synchronous } from './db.js';
import type { SeriesStoreStats } from './types.js';

export interface DurableSeriesStats extends SeriesStoreStats {
  series: number;
  compactionSteps: number;
  /** worker passes completed (each moved a window of the log, one series range per step) */
  compactionPasses: number;
  compactedValues: number;
  /** rollup rows written by compaction since open */
  rollupRowsWritten: number;
  /** removed by retention since open */
  retentionDeletedChunks: number;
  retentionDeletedRollupRows: number;
  /** raw chunks deleted by the disk budget (thinRaw) since open */
  thinnedChunks: number;
  /** pages returned to the OS by incremental vacuum since open */
  vacuumedPages: number;
  /** free pages inside the file (reused before the file grows) */
  freePages: number;
  /** epoch ms of the last completed retention pass, null before the first */
  lastMaintenanceAt: number | null;
  synchronous: Synchronous;
  /** 'worker' while the timer plans on the compaction worker, 'thread' otherwise */
  compactionMode: 'worker' | 'thread';
  /** worker plans discarded because the data changed meanwhile (re-planned) */
  compactionStalePlans: number;
  compactionWorkerRestarts: number;
  /** longest main-thread transaction applying a worker plan / time the worker took to plan it */
  compactionApplyMsMax: number;
  compactionPlanMsMax: number;
  /** values in the log not yet deleted by compaction (counted per commit), and the in-memory index entries (one per log row) */
  logValues: number;
  tailEntries: number;
  /** 'thread' while group commits run on the writer thread */
  commitMode: 'thread' | 'inline';
  commitThreadRestarts: number;
  /** longest group commit (transaction + fsync) since open, on the writer thread */
  commitMsMax: number;
  /** longest time from handing a commit over to its result on the main thread (adds the loop's delays) */
  commitRoundTripMsMax: number;
  /** V8 heaps of the writer thread and the compaction worker (committed bytes; 0 until they report) */
  writerHeapBytes: number;
  compactorHeapBytes: number;
}

/** The counters every part of the store adds to; `stats()` reports them with the gauges read on demand. */
export type StoreCounters = Pick<
  DurableSeriesStats,
  | 'committedValues'
  | 'committedMessages'
  | 'commits'
  | 'duplicates'
  | 'outOfOrder'
  | 'logRows'
  | 'chunks'
  | 'compactionSteps'
  | 'compactionPasses'
  | 'compactedValues'
  | 'rollupRowsWritten'
  | 'retentionDeletedChunks'
  | 'retentionDeletedRollupRows'
  | 'thinnedChunks'
  | 'vacuumedPages'
  | 'compactionStalePlans'
  | 'compactionApplyMsMax'
  | 'compactionPlanMsMax'
  | 'commitRoundTripMsMax'
  | 'writerHeapBytes'
  | 'compactorHeapBytes'
  | 'commitMsMax'
>;

export function newCounters(): StoreCounters {
  return {
    committedValues: 0,
    committedMessages: 0,
    commits: 0,
    duplicates: 0,
    outOfOrder: 0,
    logRows: 0,
    chunks: 0,
    compactionSteps: 0,
    compactionPasses: 0,
    compactedValues: 0,
    rollupRowsWritten: 0,
    retentionDeletedChunks: 0,
    retentionDeletedRollupRows: 0,
    thinnedChunks: 0,
    vacuumedPages: 0,
    compactionStalePlans: 0,
    compactionApplyMsMax: 0,
    compactionPlanMsMax: 0,
    commitRoundTripMsMax: 0,
    writerHeapBytes: 0,
    compactorHeapBytes: 0,
    commitMsMax: 0,
  };
}
