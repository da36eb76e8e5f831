// readMany (a chart's sensors in one read) answers what the one-sensor calls answer, sensor by sensor:
// raw points, buckets, where raw values begin and what the disk budget thinned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ValuePoint } from '../../../src/shared/model.js';
import type { AggregateFunc } from '../../../src/main/series/index.js';
import { open, tempFiles } from './helpers.js';

const file = tempFiles('many');
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** a value every `step` ms in [from, to) */
const every = (step: number, from: number, to: number, offset = 0): ValuePoint[] =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => ({
    time: from + i * step,
    value: ((i * 7 + offset) % 40) + 0.25,
  }));

test('readMany equals query/aggregate, rawFrom and thinnedRange per sensor, in the order asked', async () => {
  const now = Date.UTC(2026, 11, 4, 13, 0);
  const today = Date.UTC(2026, 11, 4);
  const store = open(file(), { chunkMaxPoints: 500, now: () => now, thinKeepRawMs: 24 * HOUR });
  // closed also when an assertion fails: an open store's thread would keep the test running
  try {
    // a: four days a minute apart, its oldest day thinned; b: a day every 10 s from a time inside a
    // minute, its last values still in the log; c: text values
    await store.append('gw', [{ sensorId: 'a', points: every(MIN, today - 3 * DAY, now - MIN) }], now);
    await store.append(
      'gw',
      [{ sensorId: 'b', points: every(10 * SEC, now - DAY + 3 * SEC, now - HOUR) }],
      now,
    );
    await store.append(
      'gw2',
      [{ sensorId: 'c', points: every(HOUR, now - DAY, now).map((p) => ({ ...p, value: `s${p.value}` })) }],
      now,
    );
    store.compact({ all: true });
    assert.equal(store.thinRaw().thinnedBefore, today - 2 * DAY);
    await store.append('gw', [{ sensorId: 'b', points: every(10 * SEC, now - HOUR, now, 3) }], now);

    const sensors = [
      { gatewayId: 'gw', sensorId: 'b' },
      { gatewayId: 'gw', sensorId: 'nope' },
      { gatewayId: 'gw', sensorId: 'a' },
      { gatewayId: 'gw2', sensorId: 'c' },
    ];
    assert.notEqual(store.rawFrom('gw', 'a'), null, 'a thinned sensor keeps raw values only from a time');
    const cases: Array<{
      from: number;
      to: number;
      intervalMs: number;
      func: AggregateFunc;
      limit?: number;
    }> = [
      { from: now - DAY, to: now, intervalMs: 15 * MIN, func: 'average' },
      { from: today - 3 * DAY, to: now, intervalMs: HOUR, func: 'max' },
      { from: now - DAY + 7 * SEC, to: now - 5 * SEC, intervalMs: 5 * MIN, func: 'count' },
      { from: today - 3 * DAY, to: now, intervalMs: 0, func: 'average' },
      { from: now - 2 * HOUR, to: now, intervalMs: 0, func: 'average', limit: 100 },
    ];
    for (const q of cases) {
      const many = store.readMany({ sensors, ...q });
      assert.equal(many.length, sensors.length);
      sensors.forEach((s, i) => {
        const one =
          q.intervalMs === 0
            ? store.query({ ...s, from: q.from, to: q.to, limit: q.limit })
            : store.aggregate({ ...s, from: q.from, to: q.to, intervalMs: q.intervalMs, func: q.func });
        const what = `${s.sensorId} ${JSON.stringify(q)}`;
        assert.deepEqual(many[i]!.points, one, what);
        assert.equal(many[i]!.rawFrom, store.rawFrom(s.gatewayId, s.sensorId), what);
        assert.deepEqual(many[i]!.thinned, store.thinnedRange(s.gatewayId, s.sensorId), what);
      });
      assert.ok(many[0]!.points.length > 0 && many[2]!.points.length > 0, 'the cases read something');
      // with the band: the same points, and each bucket's min and max as aggregate answers them
      const banded = store.readMany({ sensors, ...q, band: true });
      sensors.forEach((s, i) => {
        const what = `band ${s.sensorId} ${JSON.stringify(q)}`;
        assert.deepEqual(banded[i]!.points, many[i]!.points, what);
        if (q.intervalMs === 0) return assert.equal(banded[i]!.band, undefined, `${what}: raw has none`);
        const agg = (func: AggregateFunc) =>
          store.aggregate({ ...s, from: q.from, to: q.to, intervalMs: q.intervalMs, func });
        assert.deepEqual(banded[i]!.band, { min: agg('min'), max: agg('max') }, what);
      });
      if (q.intervalMs > 0) {
        const a = banded[2]!.band!;
        assert.ok(
          a.min.length > 0 && a.min.some((p, k) => (p.value as number) < (a.max[k]!.value as number)),
          'a band with some width',
        );
      }
    }
    const thinnedA = store.readMany({ sensors, ...cases[0]! })[2]!;
    assert.deepEqual(thinnedA.thinned, { before: today - 2 * DAY, at: now });
    assert.deepEqual(store.readMany({ sensors: [sensors[1]!], ...cases[0]! }), [
      { points: [], rawFrom: null, thinned: null },
    ]);
    assert.throws(
      () => store.readMany({ sensors, from: 0, to: now, intervalMs: 1, func: 'average' }),
      RangeError,
      'too many buckets is the caller’s range, as with aggregate',
    );
  } finally {
    await store.close();
  }
});
