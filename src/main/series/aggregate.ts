import type { ValuePoint } from '../../shared/model.js';
import { calendarBoundaries } from './calendar.js';
import type { ChunkStore } from './chunks.js';
import type { IngestLog } from './ingest-log.js';
import type { LogTail } from './log-tail.js';
import { queryPoints } from './query.js';
import {
  addPoint,
  emptyBucket,
  floorTo,
  isGroupedFunc,
  MINUTE,
  mergeRow,
  RESOLUTIONS,
  watermarks,
  type Bucket,
  type RawRow,
  type RollupStore,
} from './rollup.js';
import type { AggregateFunc, AggregateQuery, StatsBucket, StatsQuery } from './types.js';

export interface ReadContext {
  chunks: ChunkStore;
  log: IngestLog;
  tail: LogTail;
  rollups: RollupStore;
  /** where the disk budget thinned a series: raw values before this time may be gone (null: nowhere) */
  thinnedBefore?: (sid: number) => number | null;
}

/** Most buckets one aggregate request may produce. */
export const MAX_AGGREGATE_BUCKETS = 1_000_000;

/**
 * Merges every point of series `sid` in [from, to) into the buckets `keyOf` assigns (keyOf must be
 * non-decreasing in time). Uses rollup level `level` (index into RESOLUTIONS, −1 = raw only) and the
 * finer ones: the caller guarantees every bucket boundary inside (from, to) is a multiple of that
 * level's size, so each rollup row lies wholly inside one bucket. Whatever a rollup does not cover
 * — the edges not aligned to it, the points after its watermark, the log tail — is read raw.
 * Run inside one read transaction (the watermarks and the rows must be from the same snapshot).
 */
export function collect(
  ctx: ReadContext,
  sid: number,
  from: number,
  to: number,
  level: number,
  keyOf: (t: number) => number,
): Bucket[] {
  const out: Bucket[] = [];
  let cur: Bucket | null = null;
  const at = (t: number): Bucket => {
    const k = keyOf(t);
    if (!cur || cur.start !== k) out.push((cur = emptyBucket(k)));
    return cur;
  };
  const marks = level >= 0 ? watermarks(ctx.chunks.lastMeta(sid)?.end_time) : [];
  let edge: number | undefined;
  /** at or after `edge`: from here on raw values are all there */
  let rawFrom: number | undefined;
  const points = (a: number, b: number): void => {
    if (a >= b) return;
    for (const p of queryPoints(ctx.chunks, ctx.log, ctx.tail, sid, a, b, Infinity))
      addPoint(at(p.time), p.value);
  };
  const raw = (a: number, b: number): void => {
    // Before `edge` raw values were removed (retention, disk thinning): reading them raw would silently
    // answer nothing there (issue 20: a chart whose start was not a whole minute showed the thinned days
    // empty; issue 15: beyond raw retention). The rollup rows are what is left, each merged whole into
    // the bucket holding its start: exact when bucket edges are whole rows; the row holding `to`
    // counts whole, a row that starts before `from` not at all (only its raw values left).
    // the common case (a chart's newest edge) needs one index probe, not rawEdge's reads
    const first = (): number => ctx.chunks.firstSpan(sid)?.start_time ?? -Infinity;
    rawFrom ??= Math.ceil(Math.max(first(), ctx.thinnedBefore?.(sid) ?? -Infinity) / MINUTE) * MINUTE;
    if (a >= rawFrom) return points(a, b);
    edge ??= rawEdge(ctx, sid);
    const split = Math.min(b, Math.max(a, edge));
    const rowsFrom = Math.min(split, Math.ceil(a / MINUTE) * MINUTE);
    points(a, rowsFrom);
    if (split > rowsFrom) removedRows(rowsFrom, split);
    points(split, b);
  };
  let kept: number[] | undefined;
  /**
   * The rows standing in for removed raw values in [lo, hi) (lo a whole minute), each whole in the
   * bucket holding its start: minute rows where retention kept them, before that hour rows (the
   * minute rows expire after a year by default), before those day rows. Coarsest first: time order.
   */
  const removedRows = (lo: number, hi: number): void => {
    kept ??= [keptFrom(ctx, sid, 0), keptFrom(ctx, sid, 1), -Infinity];
    for (let lv = RESOLUTIONS.length - 1; lv >= 0; lv--) {
      const ms = RESOLUTIONS[lv].ms;
      const start = Math.max(Math.ceil(lo / ms) * ms, kept[lv]);
      const end = lv > 0 ? Math.min(hi, kept[lv - 1]) : hi;
      if (start >= end) continue;
      for (const row of ctx.rollups.tables[lv].rows(sid, start, end)) mergeRow(at(row[0]), row);
    }
  };
  const cover = (lv: number, a: number, b: number): void => {
    if (a >= b) return;
    if (lv < 0) return raw(a, b);
    const ms = RESOLUTIONS[lv].ms;
    const start = Math.ceil(a / ms) * ms;
    const end = Math.max(start, Math.min(floorTo(b, ms), marks[lv]));
    if (start >= end) return cover(lv - 1, a, b);
    cover(lv - 1, a, start);
    for (const row of ctx.rollups.tables[lv].rows(sid, start, end)) mergeRow(at(row[0]), row);
    cover(lv - 1, end, b);
  };
  cover(level, from, to);
  return out;
}

/**
 * The whole minute from which a series' raw values are all there; before it only the rollups hold its
 * values (−Infinity: nothing was removed, or nothing stored). Retention deletes whole chunks older than
 * rawDays and the disk budget whole days (`thinnedBefore`), always before the minute rollups' watermark,
 * so the oldest chunk left starts where raw begins. No state is needed: before the oldest chunk there
 * are rows only if raw values were removed, and when that chunk starts inside a minute, the minute's row
 * counting more values than its raw points left says the rest were removed: then the row answers for
 * the whole minute; otherwise (nothing removed, e.g. before retention ever ran, during compaction) its
 * raw points do, so an aggregate equals a brute force over query() wherever raw values exist.
 */
export function rawEdge(ctx: ReadContext, sid: number): number {
  const thinned = ctx.thinnedBefore?.(sid) ?? -Infinity;
  const first = ctx.chunks.firstSpan(sid)?.start_time;
  if (first === undefined) return thinned;
  const from = Math.max(first, thinned);
  const minute = floorTo(from, MINUTE);
  if (minute === from) return from;
  const row = ctx.rollups.tables[0].rows(sid, minute, minute + 1)[0] as RawRow | undefined;
  if (!row) return minute;
  const kept = queryPoints(ctx.chunks, ctx.log, ctx.tail, sid, minute, minute + MINUTE, Infinity).length;
  return row[1] > kept ? minute + MINUTE : minute;
}

/**
 * From where rollup level `lv`'s rows hold every value the next coarser level's rows do (retention
 * keeps minute rows a year, hour rows forever by default): a boundary of the coarser level, or where
 * the level's rows start when nothing was removed before them; −Infinity: no rows. Like `rawEdge`, the
 * coarser row holding the oldest row counting more than the finer rows in it says some were removed.
 */
function keptFrom(ctx: ReadContext, sid: number, lv: number): number {
  const finer = ctx.rollups.tables[lv];
  const coarser = ctx.rollups.tables[lv + 1];
  const first = finer.firstBucket(sid);
  if (first === undefined) return -Infinity;
  const ms = coarser.res.ms;
  const cell = floorTo(first, ms);
  if (cell === first) return first;
  const row = coarser.rows(sid, cell, cell + 1)[0] as RawRow | undefined;
  if (!row) return cell;
  const counted = finer.rows(sid, cell, cell + ms).reduce((n, r) => n + r[1], 0);
  return row[1] > counted ? cell + ms : cell;
}

/**
 * The oldest raw value a series keeps when older ones were removed (retention, disk thinning) while
 * rollup rows still hold them; null when nothing was removed (rows come only from chunk points, so a
 * row wholly before the oldest chunk, or a minute row counting more than that minute's raw points, says
 * some were). Raw reads before it come back empty; aggregates there answer from the rollups.
 */
export function rawKeptFrom(ctx: ReadContext, sid: number): number | null {
  const first = ctx.chunks.firstSpan(sid)?.start_time;
  if (first === undefined) return null;
  const removed =
    ctx.rollups.tables.some((t) => (t.firstBucket(sid) ?? Infinity) + t.res.ms <= first) ||
    rawEdge(ctx, sid) > first;
  return removed ? first : null;
}

/** Coarsest rollup level whose size divides every boundary in `boundaries` (−1: none does). */
function levelFor(isAligned: (ms: number) => boolean): number {
  for (let lv = RESOLUTIONS.length - 1; lv >= 0; lv--) if (isAligned(RESOLUTIONS[lv].ms)) return lv;
  return -1;
}

function valueOf(b: Bucket, func: AggregateFunc): number | null {
  if (func === 'count') return b.count;
  if (b.ncount === 0) return null;
  switch (func) {
    case 'sum':
      return b.sum;
    case 'average':
      return b.sum / b.ncount;
    case 'min':
      return b.min;
    case 'max':
      return b.max;
    case 'first':
      return b.first;
    case 'last':
      return b.last;
  }
}

/**
 * Thing+ interval aggregation: buckets [from + k·interval, from + (k+1)·interval), clipped to [from, to),
 * aligned to `from` as the HTTP API does. Rollups are used when `from` and the interval are multiples
 * of their size (UTC-aligned), e.g. from at a UTC midnight with 1 h / 1 d intervals, or any whole
 * minute with 1 m / 15 m. Empty buckets, and for numeric functions buckets without numbers, are omitted.
 * Run inside one read transaction.
 */
export function aggregateSeries(ctx: ReadContext, sid: number, q: AggregateQuery): ValuePoint[] {
  const { from, to, intervalMs } = q;
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
    throw new RangeError('intervalMs must be a positive integer');
  if (from >= to) return [];
  if ((to - from) / intervalMs > MAX_AGGREGATE_BUCKETS) {
    throw new RangeError(`aggregate would return more than ${MAX_AGGREGATE_BUCKETS} buckets`);
  }
  const level = levelFor((ms) => intervalMs % ms === 0 && floorTo(from, ms) === from);
  if (level >= 0 && RESOLUTIONS[level].ms === intervalMs) return aggregateOneRowPerBucket(ctx, sid, q, level);
  if (level >= 0) return aggregateGroupedRows(ctx, sid, q, level);
  return pointsOf(collect(ctx, sid, from, to, level, bucketKey(from, intervalMs)), q.func);
}

/**
 * The merged-bucket path for every query (`aggregateSeries` takes a faster road where it can; tests
 * compare the two). Run inside one read transaction.
 */
export function aggregateMerged(ctx: ReadContext, sid: number, q: AggregateQuery): ValuePoint[] {
  const level = levelFor((ms) => q.intervalMs % ms === 0 && floorTo(q.from, ms) === q.from);
  return pointsOf(collect(ctx, sid, q.from, q.to, level, bucketKey(q.from, q.intervalMs)), q.func);
}

const bucketKey =
  (from: number, intervalMs: number) =>
  (t: number): number =>
    from + floorTo(t - from, intervalMs);

function pointsOf(buckets: readonly Bucket[], func: AggregateFunc): ValuePoint[] {
  const out: ValuePoint[] = [];
  for (const b of buckets) {
    const value = valueOf(b, func);
    if (value !== null) out.push({ time: b.start, value });
  }
  return out;
}

/**
 * The chart case: the interval is rollup level `level`'s size and `from` is aligned to it, so each
 * bucket the level covers is exactly one of its rows. SQLite computes each row's value and the rows
 * come back as two plain columns (no Bucket, no row object, no merging); only the buckets after the
 * level's watermark (or the end of the range) go through `collect` on the finer levels and raw points.
 * Equal to `aggregateMerged` (tested).
 */
function aggregateOneRowPerBucket(
  ctx: ReadContext,
  sid: number,
  q: AggregateQuery,
  level: number,
): ValuePoint[] {
  const ms = RESOLUTIONS[level].ms;
  const mark = watermarks(ctx.chunks.lastMeta(sid)?.end_time)[level];
  // from is a multiple of ms, so buckets are [k·ms, (k+1)·ms): whole rows up to `end`, the rest after it
  const end = Math.max(q.from, Math.min(floorTo(q.to, ms), mark));
  const out: ValuePoint[] = [];
  if (end > q.from) {
    const { times, values } = ctx.rollups.tables[level].rowValues(sid, q.from, end, q.func);
    for (let i = 0; i < times.length; i++) out.push({ time: times[i], value: values[i] });
  }
  if (end < q.to) {
    const tail = collect(ctx, sid, end, q.to, level - 1, bucketKey(q.from, ms));
    for (const p of pointsOf(tail, q.func)) out.push(p);
  }
  return out;
}
/**
 * A dashboard's case: the interval is several rows of rollup level `level` (15 min of minute rows) and
 * `from` is aligned to it. The whole buckets up to the level's watermark come from the rows' columns
 * (single-column reads, no row arrays, no Bucket objects: about a third of the merged path's time), merged
 * with `mergeRow`'s operations in its order; the rest goes through `collect`. Equal to `aggregateMerged`
 * (tested).
 */
function aggregateGroupedRows(ctx: ReadContext, sid: number, q: AggregateQuery, level: number): ValuePoint[] {
  const ms = RESOLUTIONS[level].ms;
  const mark = watermarks(ctx.chunks.lastMeta(sid)?.end_time)[level];
  // split on a bucket boundary, so no bucket is part rows and part `collect`
  const rowsEnd = Math.min(floorTo(q.to, ms), mark);
  const end = Math.max(q.from, q.from + floorTo(rowsEnd - q.from, q.intervalMs));
  const out: ValuePoint[] = [];
  if (end > q.from && isGroupedFunc(q.func)) {
    const { times, values } = ctx.rollups.tables[level].groupedValues(sid, q.from, end, q.intervalMs, q.func);
    for (let i = 0; i < times.length; i++) out.push({ time: times[i]!, value: values[i]! });
  } else if (end > q.from) {
    const { times, cols } = ctx.rollups.tables[level].rowColumns(sid, q.from, end, q.func);
    mergeColumns(times, cols, bucketKey(q.from, q.intervalMs), q.func, out);
  }
  if (end < q.to) {
    const tail = collect(ctx, sid, end, q.to, level, bucketKey(q.from, q.intervalMs));
    for (const p of pointsOf(tail, q.func)) out.push(p);
  }
  return out;
}

/** Rows' columns (see `RollupTable.rowColumns`) merged per bucket as `mergeRow` then `valueOf` would. */
function mergeColumns(
  times: readonly number[],
  cols: readonly number[][],
  keyOf: (t: number) => number,
  func: AggregateFunc,
  out: ValuePoint[],
): void {
  const v = cols[0]!;
  const n = cols[1];
  let key = NaN;
  let acc = 0;
  let count = 0;
  const flush = () => {
    if (!Number.isNaN(key)) out.push({ time: key, value: func === 'average' ? acc / count : acc });
  };
  for (let i = 0; i < times.length; i++) {
    const k = keyOf(times[i]!);
    const x = v[i]!;
    if (k !== key) {
      flush();
      key = k;
      // a bucket's sum starts at 0 (emptyBucket): 0 + x, as mergeRow adds it
      acc = func === 'average' || func === 'sum' || func === 'count' ? 0 + x : x;
      count = n ? n[i]! : 0;
      continue;
    }
    if (func === 'average' || func === 'sum' || func === 'count') acc += x;
    else if (func === 'min') acc = x < acc ? x : acc;
    else if (func === 'max') acc = x > acc ? x : acc;
    else if (func === 'last') acc = x;
    if (n) count += n[i]!;
  }
  flush();
}

/**
 * Thing+ stats: per calendar unit (in `timeZone`, default UTC) count, min, max, sum, avg, range
 * (max − min), diff (last − first), first, last; numeric fields are null for a bucket holding no number.
 * `btime` is the unit's start, which for the first bucket may be before `from` (data before `from` is
 * not counted).
 */
export function statsSeries(ctx: ReadContext, sid: number, q: StatsQuery): StatsBucket[] {
  if (q.from >= q.to) return [];
  const bounds = calendarBoundaries(q.from, q.to, q.timeUnit, q.timeZone);
  const level = levelFor((ms) => bounds.every((b, i) => i === 0 || floorTo(b, ms) === b));
  let i = 0;
  const keyOf = (t: number): number => {
    while (i + 1 < bounds.length && bounds[i + 1] <= t) i++;
    return bounds[i];
  };
  return collect(ctx, sid, q.from, q.to, level, keyOf).map((b) => {
    const num = b.ncount > 0;
    return {
      btime: b.start,
      count: b.count,
      min: b.min,
      max: b.max,
      sum: num ? b.sum : null,
      avg: num ? b.sum / b.ncount : null,
      range: num ? (b.max as number) - (b.min as number) : null,
      diff: num ? (b.last as number) - (b.first as number) : null,
      first: b.first,
      last: b.last,
    };
  });
}
