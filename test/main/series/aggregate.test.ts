// The one-row-per-bucket read path (aggregate.ts) against the merged-bucket path, with arbitrary doubles
// (float sums depend on the order of addition: grouped by SQLite they may differ in the last bits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { SensorValue, ValuePoint } from '../../../src/shared/model.js';
import { aggregateMerged, aggregateSeries, type ReadContext } from '../../../src/main/series/aggregate.js';
import { ChunkStore } from '../../../src/main/series/chunks.js';
import { decodeLogBody } from '../../../src/main/series/codec/log-body.js';
import { IngestLog } from '../../../src/main/series/ingest-log.js';
import { LogTail } from '../../../src/main/series/log-tail.js';
import { RollupStore } from '../../../src/main/series/rollup.js';
import type { AggregateFunc, AggregateQuery } from '../../../src/main/series/index.js';
import { open, tempFiles } from './helpers.js';

const file = tempFiles('a');

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const FUNCS: AggregateFunc[] = ['average', 'sum', 'count', 'min', 'max', 'first', 'last'];

/** A read context on a closed store's file: the same objects the store builds, tail from the log rows. */
function readContext(db: Database.Database): ReadContext {
  const tail = new LogTail();
  const log = new IngestLog(db);
  for (const row of log.rowsThrough(Number.MAX_SAFE_INTEGER)) {
    tail.addRow(row.id, decodeLogBody(row.body, row.received_at));
  }
  return { chunks: new ChunkStore(db), log, tail, rollups: new RollupStore(db) };
}

/** Both paths inside one read transaction, as the store runs them. */
function both(db: Database.Database, ctx: ReadContext, q: AggregateQuery): [ValuePoint[], ValuePoint[]] {
  const sid = db.prepare('SELECT id FROM series WHERE sensor_id = ?').pluck().get(q.sensorId) as number;
  return db.transaction((): [ValuePoint[], ValuePoint[]] => [
    aggregateSeries(ctx, sid, q),
    aggregateMerged(ctx, sid, q),
  ])();
}

/**
 * Equal, except that sums and averages of buckets of several rows, which SQLite groups (compensated
 * summation: `RollupTable.groupedValues`), may differ from the merged path's left-to-right sum in the
 * last bits.
 */
function sameAnswer(fast: ValuePoint[], merged: ValuePoint[], func: AggregateFunc, what: string): void {
  if (func !== 'average' && func !== 'sum') return assert.deepStrictEqual(fast, merged, what);
  assert.deepStrictEqual(
    fast.map((p) => p.time),
    merged.map((p) => p.time),
    what,
  );
  for (const [i, p] of fast.entries()) {
    const a = p.value as number;
    const b = merged[i]!.value as number;
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} ≠ ${b}`);
  }
}

const valueArb: fc.Arbitrary<SensorValue> = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<SensorValue>('on', false, Infinity, -0) },
);

test('one row per bucket equals merged buckets: every function, each rollup size, log tail and raw edges', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 3 * HOUR }), valueArb), { minLength: 1, maxLength: 400 }),
      fc.integer({ min: 0, max: 100 }),
      async (steps, compactPercent) => {
        const points: ValuePoint[] = [];
        let time = T0 - HOUR;
        for (const [gap, value] of steps)
          points.push({ time: (time += gap % 7 === 0 ? gap : 1 + (gap % 50_000)), value });
        const f = file();
        const store = open(f, { chunkMaxPoints: 23 });
        // the first part compacted (rollups + chunks), the rest left in the log
        const split = Math.ceil((points.length * compactPercent) / 100);
        for (let i = 0; i < points.length; i += 50) {
          const msg = points.slice(i, i + 50);
          await store.append('gw', [{ sensorId: 's', points: msg }], msg[0].time);
          if (i + 50 <= split) store.compact({ all: true });
        }
        await store.close();
        const db = new Database(f, { readonly: true });
        try {
          const ctx = readContext(db);
          const first = points[0].time;
          const last = points[points.length - 1].time;
          for (const intervalMs of [MIN, 15 * MIN, HOUR, 6 * HOUR, DAY, 2 * DAY]) {
            // aligned starts (the fast path) and one that is not (the merged path on both sides)
            const starts = [
              Math.floor(first / intervalMs) * intervalMs,
              Math.floor(first / DAY) * DAY,
              first,
            ];
            for (const from of starts) {
              for (const to of [last + 1, Math.floor(last / HOUR) * HOUR + 7, from + intervalMs]) {
                if (to <= from || (to - from) / intervalMs > 100_000) continue;
                for (const func of FUNCS) {
                  const [fast, merged] = both(db, ctx, {
                    gatewayId: 'gw',
                    sensorId: 's',
                    from,
                    to,
                    intervalMs,
                    func,
                  });
                  sameAnswer(fast, merged, func, `${func} ${intervalMs} [${from}, ${to})`);
                }
              }
            }
          }
        } finally {
          db.close();
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('the fast path answers from the rows as stored: a day of minutes of a few sensors', async () => {
  const f = file();
  const store = open(f);
  const v = (s: number, k: number) => 20 + Math.sin(k / 37 + s) / 3;
  // one point per 5 s: 12 per minute
  for (let k = 0; k < 17_280; k += 720) {
    const batches = Array.from({ length: 3 }, (_, s) => ({
      sensorId: `f${s}`,
      points: Array.from({ length: 720 }, (_, j) => ({ time: T0 + (k + j) * 5000, value: v(s, k + j) })),
    }));
    await store.append('gw', batches, T0 + k * 5000);
  }
  store.compact({ all: true });
  for (let s = 0; s < 3; s++) {
    const q = { gatewayId: 'gw', sensorId: `f${s}`, from: T0, to: T0 + DAY, intervalMs: MIN };
    const avg = store.aggregate({ ...q, func: 'average' });
    assert.equal(avg.length, 1440);
    // every minute: the sum of its 12 values in time order (as the rollup added them) over 12
    for (const [m, p] of avg.entries()) {
      let sum = 0;
      for (let j = 0; j < 12; j++) sum += v(s, m * 12 + j);
      assert.equal(p.time, T0 + m * MIN);
      assert.equal(p.value, sum / 12);
    }
    assert.deepEqual(
      store.aggregate({ ...q, func: 'count' }).map((p) => p.value),
      Array.from({ length: 1440 }, () => 12),
    );
  }
  await store.close();
});
