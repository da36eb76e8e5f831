import type Database from 'better-sqlite3';
import _ from 'lodash';
import type { ChunkStore } from './chunks.js';
import { DAY, floorTo, MINUTE, type RollupStore } from './rollup.js';

/** Days each resolution is kept; null = forever. */
export interface RetentionPolicy {
  rawDays: number | null;
  minuteDays: number | null;
  hourDays: number | null;
  dayDays: number | null;
}

export interface RetentionOptions extends Partial<RetentionPolicy> {
  /**
   * Per-sensor overrides (e.g. by sensor type), asked once per series per store lifetime; fields it
   * leaves out fall back to the site-wide values above.
   */
  bySeries?: (gatewayId: string, sensorId: string) => Partial<RetentionPolicy> | undefined;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  rawDays: 30,
  minuteDays: 365,
  hourDays: null,
  dayDays: null,
};

export interface MaintenanceOptions {
  /** rows one delete transaction may remove (keeps each write lock short) */
  batchRows: number;
  /** stop after this many delete transactions; the next call continues where this one stopped */
  maxBatches: number;
  /** pages one incremental_vacuum call may return to the OS */
  vacuumPages: number;
  /** checked between transactions */
  deadline: number;
}

export interface MaintenanceResult {
  deletedChunks: number;
  deletedRollupRows: number;
  vacuumedPages: number;
  batches: number;
  /** a full pass over every series finished (nothing more is expired as of `now`) */
  complete: boolean;
}

/**
 * Retention, in small steps. A chunk expires when its newest point is older than rawDays; a rollup
 * row when its whole bucket is older than that resolution's days. Never touched: the ingest log, a
 * series' chunks and rollup rows from the day of its rollup watermark on (the compactor still reads
 * them to close buckets, see RollupStore), so a sensor that went quiet keeps its newest chunk.
 * Each batch is its own short transaction; the series cursor survives between calls.
 */
export class Retention {
  private readonly policies = new Map<number, RetentionPolicy>();
  private readonly keyStmt: Database.Statement<[number], { gateway_id: string; sensor_id: string }>;
  /** where the pass stopped: series id and target (0 = chunks, 1–3 = rollup levels) */
  private cursor = { sid: 0, target: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly chunks: ChunkStore,
    private readonly rollups: RollupStore,
    private readonly options: RetentionOptions,
  ) {
    this.keyStmt = db.prepare('SELECT gateway_id, sensor_id FROM series WHERE id = ?');
  }

  private policy(sid: number): RetentionPolicy {
    let p = this.policies.get(sid);
    if (!p) {
      const { bySeries, ...site } = this.options;
      const row = this.keyStmt.get(sid);
      const own = row && bySeries ? bySeries(row.gateway_id, row.sensor_id) : undefined;
      p = { ...DEFAULT_RETENTION, ...stripUndefined(site), ...stripUndefined(own ?? {}) };
      this.policies.set(sid, p);
    }
    return p;
  }

  forget(sid: number): void {
    this.policies.delete(sid);
  }

  run(ids: readonly number[], now: number, opts: MaintenanceOptions): MaintenanceResult {
    const res: MaintenanceResult = {
      deletedChunks: 0,
      deletedRollupRows: 0,
      vacuumedPages: 0,
      batches: 0,
      complete: false,
    };
    const sorted = [...ids].sort((a, b) => a - b);
    let at = _.sortedIndex(sorted, this.cursor.sid);
    while (res.batches < opts.maxBatches && performance.now() < opts.deadline) {
      if (at >= sorted.length) {
        this.cursor = { sid: 0, target: 0 };
        res.complete = true;
        break;
      }
      // One transaction walks series after series until it deleted batchRows rows, or checked
      // UNITS_PER_BATCH (series, resolution) pairs, or the deadline: most series have nothing expired,
      // and a transaction (an fsync) per series would make a pass over 10 000 sensors take minutes.
      this.db.transaction(() => {
        let room = opts.batchRows;
        // the series' newest chunk end, read once for its four resolutions
        let newest = null as { sid: number; end: number | undefined } | null;
        for (let units = 0; units < UNITS_PER_BATCH && room > 0 && at < sorted.length; units++) {
          const sid = sorted[at];
          if (sid !== this.cursor.sid) this.cursor = { sid, target: 0 };
          if (newest?.sid !== sid) newest = { sid, end: this.chunks.lastMeta(sid)?.end_time };
          const target = this.cursor.target;
          const n = newest.end === undefined ? 0 : this.expire(sid, target, newest.end, now, room);
          if (target === 0) res.deletedChunks += n;
          else res.deletedRollupRows += n;
          room -= n;
          // the limit reached may have left more behind: stay on this target
          if (room === 0) break;
          if (target < 3) this.cursor = { sid, target: target + 1 };
          else {
            this.cursor = { sid: sid + 1, target: 0 };
            at++;
            if (performance.now() >= opts.deadline) break;
          }
        }
      })();
      res.batches++;
    }
    return res;
  }

  /**
   * Deletes up to `limit` expired rows of one series at one resolution (0 = chunks, 1–3 = rollups),
   * never from the minute (chunks) or day (rollups) of its newest chunk end on.
   */
  private expire(sid: number, target: number, newestEnd: number, now: number, limit: number): number {
    const p = this.policy(sid);
    const days = [p.rawDays, p.minuteDays, p.hourDays, p.dayDays][target];
    if (days === null) return 0;
    const cutoff = now - days * DAY;
    const b = floorTo(newestEnd, MINUTE);
    if (target === 0) return this.chunks.deleteEndingBefore(sid, Math.min(cutoff, b), limit);
    const table = this.rollups.tables[target - 1];
    // bucket + size ≤ cutoff ⇔ bucket < cutoff − size + 1
    const before = Math.min(cutoff - table.res.ms + 1, floorTo(b, DAY));
    return table.deleteBefore(sid, before, limit);
  }
}

/** (series, resolution) pairs one retention transaction may check */
const UNITS_PER_BATCH = 400;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Returns free pages to the OS, at most `pages` per call (one short write transaction). Only works on
 * files created with auto_vacuum = INCREMENTAL (see db.ts); on others SQLite makes it a no-op and freed
 * pages are simply reused by later writes.
 */
export function vacuumStep(db: Database.Database, pages: number): number {
  const before = db.pragma('freelist_count', { simple: true }) as number;
  if (before === 0) return 0;
  db.pragma(`incremental_vacuum(${pages})`);
  return before - (db.pragma('freelist_count', { simple: true }) as number);
}
