import type { ValuePoint } from '../../shared/model.js';
import type { ChunkStore } from './chunks.js';
import type { IngestLog, LogTail } from './log.js';

/**
 * Points of one series in [from, to), oldest first: chunks, then the log tail. Per series every log
 * point is newer than every chunk point (the compactor moves the oldest rows first and the ordering
 * rule only admits newer points), so concatenation is already time order. The caller runs this inside
 * one read transaction so a compaction step can never be seen half-done.
 */
export function queryPoints(
  chunks: ChunkStore,
  log: IngestLog,
  tail: LogTail,
  seriesId: number,
  from: number,
  to: number,
  limit: number,
): ValuePoint[] {
  const out: ValuePoint[] = [];
  if (limit <= 0 || from >= to) return out;
  const take = (points: readonly ValuePoint[]): boolean => {
    for (const p of points) {
      if (p.time < from) continue;
      if (p.time >= to) return true;
      out.push(p);
      if (out.length >= limit) return true;
    }
    return false;
  };
  for (const row of chunks.range(seriesId, from, to)) {
    if (take(chunks.decode(row))) return out;
  }
  for (const entry of tail.entries(seriesId)) {
    if (entry.last < from) continue;
    if (entry.first >= to) break;
    const points = log.pointsOf(entry.logId, seriesId);
    if (points && take(points)) return out;
  }
  return out;
}
