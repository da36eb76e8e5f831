// The disk budget's thinning (issue 20): only whole UTC days that every rollup resolution summarizes,
// never the most recent hours, checked against the rollups in the deleting transaction, and recorded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Database from 'better-sqlite3';
import type { ValuePoint } from '../../../src/shared/model.js';
import { ALL, bruteAggregate, open, tempFiles } from './helpers.js';

const file = tempFiles('thin');
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** a point a minute from `from` to `to` */
const minutes = (from: number, to: number, offset = 0): ValuePoint[] =>
  Array.from({ length: Math.floor((to - from) / MIN) }, (_, i) => ({
    time: from + i * MIN,
    value: i + offset,
  }));

const count = (
  store: ReturnType<typeof open>,
  sensorId: string,
  from: number,
  to: number,
  intervalMs: number,
) =>
  store
    .aggregate({ gatewayId: 'gw', sensorId, from, to, intervalMs, func: 'count' })
    .reduce((n, p) => n + (p.value as number), 0);

describe('disk budget thinning keeps history honest', () => {
  test('never thins the most recent hours, nor the day rollups do not yet summarize; records what it thinned', async () => {
    const now = Date.UTC(2026, 10, 30, 15, 0);
    const today = Date.UTC(2026, 10, 30);
    const store = open(file(), { chunkMaxPoints: 100, now: () => now, thinKeepRawMs: 24 * HOUR });
    // four days up to now: two days old enough, yesterday (within 24 h of now from 15:00 on) and today
    const points = minutes(today - 3 * DAY, now - MIN);
    await store.append('gw', [{ sensorId: 'a', points }], now);
    store.compact({ all: true });
    const counts = [1, 60, 1440].map((ms) => count(store, 'a', today - 3 * DAY, now, ms * MIN));
    assert.deepEqual(counts, [points.length, points.length, points.length]);

    const first = store.thinRaw();
    assert.equal(first.thinnedBefore, today - 2 * DAY, 'the oldest day first');
    const second = store.thinRaw();
    assert.equal(second.thinnedBefore, today - DAY);
    // now − 24 h is yesterday 15:00: yesterday and today stay raw, whatever the disk says
    assert.equal(store.thinRaw().thinnedBefore, null, 'nothing younger than a day old is thinned');
    assert.ok(
      store.query({ gatewayId: 'gw', sensorId: 'a', from: now - 24 * HOUR, to: now }).length === 24 * 60 - 1,
      'the last 24 hours are all raw',
    );
    assert.deepEqual(store.thinnedRange('gw', 'a'), { before: today - DAY, at: now });
    assert.equal(store.thinnedRange('gw', 'nope'), null);
    // every resolution still counts every value, thinned or not
    assert.deepEqual(
      [1, 60, 1440].map((ms) => count(store, 'a', today - 3 * DAY, now, ms * MIN)),
      counts,
    );
    await store.deleteSensor('gw', 'a');
    assert.equal(store.thinnedRange('gw', 'a'), null, 'a deleted sensor forgets its thinned range');
    await store.close();
  });

  test('a raw day the rollups do not account for is not thinned', async () => {
    const now = Date.UTC(2026, 10, 30, 12, 0);
    const today = Date.UTC(2026, 10, 30);
    let db: Database.Database | undefined;
    const store = open(file(), {
      chunkMaxPoints: 100,
      now: () => now,
      hooks: { onOpen: (d) => (db = d) },
    });
    await store.append('gw', [{ sensorId: 'a', points: minutes(today - 3 * DAY, now - MIN) }], now);
    await store.append('gw', [{ sensorId: 'b', points: minutes(today - 3 * DAY, now - MIN, 5) }], now);
    store.compact({ all: true });
    // as if a's day rollups had been lost: thinning must not delete the only copy of those values
    db!
      .prepare("DELETE FROM rollup_1d WHERE series_id = (SELECT id FROM series WHERE sensor_id = 'a')")
      .run();
    const rawA = store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }).length;
    const r = store.thinRaw();
    assert.equal(r.refusedSeries, 1);
    assert.ok(r.deletedChunks > 0, "b's oldest day is thinned");
    assert.equal(
      store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }).length,
      rawA,
      'a keeps every raw value',
    );
    assert.equal(store.thinnedRange('gw', 'a'), null);
    assert.notEqual(store.thinnedRange('gw', 'b'), null);
    assert.equal(db!.pragma('integrity_check', { simple: true }), 'ok');
    await store.close();
  });

  test('aggregates whose start is not a whole minute answer the thinned days from the minute rollups', async () => {
    const now = Date.UTC(2026, 10, 30, 15, 0);
    const today = Date.UTC(2026, 10, 30);
    const store = open(file(), { chunkMaxPoints: 100, now: () => now, thinKeepRawMs: 24 * HOUR });
    const points = minutes(today - 3 * DAY, now - MIN);
    await store.append('gw', [{ sensorId: 'a', points }], now);
    store.compact({ all: true });
    assert.equal(store.thinRaw().thinnedBefore, today - 2 * DAY);
    try {
      // what the console asks for a 7-day chart: a start in the middle of a minute (now − 7 d, in ms);
      // before the fix this read raw only, so the thinned day answered nothing
      for (const from of [today - 3 * DAY + 17_345, today - 3 * DAY - 5 * HOUR + 59_999]) {
        for (const intervalMs of [MIN, 15 * MIN, HOUR]) {
          const q = { gatewayId: 'gw', sensorId: 'a', from, to: now, intervalMs };
          assert.deepEqual(
            store.aggregate({ ...q, func: 'count' }),
            bruteAggregate(points, from, now, intervalMs, 'count'),
            `count from ${from} every ${intervalMs / MIN} min`,
          );
          assert.deepEqual(
            store.aggregate({ ...q, func: 'max' }),
            bruteAggregate(points, from, now, intervalMs, 'max'),
          );
        }
      }
    } finally {
      await store.close();
    }
  });

  test('the thinned range survives a restart', async () => {
    const now = Date.UTC(2026, 10, 30, 12, 0);
    const today = Date.UTC(2026, 10, 30);
    const f = file();
    const a = open(f, { chunkMaxPoints: 100, now: () => now });
    await a.append('gw', [{ sensorId: 'a', points: minutes(today - 3 * DAY, now - MIN) }], now);
    a.compact({ all: true });
    assert.equal(a.thinRaw().thinnedBefore, today - 2 * DAY);
    await a.close();
    const b = open(f, { now: () => now });
    assert.deepEqual(b.thinnedRange('gw', 'a'), { before: today - 2 * DAY, at: now });
    await b.close();
  });
});
