import type Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../logger/logger.js';
import type { Synchronous } from './db.js';
import type { RetentionOptions } from './retention.js';

export interface SeriesStoreOptions {
  file: string;
  logger?: Logger;
  /** longest a value waits for its group commit */
  commitIntervalMs?: number;
  /** commit at once when this many values are pending; also bounds the queue */
  commitMaxValues?: number;
  /** least time between the starts of two commits asked for by `hurry()` (bounds commits per second) */
  hurrySpacingMs?: number;
  /**
   * FULL (default): each group commit fsyncs the WAL, so an acknowledged value survives power loss.
   * NORMAL: survives a process crash, but the last commits before a power cut may be lost although the
   * gateway was told they were stored. Group commit amortises the fsync; see bench/series-ingest.ts.
   */
  synchronous?: Synchronous;
  /**
   * Run group commits on the writer thread (default true), so the event loop never waits for fsync.
   * false commits on the calling thread (tests that inject SQLite faults into the main connection).
   */
  commitThread?: boolean;
  /** how often the writer thread checkpoints the WAL (PASSIVE, between commits) */
  checkpointEveryMs?: number;
  /** compactor timer period; 0 disables the timer (call `compact()` yourself) */
  compactEveryMs?: number;
  /** log rows younger than this stay in the log (bigger = more points per series per step = less rewriting) */
  compactAfterMs?: number;
  /** a chunk is closed at this many points */
  chunkMaxPoints?: number;
  /**
   * A compaction pass starts only when the oldest log row is older than compactAfterMs + this, and then
   * moves everything older than compactAfterMs: each pass brings more points per series, so fewer
   * open-chunk rewrites. 0 = compact whatever is older than compactAfterMs on every tick.
   */
  compactWindowMs?: number;
  /** at most this many values per main-thread transaction when applying a worker-planned step */
  compactApplySliceValues?: number;
  /** each such transaction is sized to last about this long, and followed by a pause as long (ApplyPacer) */
  compactApplySliceMs?: number;
  /** a worker pass also starts once the log holds this many values, however young; and covers at most that many */
  compactPassMaxValues?: number;
  /** values moved per in-thread compaction step (one transaction) */
  compactStepValues?: number;
  /**
   * Plan compaction steps (decode, merge, re-encode, rollups) on a worker thread and only apply them
   * on the main thread (default true; the timer path only — `compact()` always runs in-thread).
   */
  compactWorker?: boolean;
  /**
   * values per worker-planned step of a pass (default 50 000). The step's points, the open chunks they
   * extend and its rollups are the worker's working set: with 1/16 of a 10 M-value pass per step its
   * heap held 56 MB, with 50 000 values 22 MB. Applying is sliced anyway (compactApplySliceValues).
   */
  compactWorkerStepValues?: number;
  /** time the compactor may spend per timer tick before yielding to ingest */
  compactBudgetMs?: number;
  /** how long each resolution is kept (default raw 30 d, 1 min 365 d, 1 h and 1 d forever) */
  retention?: RetentionOptions;
  /** period of the retention + vacuum pass, run from the compactor timer; 0 = only via `maintain()` */
  maintenanceEveryMs?: number;
  /** rows per retention delete transaction */
  maintenanceBatchRows?: number;
  /** pages per incremental_vacuum step */
  vacuumPages?: number;
  /** the disk budget never thins raw values newer than this (default 24 h) */
  thinKeepRawMs?: number;
  /** clock for the compaction window and retention (tests) */
  now?: () => number;
  /** for tests and tools only */
  hooks?: StoreHooks;
}

/** What tests swap in: a fault-injecting connection, thread or worker. */
export interface StoreHooks {
  /** called with the open connection before anything else (tests simulate a full disk) */
  onOpen?: (db: Database.Database) => void;
  /** a different commit thread script */
  commitThreadUrl?: URL;
  /** a different compaction worker script */
  compactWorkerUrl?: URL;
}

/** The options with every default filled in, as the store's parts read them. */
export interface StoreSettings {
  file: string;
  logger: Logger;
  commitIntervalMs: number;
  commitMaxValues: number;
  hurrySpacingMs: number;
  synchronous: Synchronous;
  commitThread: boolean;
  checkpointEveryMs: number;
  compactEveryMs: number;
  compactAfterMs: number;
  compactBudgetMs: number;
  compactWindowMs: number;
  compactPassMaxValues: number;
  compactApplySliceMs: number;
  compactApplySliceValues: number;
  /** in-thread steps (`compact()`, and the timer when the worker cannot run) */
  compactOpts: { chunkMaxPoints: number; stepValues: number; stepRows: number };
  /** worker-planned pass steps */
  workerOpts: { chunkMaxPoints: number; stepValues: number; stepRows: number };
  compactWorker: boolean;
  now: () => number;
  retention: RetentionOptions;
  maintenanceEveryMs: number;
  maintenanceBatchRows: number;
  vacuumPages: number;
  thinKeepRawMs: number;
  hooks: StoreHooks;
}

export function resolveSettings(options: SeriesStoreOptions): StoreSettings {
  const chunkMaxPoints = options.chunkMaxPoints ?? 1000;
  return {
    file: options.file,
    logger: options.logger ?? silentLogger(),
    commitIntervalMs: options.commitIntervalMs ?? 15,
    commitMaxValues: options.commitMaxValues ?? 20_000,
    hurrySpacingMs: options.hurrySpacingMs ?? 5,
    synchronous: options.synchronous ?? 'FULL',
    commitThread: options.commitThread ?? true,
    checkpointEveryMs: options.checkpointEveryMs ?? 1000,
    compactEveryMs: options.compactEveryMs ?? 1000,
    compactAfterMs: options.compactAfterMs ?? 10_000,
    compactBudgetMs: options.compactBudgetMs ?? 50,
    compactWindowMs: options.compactWindowMs ?? 180_000,
    compactPassMaxValues: options.compactPassMaxValues ?? 10_000_000,
    compactApplySliceMs: options.compactApplySliceMs ?? 8,
    compactApplySliceValues: options.compactApplySliceValues ?? 20_000,
    compactOpts: { chunkMaxPoints, stepValues: options.compactStepValues ?? 50_000, stepRows: 20_000 },
    workerOpts: {
      chunkMaxPoints,
      stepValues: options.compactWorkerStepValues ?? 50_000,
      stepRows: 1_000_000,
    },
    compactWorker: options.compactWorker ?? true,
    now: options.now ?? Date.now,
    retention: options.retention ?? {},
    maintenanceEveryMs: options.maintenanceEveryMs ?? 60_000,
    maintenanceBatchRows: options.maintenanceBatchRows ?? 500,
    vacuumPages: options.vacuumPages ?? 256,
    thinKeepRawMs: options.thinKeepRawMs ?? 24 * 3_600_000,
    hooks: options.hooks ?? {},
  };
}
