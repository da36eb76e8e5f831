import { pauseAfter } from './apply-pacer.js';
import { SeriesStoreError } from './errors.js';
import { Retention, vacuumStep, type MaintenanceResult } from './retention.js';
import { thinOldestRawDay, type ThinResult } from './thinning.js';
import type { StoreCore } from './store-core.js';

/**
 * Deleting what the store no longer keeps: retention per resolution with incremental vacuum (a
 * periodic pass of paced slices), and the disk budget's thinning of raw chunks when space runs short.
 */
export class Maintenance {
  readonly retention: Retention;
  /** epoch ms of the last completed retention pass */
  lastMaintenanceAt: number | null = null;
  /** a maintenance pass runs as a chain of paced slices; this is its next one */
  private timer: NodeJS.Timeout | null = null;
  /** the first pass waits one period too: startup (and short-lived tools/tests) are left alone */
  private nextAt: number;

  constructor(private readonly core: StoreCore) {
    this.retention = new Retention(core.db, core.chunks, core.rollups, core.settings.retention);
    this.nextAt = performance.now() + core.settings.maintenanceEveryMs;
  }

  /** from the store's timer: starts a pass when one is due */
  tick(): void {
    if (this.core.settings.maintenanceEveryMs > 0 && !this.timer && performance.now() >= this.nextAt)
      this.slice();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** `maintain()`: runs retention now, in transactions of `batchRows`, at most `maxBatches` of them */
  runNow(maxBatches: number, batchRows: number): MaintenanceResult {
    const r = this.run(maxBatches, batchRows, Infinity);
    if (!r) throw new SeriesStoreError(this.core.lastError?.message ?? 'series store is closed');
    return r;
  }

  /**
   * Disk budget: deletes the oldest day of raw chunks that every rollup resolution summarizes (never
   * the most recent `thinKeepRawMs`; rollups stay), records it, and gives the freed pages back to the OS.
   */
  thinRaw(opts?: { batchRows?: number; vacuumPages?: number }): ThinResult & { vacuumedPages: number } {
    const { core } = this;
    if (core.closed) throw new SeriesStoreError('series store is closed');
    try {
      return core.lock.run(() => {
        const batchRows = opts?.batchRows ?? core.settings.maintenanceBatchRows;
        const now = core.settings.now();
        const r = thinOldestRawDay(core.db, core.chunks, core.thinned, core.registry.ids(), {
          batchRows,
          keepRawAfter: now - core.settings.thinKeepRawMs,
          now,
        });
        if (r.refusedSeries > 0)
          core.logger.error(
            { refusedSeries: r.refusedSeries },
            'series store: thinning refused where rollups do not account for the raw values',
          );
        // only a delete makes the worker's plans stale: the disk budget asks every 100 ms while short of
        // space, and invalidating on every ask kept a pass from ever finishing (every plan went stale)
        if (r.deletedChunks > 0) core.lock.invalidate();
        core.counters.chunks -= r.deletedChunks;
        core.counters.thinnedChunks += r.deletedChunks;
        const vacuumedPages = vacuumStep(core.db, opts?.vacuumPages ?? 1 << 30);
        core.counters.vacuumedPages += vacuumedPages;
        // the truncation reaches the file (and shows as free space) only once the WAL is checkpointed
        if (vacuumedPages > 0) core.db.pragma('wal_checkpoint(PASSIVE)');
        if (r.thinnedBefore !== null)
          core.logger.warn({ ...r, vacuumedPages }, 'series store: thinned the oldest raw data');
        return { ...r, vacuumedPages };
      });
    } catch (err) {
      throw core.fail('thinning raw data failed', err);
    }
  }

  /**
   * One slice of the periodic retention pass, sized like the compaction apply slices (about
   * compactApplySliceMs, then a pause as long): at 10 000 sensors a pass is many slices, and one long
   * one would hold every PUBACK due meanwhile.
   */
  private slice(): void {
    const { core } = this;
    this.timer = null;
    if (core.closed) return;
    const s = core.settings;
    const started = performance.now();
    const r = this.run(Infinity, s.maintenanceBatchRows, started + s.compactApplySliceMs);
    if (r && !r.complete) {
      this.timer = setTimeout(() => this.slice(), pauseAfter(performance.now() - started));
      this.timer.unref();
    } else this.nextAt = performance.now() + s.maintenanceEveryMs;
  }

  /** null when the store is closed or a transaction failed (logged; the next pass retries) */
  private run(maxBatches: number, batchRows: number, deadline: number): MaintenanceResult | null {
    const { core } = this;
    if (core.closed) return null;
    const s = core.settings;
    try {
      const r = core.lock.run(() => {
        const ids = core.registry.ids();
        const result = this.retention.run(ids, s.now(), {
          maxBatches,
          batchRows,
          vacuumPages: s.vacuumPages,
          deadline,
        });
        if (result.complete && performance.now() < deadline)
          result.vacuumedPages = vacuumStep(core.db, s.vacuumPages);
        return result;
      });
      core.counters.retentionDeletedChunks += r.deletedChunks;
      core.counters.chunks -= r.deletedChunks;
      core.counters.retentionDeletedRollupRows += r.deletedRollupRows;
      core.counters.vacuumedPages += r.vacuumedPages;
      if (r.complete) this.lastMaintenanceAt = s.now();
      return r;
    } catch (err) {
      core.fail('maintenance step failed', err);
      return null;
    }
  }
}
