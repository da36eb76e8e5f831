import type { ValuePoint } from '../../shared/model.js';
import type { ChunkRow, ChunkStore } from './chunks.js';
import { countLogBody, decodeLogBody, readLogBodyRange } from './codec/log-body.js';
import type { LogReader } from './ingest-log.js';
import { floorTo, MINUTE, NO_BUCKETS, packBuckets, type PlannedBuckets, type RollupStore } from './rollup.js';

export interface CompactorOptions {
  chunkMaxPoints: number;
  /** upper bound of values moved per step, which bounds the step's transaction time */
  stepValues: number;
  /** upper bound of log rows read per step */
  stepRows: number;
}

/** The open chunk a series plan was computed against (checked again before the plan is applied). */
export interface ChunkBase {
  id: number;
  count: number;
  end: number;
}

export interface EncodedChunk {
  start: number;
  end: number;
  count: number;
  body: Buffer;
}

/** Everything one step writes for one series; computed without writing (in the compact worker). */
export interface SeriesPlan {
  seriesId: number;
  base: ChunkBase | null;
  /** new content of the open chunk `base` (start_time unchanged) */
  replace: Omit<EncodedChunk, 'start'> | null;
  inserts: EncodedChunk[];
  /** rollup rows per level (finest first), see RollupStore.plan, packed (see PlannedBuckets) */
  rollups: PlannedBuckets;
  /** log points dropped because they overlap the chunks (hand-edited database only) */
  dropped: number;
}

export interface StepPlan {
  rows: number;
  values: number;
  maxLogId: number;
  series: SeriesPlan[];
  /**
   * A step of a pass (see planPassStep) covers the series with ids in [seriesFrom, seriesTo) and leaves
   * the log rows in place (deleted when the pass ends); a plain step deletes its rows (seriesTo null).
   */
  seriesFrom: number;
  seriesTo: number | null;
}

/** A compaction pass: every log row up to maxLogId, one series-id range per step. */
export interface PassCursor {
  maxLogId: number;
  seriesFrom: number;
}

/** What the compactor reads: the oldest log rows, chunks and rollups (any connection, no writes). */
export interface PlanSource {
  log: LogReader;
  chunks: ChunkStore;
  rollups: RollupStore;
}

/**
 * Plans one compaction step: takes the oldest log rows received at or before `cutoff` (bounded by
 * stepRows/stepValues), groups their points per series and computes each series' new open-chunk
 * blob, new chunk blobs and the rollup rows the step closes. Reads only, so it can run on a worker's
 * own connection (inside one read transaction = one consistent snapshot); `applyPlan` writes it.
 * The result is exactly what the former single-transaction compactor wrote.
 */
export function planStep(
  src: PlanSource,
  isLive: (seriesId: number) => boolean,
  cutoff: number,
  opts: CompactorOptions,
): StepPlan | null {
  const groups = new Map<number, ValuePoint[]>();
  let values = 0;
  let maxLogId = -1;
  let taken = 0;
  for (const row of src.log.oldestRows(opts.stepRows)) {
    if (row.received_at > cutoff || values >= opts.stepValues) break;
    for (const s of decodeLogBody(row.body, row.received_at)) {
      let list = groups.get(s.seriesId);
      if (!list) groups.set(s.seriesId, (list = []));
      for (const p of s.points) list.push(p);
      values += s.points.length;
    }
    maxLogId = row.id;
    taken++;
  }
  if (taken === 0) return null;
  return {
    rows: taken,
    values,
    maxLogId,
    series: planSeries(src, groups, isLive, opts),
    seriesFrom: 0,
    seriesTo: null,
  };
}

/**
 * Plans one step of a pass over the log rows up to `pass.maxLogId`: the next range of series ids from
 * `pass.seriesFrom` holding about `opts.stepValues` values, each series' points of the whole pass at
 * once. A series at one value per second thus has its open chunk and minute rollups rewritten once per
 * pass (minutes of points), not once per second: the same page writes carry a whole window of values.
 * The rows stay in the log until every range is done; meanwhile a point is in both a chunk and the log,
 * and readers skip log points not newer than the series' last chunk (query.ts), as does a re-plan after
 * a crash (the overlap filter below). Returns null when no series from `seriesFrom` on is left.
 */
export function planPassStep(
  src: PlanSource,
  isLive: (seriesId: number) => boolean,
  pass: PassCursor,
  opts: CompactorOptions,
  index: PassIndex = indexPass(src, pass.maxLogId),
): StepPlan | null {
  const ids = index.seriesIds.filter((sid) => sid >= pass.seriesFrom);
  if (ids.length === 0) return null;
  let values = 0;
  let end = 0;
  while (end < ids.length && (end === 0 || values + index.counts.get(ids[end])! <= opts.stepValues)) {
    values += index.counts.get(ids[end])!;
    end++;
  }
  const seriesTo = end < ids.length ? ids[end] : Number.MAX_SAFE_INTEGER;
  const groups = new Map<number, ValuePoint[]>();
  const { rowIds, rowSeries } = index;
  for (let i = 0; i < rowIds.length; i++) {
    // only the rows holding a series of this range (span check; the body says which exactly)
    if (rowSeries[2 * i + 1] < pass.seriesFrom || rowSeries[2 * i] >= seriesTo) continue;
    const row = src.log.get(rowIds[i]);
    if (!row) continue;
    readLogBodyRange(row.body, row.received_at, pass.seriesFrom, seriesTo, (sid, points) => {
      let list = groups.get(sid);
      if (!list) groups.set(sid, (list = []));
      for (const p of points) list.push(p);
    });
  }
  // by id: the store applies a step in slices and resumes a pass from the first series not applied
  const series = planSeries(src, groups, isLive, opts).sort((a, b) => a.seriesId - b.seriesId);
  return {
    rows: rowIds.length,
    values,
    maxLogId: pass.maxLogId,
    series,
    seriesFrom: pass.seriesFrom,
    seriesTo,
  };
}

/**
 * One scan of a pass's log rows, kept for all its steps: the values per series (where the step ranges
 * fall) and each row's span of series ids. A row is one gateway's message and a gateway's sensors
 * have neighbouring ids, so a step then reads about its share of the rows instead of all of them: a
 * pass reads the log about twice, not twice per step.
 */
export interface PassIndex {
  maxLogId: number;
  counts: Map<number, number>;
  /** the counted series ids, ascending */
  seriesIds: number[];
  rowIds: Float64Array;
  /** (lowest, highest) series id of each row */
  rowSeries: Float64Array;
}

export function indexPass(src: PlanSource, maxLogId: number): PassIndex {
  const counts = new Map<number, number>();
  let rowIds: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let rowSeries: Float64Array<ArrayBuffer> = new Float64Array(2048);
  let n = 0;
  for (const row of src.log.rowsThrough(maxLogId)) {
    if (n === rowIds.length) {
      rowIds = grow(rowIds, rowIds.length * 2);
      rowSeries = grow(rowSeries, rowSeries.length * 2);
    }
    let lo = Infinity;
    let hi = -Infinity;
    countLogBody(row.body, (sid, k) => {
      counts.set(sid, (counts.get(sid) ?? 0) + k);
      if (sid < lo) lo = sid;
      if (sid > hi) hi = sid;
    });
    rowIds[n] = row.id;
    rowSeries[2 * n] = lo;
    rowSeries[2 * n + 1] = hi;
    n++;
  }
  return {
    maxLogId,
    counts,
    seriesIds: [...counts.keys()].sort((a, b) => a - b),
    rowIds: rowIds.slice(0, n),
    rowSeries: rowSeries.slice(0, 2 * n),
  };
}

function grow(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  out.set(a);
  return out;
}

function planSeries(
  src: PlanSource,
  groups: Map<number, ValuePoint[]>,
  isLive: (seriesId: number) => boolean,
  opts: CompactorOptions,
): SeriesPlan[] {
  const { chunks, rollups } = src;
  const max = opts.chunkMaxPoints;
  const series: SeriesPlan[] = [];
  for (const [seriesId, incoming] of groups) {
    if (!isLive(seriesId)) continue;
    const last = chunks.last(seriesId);
    let points = incoming;
    let dropped = 0;
    if (last && points[0].time <= last.end_time) {
      points = points.filter((p) => p.time > last.end_time);
      dropped = incoming.length - points.length;
      if (points.length === 0) {
        series.push({
          seriesId,
          base: baseOf(last),
          replace: null,
          inserts: [],
          rollups: NO_BUCKETS,
          dropped,
        });
        continue;
      }
    }
    // decoded at most once: for the open-chunk rewrite and/or for the rollup of its last minute
    let lastPoints: ValuePoint[] | null = null;
    const lastDecoded = (row: ChunkRow) => (lastPoints ??= chunks.decode(row));
    const plan: SeriesPlan = {
      seriesId,
      base: last ? baseOf(last) : null,
      replace: null,
      inserts: [],
      rollups: NO_BUCKETS,
      dropped,
    };
    let i = 0;
    if (last && last.count < max) {
      i = Math.min(max - last.count, points.length);
      const merged = lastDecoded(last).concat(points.slice(0, i));
      plan.replace = {
        end: merged[merged.length - 1].time,
        count: merged.length,
        body: chunks.encode(merged),
      };
    }
    for (; i < points.length; i += max) {
      const part = points.slice(i, i + max);
      plan.inserts.push({
        start: part[0].time,
        end: part[part.length - 1].time,
        count: part.length,
        body: chunks.encode(part),
      });
    }
    const newEnd = points[points.length - 1].time;
    if (!last || floorTo(last.end_time, MINUTE) !== floorTo(newEnd, MINUTE)) {
      const unrolled = last
        ? unrolledBefore(chunks, seriesId, last, lastDecoded(last)).concat(points)
        : points;
      plan.rollups = packBuckets(rollups.plan(seriesId, last?.end_time, newEnd, unrolled));
    }
    series.push(plan);
  }
  return series;
}

/** values a series plan moves out of the log (new chunk points + points dropped as overlapping) */
function seriesPlanValues(s: SeriesPlan): number {
  let n = s.dropped + (s.replace ? s.replace.count - (s.base?.count ?? 0) : 0);
  for (const c of s.inserts) n += c.count;
  return n;
}

/**
 * The part of a pass step's plan from series index `from` holding about `maxValues` (at least one
 * series), applied as its own short transaction (series plans are independent); `to` is where the next
 * slice starts. The slices of one plan are applied in order, with the event loop free in between.
 */
export function planSlice(plan: StepPlan, from: number, maxValues: number): { slice: StepPlan; to: number } {
  let to = from;
  let values = 0;
  while (to < plan.series.length && (to === from || values < maxValues)) {
    values += seriesPlanValues(plan.series[to++]);
  }
  return { slice: { ...plan, series: plan.series.slice(from, to), values }, to };
}

function baseOf(row: ChunkRow): ChunkBase {
  return { id: row.id, count: row.count, end: row.end_time };
}

/** Chunk points from the minute of the series' newest chunk point on: the ones not yet rolled up. */
function unrolledBefore(
  chunks: ChunkStore,
  seriesId: number,
  last: ChunkRow,
  lastPoints: ValuePoint[],
): ValuePoint[] {
  const from = floorTo(last.end_time, MINUTE);
  if (last.start_time <= from) return lastPoints.filter((p) => p.time >= from);
  // the minute started in an earlier chunk (rare: a chunk closed mid-minute)
  const out: ValuePoint[] = [];
  for (const row of chunks.range(seriesId, from, last.end_time + 1)) {
    for (const p of row.id === last.id ? lastPoints : chunks.decode(row)) if (p.time >= from) out.push(p);
  }
  return out;
}
