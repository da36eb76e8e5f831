// The grouped read (rollup-groups.ts) kept between reads: against the rows themselves after new rows
// came, after retention removed old ones and after a series was deleted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import rollupsMigration from '../../../src/main/series/migrations/002_rollups.js';
import { RollupStore, emptyBucket, type Bucket } from '../../../src/main/series/rollup.js';
import type { GroupedFunc } from '../../../src/main/series/rollup-groups.js';

const MIN = 60_000;
const Q = 15 * MIN;
const T0 = Date.UTC(2026, 0, 1);

/** the minute level of a fresh rollup store, tables made as the migration makes them */
function table() {
  const db = new Database(':memory:');
  rollupsMigration.up(db);
  return new RollupStore(db).tables[0]!;
}

type RollupTable = ReturnType<typeof table>;

/** minute rows [from, to) of a series, some minutes missing, one without numbers */
function rows(from: number, to: number, seed: number): Bucket[] {
  const out: Bucket[] = [];
  for (let t = from; t < to; t += MIN) {
    const k = (t - T0) / MIN;
    if ((k * 7 + seed) % 11 === 0) continue; // no row: the gateway was quiet
    const b = emptyBucket(t);
    b.count = 3;
    if ((k + seed) % 17 !== 0) {
      const v = Math.sin(k / 9 + seed) * 40 + 20;
      Object.assign(b, { ncount: 3, sum: 3 * v + 0.1, min: v - 1, max: v + 1, first: v, last: v });
    }
    out.push(b);
  }
  return out;
}

/** the grouped answer computed from the rows in JS */
function expected(all: Bucket[], from: number, to: number, func: GroupedFunc) {
  const groups = new Map<number, Bucket[]>();
  for (const b of all) {
    if (b.start < from || b.start >= to) continue;
    if (func !== 'count' && b.ncount === 0) continue;
    const k = from + Math.floor((b.start - from) / Q) * Q;
    groups.set(k, [...(groups.get(k) ?? []), b]);
  }
  const sum = (bs: Bucket[], f: (b: Bucket) => number) => bs.reduce((n, b) => n + f(b), 0);
  return [...groups.entries()].map(([time, bs]) => ({
    time,
    value:
      func === 'average'
        ? sum(bs, (b) => b.sum) / sum(bs, (b) => b.ncount)
        : func === 'sum'
          ? sum(bs, (b) => b.sum)
          : func === 'count'
            ? sum(bs, (b) => b.count)
            : func === 'min'
              ? Math.min(...bs.map((b) => b.min!))
              : Math.max(...bs.map((b) => b.max!)),
  }));
}

function check(t: RollupTable, all: Bucket[], sid: number, from: number, to: number, what: string): void {
  for (const func of ['average', 'sum', 'count', 'min', 'max'] as const) {
    const got = t.groupedValues(sid, from, to, Q, func);
    const want = expected(all, from, to, func);
    assert.deepEqual(
      got.times,
      want.map((p) => p.time),
      `${what} ${func}: buckets`,
    );
    for (const [i, p] of want.entries())
      assert.ok(
        Math.abs(got.values[i]! - p.value) <= 1e-9 * Math.max(1, Math.abs(p.value)),
        `${what} ${func} @${i}`,
      );
  }
}

test('grouped reads kept between reads stay the rows’ answer as rows come, go and series are deleted', () => {
  const t = table();
  const day = T0 + 24 * 60 * MIN;
  const a = rows(T0, day, 1);
  const b = rows(T0, day, 2);
  t.insert(1, a);
  t.insert(2, b);
  check(t, a, 1, T0, day, 'first read');
  check(t, b, 2, T0, day, 'another series');
  // a chart moved on: new closed minutes, the range shifted by 30 min (kept buckets + the new ones)
  const more = rows(day, day + 2 * 60 * MIN, 1);
  t.insert(1, more);
  const a2 = [...a, ...more];
  check(t, a2, 1, T0 + 2 * Q, day + 30 * MIN, 'moved on');
  check(t, a2, 1, T0 + 2 * Q, day + 2 * 60 * MIN, 'moved on again');
  check(t, a2, 1, T0 + 2 * Q, day, 'a shorter range inside what was kept');
  check(t, a2, 1, T0 + 4 * Q, day + 2 * 60 * MIN, 'read again, all kept');
  // retention removed the oldest rows: what was kept of them must not be answered
  t.deleteBefore(1, T0 + 3 * 60 * MIN, 1_000_000);
  const a3 = a2.filter((r) => r.start >= T0 + 3 * 60 * MIN);
  check(t, a3, 1, T0 + 4 * Q, day + 2 * 60 * MIN, 'after retention');
  // the series deleted and written anew from the same minute
  t.deleteSeries(2);
  const b2 = rows(T0 + 3 * 60 * MIN, day, 5);
  t.insert(2, b2);
  check(t, b2, 2, T0, day, 'a series written anew');
});
