import type Database from 'better-sqlite3';
import type { AggregateFunc } from './types.js';

/** the functions SQLite can group (`RollupGroups.read`), and how: as `mergeRow` then `valueOf` would */
export type GroupedFunc = 'average' | 'sum' | 'count' | 'min' | 'max';
const GROUPED: Record<GroupedFunc, { value: string; where: string }> = {
  average: { value: 'sum(sum) / sum(ncount)', where: 'ncount > 0' },
  sum: { value: 'sum(sum)', where: 'ncount > 0' },
  count: { value: 'sum(count)', where: '1' },
  min: { value: 'min(min)', where: 'ncount > 0' },
  max: { value: 'max(max)', where: 'ncount > 0' },
};
export const isGroupedFunc = (f: AggregateFunc): f is GroupedFunc => f in GROUPED;

interface Params {
  sid: number;
  from: number;
  to: number;
  ms: number;
}

/** one series' grouped buckets read before: [from, to), the buckets with a value in it, in time order */
interface Kept {
  /** the level's oldest row when they were read: rows are only ever removed from the old end */
  first: number | undefined;
  from: number;
  to: number;
  times: number[];
  values: number[];
}

/** series × function × bucket phase kept; a dashboard of 50 sensors needs 50 */
const MAX_KEPT = 2000;

/**
 * One rollup level's rows grouped into buckets of several rows each (15 min of minute rows: a day's
 * dashboard chart), by SQLite: 96 values come back for a sensor-day instead of 1 440 rows' columns.
 *
 * What was read is kept for the next read of the same series, function and bucket phase, which then
 * asks SQLite only for the buckets after it (a dashboard opened again, or refreshed, asks the same day
 * moved on by a few minutes: 72 000 minute rows scanned for 50 sensors took 34–63 ms of the 50-sensor
 * chart's answer, bench round 22). Keeping them is exact because the caller asks only for buckets wholly
 * before the level's watermark, and such rows never change: each is written once, after its minute
 * closed, and points older than a series' newest are refused (admit.ts). Rows are removed only from a
 * series' old end (retention, `deleteBefore`) or all at once (`deleteSeries`): a changed oldest row
 * (one index probe per read) or `forget` drops what was kept.
 */
export class RollupGroups {
  private readonly stmts = new Map<GroupedFunc, Database.Statement<[Params], [number, number]>>();
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly firstBucket: (sid: number) => number | undefined,
  ) {}

  /**
   * `func` of the rows in [from, to) grouped into [from + k·ms, …) (ms a multiple of the level's size,
   * `from` aligned to it, every bucket wholly before the level's watermark). Sums are SQLite's
   * (compensated summation): equal to a plain left-to-right sum up to rounding in the last bits.
   */
  read(
    sid: number,
    from: number,
    to: number,
    ms: number,
    func: GroupedFunc,
  ): { times: number[]; values: number[] } {
    const key = `${sid}|${func}|${ms}|${((from % ms) + ms) % ms}`;
    const first = this.firstBucket(sid);
    const had = this.kept.get(key);
    const usable = had && had.first === first && had.from <= from && from <= had.to ? had : undefined;
    const times: number[] = [];
    const values: number[] = [];
    if (usable) {
      for (let i = 0; i < usable.times.length; i++) {
        const t = usable.times[i]!;
        if (t >= from && t < to) {
          times.push(t);
          values.push(usable.values[i]!);
        }
      }
    }
    const readFrom = usable ? Math.max(from, Math.min(to, usable.to)) : from;
    if (readFrom < to) this.query(sid, readFrom, to, ms, func, times, values);
    // keep the newest span read, whole buckets only (a chart moving on drops its oldest buckets)
    this.kept.delete(key);
    if ((to - from) % ms === 0) this.kept.set(key, { first, from, to, times, values });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return { times: times.slice(), values: values.slice() };
  }

  /** drops what was kept of `sid` (its rows were deleted) */
  forget(sid: number): void {
    for (const key of this.kept.keys()) if (key.startsWith(`${sid}|`)) this.kept.delete(key);
  }

  private query(
    sid: number,
    from: number,
    to: number,
    ms: number,
    func: GroupedFunc,
    times: number[],
    values: number[],
  ): void {
    let stmt = this.stmts.get(func);
    if (!stmt) {
      stmt = this.db
        .prepare<[Params], [number, number]>(
          // JS numbers are bound as REAL: cast, so that the division is an integer one
          `SELECT CAST(@from AS INTEGER) + ((bucket - CAST(@from AS INTEGER)) / CAST(@ms AS INTEGER))
                    * CAST(@ms AS INTEGER) AS k,
                  ${GROUPED[func].value}
           FROM ${this.table}
           WHERE series_id = @sid AND bucket >= @from AND bucket < @to AND ${GROUPED[func].where}
           GROUP BY k ORDER BY k`,
        )
        .raw(true);
      this.stmts.set(func, stmt);
    }
    for (const [t, v] of stmt.all({ sid, from, to, ms })) {
      times.push(t);
      values.push(v);
    }
  }
}
