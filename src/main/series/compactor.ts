import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger.js';
import type { ValuePoint } from '../../shared/model.js';
import type { ChunkRow, ChunkStore } from './chunks.js';
import { decodeLogBody } from './codec/log-body.js';
import type { IngestLog, LogTail } from './log.js';
import { floorTo, MINUTE, type RollupStore } from './rollup.js';

export interface CompactorOptions {
  chunkMaxPoints: number;
  /** upper bound of values moved per step, which bounds the step's transaction time */
  stepValues: number;
  /** upper bound of log rows read per step */
  stepRows: number;
}

export interface StepResult {
  rows: number;
  values: number;
  chunksInserted: number;
  rollupRows: number;
  /** ids of series the step touched (the tail index drops their moved entries) */
  seriesIds: number[];
  maxLogId: number;
}

/**
 * One compaction step, as one transaction: take the oldest log rows received before `cutoff`, append
 * their points to each series' open (last, not full) chunk or to new chunks, and delete those rows.
 * Move and delete commit together, so a crash leaves each value either in the log or in a chunk.
 *
 * Non-overlap: a series' last chunk always ends before its first log point, because the oldest log rows
 * are moved first and the ordering rule admits only newer points. This holds across restarts without
 * any in-memory state (the open chunk is simply the last chunk in the table). Points that would still
 * overlap (only possible if the database was edited by hand) are dropped with a warning rather than
 * stored twice.
 *
 * Rollups are written in the same transaction (see RollupStore for the coverage rule): the minute
 * buckets closed by this step's points, from the not-yet-rolled chunk points plus the new ones. Points
 * the ordering rule dropped never reach the log, so they are never counted in a rollup.
 */
export function compactStep(
  db: Database.Database,
  log: IngestLog,
  chunks: ChunkStore,
  rollups: RollupStore,
  isLive: (seriesId: number) => boolean,
  cutoff: number,
  opts: CompactorOptions,
  logger: Logger,
): StepResult | null {
  return db.transaction((): StepResult | null => {
    const rows = log.oldest.all(opts.stepRows);
    const groups = new Map<number, ValuePoint[]>();
    let values = 0;
    let maxLogId = -1;
    let taken = 0;
    for (const row of rows) {
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

    let chunksInserted = 0;
    let rollupRows = 0;
    for (const [seriesId, incoming] of groups) {
      if (!isLive(seriesId)) continue;
      const last = chunks.last(seriesId);
      let points = incoming;
      if (last && points[0].time <= last.end_time) {
        points = points.filter((p) => p.time > last.end_time);
        logger.warn({ seriesId, dropped: incoming.length - points.length }, 'series: log overlaps chunks');
        if (points.length === 0) continue;
      }
      // decoded at most once: for the open-chunk rewrite and/or for the rollup of its last minute
      let lastPoints: ValuePoint[] | null = null;
      const lastDecoded = (row: ChunkRow) => (lastPoints ??= chunks.decode(row));
      let i = 0;
      if (last && last.count < opts.chunkMaxPoints) {
        i = Math.min(opts.chunkMaxPoints - last.count, points.length);
        chunks.replace(last.id, lastDecoded(last).concat(points.slice(0, i)));
      }
      for (; i < points.length; i += opts.chunkMaxPoints) {
        chunks.insert(seriesId, points.slice(i, i + opts.chunkMaxPoints));
        chunksInserted++;
      }
      const newEnd = points[points.length - 1].time;
      if (!last || floorTo(last.end_time, MINUTE) !== floorTo(newEnd, MINUTE)) {
        const unrolled = last
          ? unrolledBefore(chunks, seriesId, last, lastDecoded(last)).concat(points)
          : points;
        rollupRows += rollups.advance(seriesId, last?.end_time, newEnd, unrolled);
      }
    }
    log.deleteThrough(maxLogId);
    return { rows: taken, values, chunksInserted, rollupRows, seriesIds: [...groups.keys()], maxLogId };
  })();
}

export function dropFromTail(tail: LogTail, step: StepResult): void {
  tail.dropThrough(step.maxLogId, step.seriesIds);
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
