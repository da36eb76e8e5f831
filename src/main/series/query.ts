import type { ValuePoint } from '../../shared/model.js';
import type { ChunkStore } from './chunks.js';
import type { IngestLog } from './ingest-log.js';
import type { LogTail } from './log-tail.js';

/**
 * Points of one series in [from, to), oldest first: chunks, then the log tail. Per series every log
 * point not yet in a chunk is newer than every chunk point (the compactor moves the oldest rows first
 * and the ordering rule only admits newer points), so concatenation is already time order. During a
 * compaction pass the log keeps rows whose points some series already have in chunks (compact-plan.ts
 * planPassStep): log points not newer than the series' last chunk are those, and are skipped. The
 * caller runs this inside one read transaction so a compaction step can never be seen half-done.
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
    if (take(chunks.decodeForRead(row))) return out;
  }
  const entries = tail.entries(seriesId);
  if (entries.length === 0) return out;
  const inChunksThrough = chunks.lastMeta(seriesId)?.end_time ?? -Infinity;
  for (const entry of entries) {
    if (entry.last < from || entry.last <= inChunksThrough) continue;
    if (entry.first >= to) break;
    const points = log.pointsOf(entry.logId, seriesId);
    if (!points) continue;
    if (take(entry.first > inChunksThrough ? points : points.filter((p) => p.time > inChunksThrough))) {
      return out;
    }
  }
  return out;
}
