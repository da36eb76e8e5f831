import type Database from 'better-sqlite3';
import type { ChunkStore } from './chunks.js';
import { DAY, floorTo, MINUTE } from './rollup.js';

export interface ThinResult {
  deletedChunks: number;
  /** raw data before this time was thinned away in this call (null: nothing was left to thin) */
  thinnedBefore: number | null;
  batches: number;
  /** series skipped because their rollups did not account for the chunks to delete (never expected) */
  refusedSeries: number;
}

/** What the disk budget removed of one series: raw values before `before` may be gone (since `at`). */
export interface ThinnedRange {
  before: number;
  at: number;
}

/** The `series_thinned` table: per series, up to where raw values were thinned. */
export class ThinnedRanges {
  private readonly getStmt: Database.Statement<[number], ThinnedRange>;
  private readonly putStmt: Database.Statement<[number, number, number]>;
  private readonly deleteStmt: Database.Statement<[number]>;
  private readonly manyStmt: Database.Statement<[string], ThinnedRange & { series_id: number }>;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT before, at FROM series_thinned WHERE series_id = ?');
    this.putStmt = db.prepare(
      `INSERT INTO series_thinned (series_id, before, at) VALUES (?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET before = max(before, excluded.before), at = excluded.at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM series_thinned WHERE series_id = ?');
    this.manyStmt = db.prepare(
      `SELECT t.series_id, t.before, t.at FROM json_each(?) j JOIN series_thinned t ON t.series_id = j.value`,
    );
  }

  /** `get` of several series in one statement (those not thinned are absent) */
  many(seriesIds: readonly number[]): Map<number, ThinnedRange> {
    const out = new Map<number, ThinnedRange>();
    for (const r of this.manyStmt.iterate(JSON.stringify(seriesIds)))
      out.set(r.series_id, { before: r.before, at: r.at });
    return out;
  }

  get(seriesId: number): ThinnedRange | null {
    return this.getStmt.get(seriesId) ?? null;
  }

  extend(seriesId: number, before: number, at: number): void {
    this.putStmt.run(seriesId, before, at);
  }

  deleteSeries(seriesId: number): void {
    this.deleteStmt.run(seriesId);
  }
}

export interface ThinOptions {
  /** rows per delete transaction */
  batchRows: number;
  /** raw values newer than this (epoch ms) are never thinned: the hours an operator looks at first */
  keepRawAfter: number;
  now: number;
}

/**
 * The bound below which a series' raw chunks may be thinned: only whole UTC days that every rollup
 * resolution already summarizes. By the coverage rule (rollup.ts) points before floorTo(B, 1 day),
 * B = floorTo(newest chunk end, 1 min), are in the 1 min, 1 h and 1 day rollups; and never the days
 * that hold `keepRawAfter` or later.
 */
function thinBound(chunks: ChunkStore, sid: number, keepRawAfter: number): number | null {
  const last = chunks.lastMeta(sid);
  if (!last) return null;
  return Math.min(floorTo(floorTo(last.end_time, MINUTE), DAY), floorTo(keepRawAfter, DAY));
}

/**
 * Disk budget: drops the oldest day of raw chunks across every series whose rollups summarize it at
 * every resolution (their 1 min / 1 h / 1 day rollups stay), as retention would if rawDays were
 * shorter, and records the thinned range per series. Per series one transaction re-reads the bound,
 * checks that the day rollups count at least the points of the chunks it deletes, deletes, and
 * records: a crash or a full disk leaves either all of it or none.
 */
export function thinOldestRawDay(
  db: Database.Database,
  chunks: ChunkStore,
  ranges: ThinnedRanges,
  ids: readonly number[],
  opts: ThinOptions,
): ThinResult {
  const res: ThinResult = { deletedChunks: 0, thinnedBefore: null, batches: 0, refusedSeries: 0 };
  const candidates: number[] = [];
  let oldest = Infinity;
  for (const sid of ids) {
    const bound = thinBound(chunks, sid, opts.keepRawAfter);
    const first = chunks.firstSpan(sid);
    if (bound === null || !first || first.end_time >= bound) continue;
    candidates.push(sid);
    oldest = Math.min(oldest, first.end_time);
  }
  if (candidates.length === 0) return res;
  // the day holding the oldest thinnable chunk's end: at least that chunk goes, however long chunks span
  const before = floorTo(oldest, DAY) + DAY;
  const counted = db.prepare<[number, number], number>(
    'SELECT coalesce(sum(count), 0) FROM rollup_1d WHERE series_id = ? AND bucket < ?',
  );
  const toDelete = db.prepare<[number, number], number>(
    'SELECT coalesce(sum(count), 0) FROM chunks WHERE series_id = ? AND end_time < ?',
  );
  counted.pluck(true);
  toDelete.pluck(true);
  for (const sid of candidates) {
    const deleted = db.transaction((): number | null => {
      const bound = thinBound(chunks, sid, opts.keepRawAfter);
      if (bound === null) return 0;
      const limit = Math.min(before, bound);
      // the rollups of the whole days before `limit` must count every point of the chunks that end
      // before it (and of earlier thinned ones): otherwise deleting them would lose history
      if ((counted.get(sid, limit) ?? 0) < (toDelete.get(sid, limit) ?? 0)) return null;
      let n = 0;
      for (;;) {
        const k = chunks.deleteEndingBefore(sid, limit, opts.batchRows);
        n += k;
        res.batches++;
        if (k < opts.batchRows) break;
      }
      if (n > 0) ranges.extend(sid, limit, opts.now);
      return n;
    })();
    if (deleted === null) res.refusedSeries++;
    else res.deletedChunks += deleted;
  }
  res.thinnedBefore = res.deletedChunks > 0 ? before : null;
  return res;
}
