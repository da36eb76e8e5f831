import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createSeriesStore,
  type DurableSeriesStore,
  type SeriesStoreOptions,
} from '../../../src/main/series/index.js';
import type { AggregateFunc } from '../../../src/main/series/index.js';
import Database from 'better-sqlite3';
import type { ValuePoint } from '../../../src/shared/model.js';
import { decodeChunk } from '../../../src/main/series/codec/chunk.js';
import { bucketsOf, RESOLUTIONS, watermarks } from '../../../src/main/series/rollup.js';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-series-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database path per call, in a temp dir made before and removed after the test file. */
export function tempFiles(prefix: string): () => string {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let n = 0;
  before(() => (tmp = tempDir()));
  after(() => tmp?.remove());
  return () => path.join(tmp!.dir, `${prefix}${n++}.db`);
}

/** Compaction off by default: tests run it explicitly so results never depend on timers. */
export function open(file: string, extra: Partial<SeriesStoreOptions> = {}): DurableSeriesStore {
  return createSeriesStore({ file, compactEveryMs: 0, synchronous: 'NORMAL', ...extra });
}

export const ALL = { from: -(2 ** 49), to: 2 ** 49 };

/**
 * Asserts that every rollup table equals a recomputation from the raw chunk points, per the coverage
 * rule (points before the minute of a series' newest chunk point), and that nothing else is in them.
 * Each level is recomputed straight from raw points, so sums are compared exactly only when `exactSum`
 * (test values whose float sums do not depend on the order of addition); otherwise to 1e-9 relative.
 */
export function checkRollups(file: string, exactSum = true): { rows: number } {
  const db = new Database(file, { readonly: true });
  let rows = 0;
  try {
    const ids = db.prepare('SELECT id FROM series').pluck().all() as number[];
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rollup_%'")
      .pluck()
      .all() as string[];
    for (const t of tables) {
      const orphans = db.prepare(`SELECT count(*) FROM ${t} WHERE series_id NOT IN (SELECT id FROM series)`);
      assert.equal(orphans.pluck().get(), 0, `${t} has rows of deleted series`);
    }
    for (const sid of ids) {
      const points: ValuePoint[] = [];
      const bodies = db
        .prepare('SELECT body FROM chunks WHERE series_id = ? ORDER BY start_time')
        .pluck()
        .all(sid);
      for (const b of bodies as Buffer[]) points.push(...decodeChunk(b));
      const marks = watermarks(points.length ? points[points.length - 1].time : undefined);
      RESOLUTIONS.forEach((res, lv) => {
        const expected = bucketsOf(
          points.filter((p) => p.time < marks[lv]),
          res.ms,
        );
        const got = db
          .prepare(`SELECT * FROM ${res.table} WHERE series_id = ? ORDER BY bucket`)
          .all(sid) as Array<Record<string, number | null>>;
        rows += got.length;
        assert.equal(got.length, expected.length, `${res.table} series ${sid}: row count`);
        got.forEach((r, i) => {
          const e = expected[i];
          const where = `${res.table} series ${sid} bucket ${e.start}`;
          assert.deepEqual(
            [r.bucket, r.count, r.ncount, r.min, r.max, r.first, r.last],
            [e.start, e.count, e.ncount, e.min, e.max, e.first, e.last],
            where,
          );
          if (exactSum) assert.equal(r.sum, e.sum, `${where}: sum`);
          else
            assert.ok(
              Math.abs((r.sum as number) - e.sum) <= 1e-9 * Math.max(1, Math.abs(e.sum)),
              `${where}: sum`,
            );
        });
      });
    }
  } finally {
    db.close();
  }
  return { rows };
}

/** Independent brute-force Thing+ interval aggregation of raw points (the reference for aggregate()). */
export function bruteAggregate(
  points: readonly ValuePoint[],
  from: number,
  to: number,
  intervalMs: number,
  func: AggregateFunc,
): ValuePoint[] {
  const groups = new Map<number, ValuePoint[]>();
  for (const p of points) {
    if (p.time < from || p.time >= to) continue;
    const k = from + Math.floor((p.time - from) / intervalMs) * intervalMs;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const out: ValuePoint[] = [];
  for (const [time, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (func === 'count') {
      out.push({ time, value: g.length });
      continue;
    }
    const nums = g
      .map((p) => p.value)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (nums.length === 0) continue;
    let sum = 0;
    for (const v of nums) sum += v;
    const value = {
      sum,
      average: sum / nums.length,
      min: Math.min(...nums),
      max: Math.max(...nums),
      first: nums[0],
      last: nums[nums.length - 1],
    }[func];
    out.push({ time, value });
  }
  return out;
}
