import { statSync } from 'node:fs';
import type { ValuePoint } from '../../shared/model.js';
import { CommitQueue } from './commit-queue.js';
import { CompactWorker } from './compact-client.js';
import { CompactionScheduler } from './compaction-scheduler.js';
import { SeriesStoreError } from './errors.js';
import { Maintenance } from './maintenance.js';
import { SeriesReader } from './reader.js';
import type { MaintenanceResult } from './retention.js';
import type { ThinnedRange, ThinResult } from './thinning.js';
import { StoreCore } from './store-core.js';
import { resolveSettings, type SeriesStoreOptions } from './store-options.js';
import type { PackedBatch } from './packed.js';
import type { DurableSeriesStats } from './store-stats.js';
import type {
  AggregateQuery,
  AppendOutcome,
  ManySeriesQuery,
  SensorBatch,
  SensorSeriesRead,
  SeriesQuery,
  SeriesStore,
  StatsBucket,
  StatsQuery,
} from './types.js';

export type { SeriesStoreOptions, StoreHooks } from './store-options.js';
export type { DurableSeriesStats } from './store-stats.js';

export interface DurableSeriesStore extends SeriesStore {
  stats(): DurableSeriesStats;
  /** the last storage failure as a typed error (its `code` tells SQLITE_FULL from I/O errors), or null */
  readonly lastFailure: SeriesStoreError | null;
  /** Runs compaction steps now; `all` ignores the age window. Returns the number of values moved. */
  compact(options?: { all?: boolean }): number;
  /**
   * Runs retention + incremental vacuum now, in transactions of at most `batchRows` rows; stops after
   * `maxBatches` of them (default: until done). Calls continue where the previous one stopped.
   */
  maintain(options?: { maxBatches?: number; batchRows?: number }): MaintenanceResult;
  /**
   * Disk budget: deletes the oldest day of raw chunks across all series that every rollup resolution
   * summarizes, never the last `thinKeepRawMs` (rollups stay), and gives up to `vacuumPages` freed
   * pages back to the OS. Call again while free space is still short; returns thinnedBefore = null when
   * no raw data is left to thin.
   */
  thinRaw(options?: { batchRows?: number; vacuumPages?: number }): ThinResult & { vacuumedPages: number };
  /** what the disk budget thinned of a sensor: raw values before `before` may be gone; null: nothing */
  thinnedRange(gatewayId: string, sensorId: string): ThinnedRange | null;
}

/**
 * The series store, a front over its parts (the file names say which is which):
 * - `store-core.ts`: the shared state (connection, tables, tail index, newest points, write lock);
 * - `commit-queue.ts`: append → group commit on the writer thread (`commit-writer.ts`) → resolve;
 * - `compaction-scheduler.ts`: log → chunks + rollups, planned on the worker (`compact-client.ts`);
 * - `maintenance.ts`: retention, vacuum and the disk budget's thinning;
 * - `reader.ts`: queries over chunks, rollups and the log tail.
 */
export function createSeriesStore(options: SeriesStoreOptions): DurableSeriesStore {
  return new SeriesStoreFront(options);
}

class SeriesStoreFront implements DurableSeriesStore {
  private readonly core: StoreCore;
  private readonly reader: SeriesReader;
  private readonly commits: CommitQueue;
  private readonly worker: CompactWorker | null;
  private readonly compaction: CompactionScheduler;
  private readonly maintenance: Maintenance;
  private readonly timer: NodeJS.Timeout | null;

  constructor(options: SeriesStoreOptions) {
    const core = (this.core = new StoreCore(resolveSettings(options)));
    const s = core.settings;
    this.reader = new SeriesReader(core);
    this.commits = new CommitQueue(core, this.reader);
    this.worker =
      s.compactEveryMs > 0 && s.compactWorker
        ? new CompactWorker(
            s.file,
            core.logger,
            (err) => core.fail('compaction worker crashed', err),
            5,
            s.hooks.compactWorkerUrl,
          )
        : null;
    this.compaction = new CompactionScheduler(core, this.worker);
    this.maintenance = new Maintenance(core);
    this.timer =
      s.compactEveryMs > 0
        ? setInterval(() => {
            this.compaction.tick();
            // the thread checkpoints after commits; this covers compaction's writes on a quiet site
            core.committer.checkpoint();
            this.maintenance.tick();
          }, s.compactEveryMs)
        : null;
    this.timer?.unref();
  }

  get lastFailure(): SeriesStoreError | null {
    return this.core.lastError;
  }

  append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<AppendOutcome> {
    return this.commits.append(gatewayId, batches, receivedAt);
  }

  appendPacked(gatewayId: string, packed: PackedBatch, receivedAt: number): Promise<AppendOutcome> {
    return this.commits.appendPacked(gatewayId, packed, receivedAt);
  }

  hurry(): void {
    this.commits.hurry();
  }

  query(q: SeriesQuery): ValuePoint[] {
    return this.reader.query(q);
  }

  aggregate(q: AggregateQuery): ValuePoint[] {
    return this.reader.aggregate(q);
  }

  readMany(q: ManySeriesQuery): SensorSeriesRead[] {
    return this.reader.many(q);
  }

  seriesStats(q: StatsQuery): StatsBucket[] {
    return this.reader.seriesStats(q);
  }

  rawFrom(gatewayId: string, sensorId: string): number | null {
    return this.reader.rawFrom(gatewayId, sensorId);
  }

  latest(gatewayId: string, sensorId: string): ValuePoint | null {
    return this.reader.latest(gatewayId, sensorId);
  }

  compact(opts?: { all?: boolean }): number {
    const s = this.core.settings;
    return this.compaction.compactNow(opts?.all ? Infinity : s.now() - s.compactAfterMs, Infinity).moved;
  }

  maintain(opts?: { maxBatches?: number; batchRows?: number }): MaintenanceResult {
    const s = this.core.settings;
    return this.maintenance.runNow(opts?.maxBatches ?? Infinity, opts?.batchRows ?? s.maintenanceBatchRows);
  }

  thinRaw(opts?: { batchRows?: number; vacuumPages?: number }): ThinResult & { vacuumedPages: number } {
    return this.maintenance.thinRaw(opts);
  }

  thinnedRange(gatewayId: string, sensorId: string): ThinnedRange | null {
    const sid = this.core.registry.find(gatewayId, sensorId);
    return sid === undefined ? null : this.core.thinned.get(sid);
  }

  async deleteSensor(gatewayId: string, sensorId: string): Promise<void> {
    const { core } = this;
    if (core.closed) throw new SeriesStoreError('series store is closed');
    // commit first so that everything appended before this call is deleted too
    await this.commits.flushAll();
    const sid = core.registry.find(gatewayId, sensorId);
    if (sid === undefined) return;
    let rowsDeleted = 0;
    let chunksDeleted = 0;
    try {
      core.lock.runInvalidating(() =>
        core.db.transaction(() => {
          for (const e of core.tail.entries(sid)) if (core.log.removeSeries(e.logId, sid)) rowsDeleted++;
          chunksDeleted = core.chunks.deleteSeries(sid);
          core.rollups.deleteSeries(sid);
          core.thinned.deleteSeries(sid);
          core.registry.deleteRow(sid);
        })(),
      );
    } catch (err) {
      throw core.fail(`deleting ${gatewayId}/${sensorId} failed`, err);
    }
    core.counters.logRows -= rowsDeleted;
    core.counters.chunks -= chunksDeleted;
    core.registry.forget(gatewayId, sensorId);
    core.tail.forget(sid);
    core.latestPoint.delete(sid);
    this.maintenance.retention.forget(sid);
  }

  stats(): DurableSeriesStats {
    const { core } = this;
    const committer = core.committer;
    return {
      ...core.counters,
      pendingValues: this.commits.pending,
      diskBytes: this.diskBytes(),
      lastError: core.lastError?.message ?? null,
      series: core.registry.size,
      freePages: core.closed ? 0 : (core.db.pragma('freelist_count', { simple: true }) as number),
      lastMaintenanceAt: this.maintenance.lastMaintenanceAt,
      synchronous: core.settings.synchronous,
      compactionMode: this.compaction.mode,
      compactionWorkerRestarts: this.worker?.restarts ?? 0,
      logValues: core.marks.values,
      tailEntries: core.tail.size,
      commitMode: committer.mode,
      commitThreadRestarts: committer.restarts,
    };
  }

  flush(): Promise<void> {
    return this.commits.flushAll();
  }

  async close(): Promise<void> {
    const { core } = this;
    if (core.closed) return;
    let err: unknown = null;
    await this.commits.flushAll().catch((e: unknown) => (err = e));
    core.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.maintenance.stop();
    // first: its read transaction would hold back the checkpoint below
    await this.worker?.terminate();
    core.committer.waitIdle();
    await core.committer.close();
    try {
      core.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      core.logger.warn({ err: e }, 'series store: checkpoint on close failed');
    }
    core.db.close();
    if (err) throw err as Error;
  }

  private diskBytes(): number {
    let total = 0;
    for (const f of [this.core.settings.file, `${this.core.settings.file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        // no WAL right after a TRUNCATE checkpoint
      }
    }
    return total;
  }
}
