// Aggregates beyond raw retention (issue 15 "charts worth trusting"): once retention deleted a series'
// old raw chunks, only the rollups hold those days. An aggregate whose start is not a whole minute (a
// chart asking from now − 7 d in ms, an API client asking from 10:00:17) read that range raw and came
// back empty. The answer must come from the minute rollups there, and stay exact where raw values exist.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AggregateFunc } from '../../../src/main/series/index.js';
import type { ValuePoint } from '../../../src/shared/model.js';
import { ALL, bruteAggregate, open, tempFiles } from './helpers.js';

const file = tempFiles('expired');
const SEC = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const CLOCK = T0 + 5 * DAY;
const FUNCS: AggregateFunc[] = ['count', 'sum', 'min', 'max', 'first', 'last', 'average'];

/** a point every 10 s over five days; small integers, so sums do not depend on the order of addition */
const POINTS: ValuePoint[] = Array.from({ length: (5 * DAY) / (10 * SEC) }, (_, i) => ({
  time: T0 + i * 10 * SEC,
  value: (i * 7) % 13,
}));

/**
 * Five days, chunks of 100 points (1 000 s: chunk edges fall inside minutes), raw kept two days:
 * retention removes the first three days of chunks and keeps every rollup.
 */
async function expiredStore(f: string) {
  const store = open(f, {
    chunkMaxPoints: 100,
    now: () => CLOCK,
    retention: { rawDays: 2, minuteDays: null, hourDays: null, dayDays: null },
  });
  await store.append('gw', [{ sensorId: 'a', points: POINTS }], CLOCK);
  store.compact({ all: true });
  const r = store.maintain();
  assert.ok(r.complete && r.deletedChunks > 0, 'retention removed raw chunks');
  return store;
}

/**
 * What the store knows once raw is gone before `edge` (a whole minute): each value there as if at its
 * minute's start (a minute row is merged whole into the bucket holding its start); exact after it.
 */
const asRollups = (edge: number): ValuePoint[] =>
  POINTS.map((p) => (p.time < edge ? { time: Math.floor(p.time / MIN) * MIN, value: p.value } : p));

describe('aggregates beyond raw retention', () => {
  test('a start inside a minute answers the expired days from the rollups, not nothing', async () => {
    const store = await expiredStore(file());
    try {
      const raw = store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL });
      const kept = raw[0].time;
      assert.ok(kept > T0 + 2 * DAY && kept <= CLOCK - 2 * DAY, 'the first three days of raw are gone');
      assert.notEqual(kept % MIN, 0, 'the oldest chunk left starts inside a minute (the hard case)');
      // the part of that minute before `kept` was deleted: its minute row answers for the whole minute
      const edge = Math.floor(kept / MIN) * MIN + MIN;
      const model = asRollups(edge);

      const from = T0 + 10 * HOUR + 17 * SEC; // day 0, 10:00:17: raw long gone
      const q = { gatewayId: 'gw', sensorId: 'a', from, to: CLOCK };
      const days = store.aggregate({ ...q, intervalMs: DAY, func: 'count' });
      assert.equal(days.length, 5, 'a bucket for every day, the expired ones too');
      // 10:01 to the next 10:00:17: minutes 10:01…10:00 (1 440 minutes of 6 values) but not 10:00 itself
      assert.equal(days[0].value, 1440 * 6);
      assert.equal(
        days.reduce((n, p) => n + (p.value as number), 0),
        POINTS.filter((p) => p.time >= from + 43 * SEC).length,
        'every value from the first whole minute on, once',
      );
      for (const intervalMs of [MIN, 90 * SEC, 15 * MIN, HOUR, DAY]) {
        for (const func of FUNCS) {
          assert.deepEqual(
            store.aggregate({ ...q, intervalMs, func }),
            bruteAggregate(model, from, CLOCK, intervalMs, func),
            `${func} every ${intervalMs / SEC} s`,
          );
        }
      }
    } finally {
      await store.close();
    }
  });

  test('ranges ending in the expired days, crossing into raw, or wholly raw: whole minutes where raw is gone, exact where it is not', async () => {
    const store = await expiredStore(file());
    try {
      const kept = store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL })[0].time;
      const edge = Math.floor(kept / MIN) * MIN + MIN;
      const model = asRollups(edge);
      // a deterministic spread of starts and ends inside minutes, on both sides of the edge
      const ranges: Array<[number, number]> = [
        [T0 + 10 * HOUR + 17 * SEC, T0 + 2 * DAY + 13 * HOUR + 27 * MIN + 45 * SEC], // ends expired: its minute whole
        [T0 + DAY + 59 * SEC + 999, edge - 30 * SEC], // ends inside the minute before the edge
        [T0 + 6 * HOUR + 1, edge + 7 * HOUR + 3 * SEC], // crosses the edge
        [edge - 3 * HOUR + 11 * SEC, kept + 1], // ends just after the first raw value kept
        [edge + 5 * HOUR + 31 * SEC, CLOCK - 17 * SEC], // raw only: exact
      ];
      for (const [from, to] of ranges) {
        for (const intervalMs of [MIN, 7 * MIN, HOUR, 6 * HOUR, DAY]) {
          for (const func of ['count', 'sum', 'first', 'last'] as const) {
            assert.deepEqual(
              store.aggregate({ gatewayId: 'gw', sensorId: 'a', from, to, intervalMs, func }),
              bruteAggregate(model, from, to, intervalMs, func),
              `${func} [${new Date(from).toISOString()}, ${new Date(to).toISOString()}) every ${intervalMs / MIN} min`,
            );
          }
        }
      }
      // calendar stats take the same road: a day from 10:00:17 counts the expired days too
      const stats = store.seriesStats({
        gatewayId: 'gw',
        sensorId: 'a',
        from: T0 + 10 * HOUR + 17 * SEC,
        to: CLOCK,
        timeUnit: 'day',
      });
      assert.deepEqual(
        stats.map((s) => [s.btime, s.count]),
        [0, 1, 2, 3, 4].map((d) => {
          const start = T0 + d * DAY;
          const lo = Math.max(start, T0 + 10 * HOUR + 17 * SEC);
          return [start, model.filter((p) => p.time >= lo && p.time < start + DAY).length];
        }),
      );
    } finally {
      await store.close();
    }
  });

  test('where the minute rollups expired too, the hour rollups answer, each hour whole by its start', async () => {
    // raw kept a day and minute rows two, at 00:17: the minute rows start inside an hour whose hour row
    // also counts the minutes before them, so that hour row answers for the whole hour
    const clock = T0 + 5 * DAY + 17 * MIN;
    const store = open(file(), {
      chunkMaxPoints: 100,
      now: () => clock,
      retention: { rawDays: 1, minuteDays: 2, hourDays: null, dayDays: null },
    });
    try {
      await store.append('gw', [{ sensorId: 'a', points: POINTS }], clock);
      store.compact({ all: true });
      assert.ok(store.maintain().complete);
      const kept = store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL })[0].time;
      const rawEdge = Math.ceil(kept / MIN) * MIN;
      const minuteEdge = T0 + 3 * DAY + HOUR;
      const model = POINTS.map((p) => {
        if (p.time < minuteEdge) return { time: Math.floor(p.time / HOUR) * HOUR, value: p.value };
        if (p.time < rawEdge) return { time: Math.floor(p.time / MIN) * MIN, value: p.value };
        return p;
      });
      const from = T0 + 10 * HOUR + 17 * SEC;
      for (const to of [clock, T0 + 2 * DAY + 5 * HOUR + 7 * MIN + 3 * SEC, minuteEdge + 45 * MIN + 1]) {
        for (const intervalMs of [90 * SEC, 15 * MIN, HOUR, 6 * HOUR, DAY]) {
          for (const func of ['count', 'sum', 'first', 'last'] as const) {
            assert.deepEqual(
              store.aggregate({ gatewayId: 'gw', sensorId: 'a', from, to, intervalMs, func }),
              bruteAggregate(model, from, to, intervalMs, func),
              `${func} to ${new Date(to).toISOString()} every ${intervalMs / SEC} s`,
            );
          }
        }
      }
      const days = store.aggregate({
        gatewayId: 'gw',
        sensorId: 'a',
        from,
        to: clock,
        intervalMs: DAY,
        func: 'count',
      });
      // hours 11:00 to the next day's 10:00, by their starts: not the hour holding 10:00:17 (it starts
      // before `from`), but the next day's 10:00 (it starts before that bucket's end, 10:00:17)
      assert.deepEqual(
        days.slice(0, 2).map((p) => p.value),
        [24 * 360, 24 * 360],
      );
      assert.equal(days.length, 5, 'every day, none empty');
    } finally {
      await store.close();
    }
  });

  test('before retention ever ran nothing is read from the rollups where raw values exist', async () => {
    // the same data, compacted, nothing deleted: every unaligned aggregate equals a brute force over raw
    const store = open(file(), { chunkMaxPoints: 100, now: () => CLOCK });
    try {
      await store.append('gw', [{ sensorId: 'a', points: POINTS.slice(3) }], CLOCK); // starts inside a minute
      store.compact({ all: true });
      const raw = store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL });
      for (const from of [T0 - 13 * SEC, T0 + 10 * SEC + 1, T0 + 3 * HOUR + 17 * SEC]) {
        for (const intervalMs of [MIN, 90 * SEC, HOUR]) {
          const to = from + 2 * DAY + 3 * SEC;
          assert.deepEqual(
            store.aggregate({ gatewayId: 'gw', sensorId: 'a', from, to, intervalMs, func: 'count' }),
            bruteAggregate(raw, from, to, intervalMs, 'count'),
          );
        }
      }
    } finally {
      await store.close();
    }
  });
});
