import type Database from 'better-sqlite3';
import { ChunkStore } from '../chunks.js';
import { addPoint, emptyBucket, floorTo, MINUTE, RollupStore, type Bucket } from '../rollup.js';

/**
 * Part of migration 002: a v1 file already has chunks, and the coverage rule (rollup.ts) says every
 * chunk point before the newest chunk point's minute is rolled up, so build those rows now.
 * Runs inside the migration's transaction; one series' minute buckets are held in memory at a time.
 */
export function backfillRollups(db: Database.Database): void {
  const chunks = new ChunkStore(db);
  const rollups = new RollupStore(db);
  const ids = db.prepare('SELECT id FROM series').pluck().all() as number[];
  for (const sid of ids) {
    const last = chunks.last(sid);
    if (!last) continue;
    const until = floorTo(last.end_time, MINUTE);
    const minutes: Bucket[] = [];
    let cur: Bucket | null = null;
    for (const row of chunks.range(sid, -Number.MAX_SAFE_INTEGER, until)) {
      for (const p of chunks.decode(row)) {
        if (p.time >= until) break;
        const start = floorTo(p.time, MINUTE);
        if (!cur || cur.start !== start) minutes.push((cur = emptyBucket(start)));
        addPoint(cur, p.value);
      }
    }
    rollups.insertClosed(sid, minutes, until);
  }
}
