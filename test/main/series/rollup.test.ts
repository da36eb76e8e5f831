import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import _ from 'lodash';
import type { SensorValue, ValuePoint } from '../../../src/shared/model.js';
import type { AggregateFunc } from '../../../src/main/series/index.js';
import type { StepPlan } from '../../../src/main/series/compact-plan.js';
import { packPlan, unpackPlan } from '../../../src/main/series/packed-plan.js';
import { forEachLevel, NO_BUCKETS, packBuckets, type Bucket } from '../../../src/main/series/rollup.js';
import { ALL, bruteAggregate, checkRollups, open, tempFiles } from './helpers.js';

const file = tempFiles('r');

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** quarters of small integers: float sums are exact in any order, so rollups can be compared with === */
const valueArb: fc.Arbitrary<SensorValue> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -4000, max: 4000 }).map((k) => k / 4) },
  { weight: 1, arbitrary: fc.constantFrom<SensorValue>('on', true, { a: 1 }, Infinity) },
);

/** strictly increasing times over ~3 days, gaps from 1 ms to 40 min */
const seriesArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 40 * MIN }), valueArb), { minLength: 1, maxLength: 250 })
  .chain((steps) =>
    fc.constant(
      steps.reduce<ValuePoint[]>((acc, [gap, value]) => {
        const prev = acc.length ? acc[acc.length - 1].time : T0 - 7 * MIN;
        acc.push({ time: prev + (gap % 5 === 0 ? gap : Math.ceil(gap / 997)), value });
        return acc;
      }, []),
    ),
  );

/** plan: split points into messages; after some, compact (everything so far) and/or reopen */
const planArb = fc.array(
  fc.record({ size: fc.integer({ min: 1, max: 60 }), compact: fc.boolean(), reopen: fc.boolean() }),
  {
    minLength: 1,
    maxLength: 12,
  },
);

const intervals = [7_000, MIN, 5 * MIN, 15 * MIN, HOUR, 6 * HOUR, DAY, 2 * DAY, 90 * MIN, 13 * MIN + 1];
const funcs: AggregateFunc[] = ['average', 'sum', 'count', 'min', 'max', 'first', 'last'];
const rangeArb = fc.record({
  // from snapped to various alignments so every rollup level gets used
  fromOff: fc.integer({ min: -DAY, max: 4 * DAY }),
  snap: fc.constantFrom(1, MIN, HOUR, DAY),
  len: fc.integer({ min: 1, max: 5 * DAY }),
  interval: fc.constantFrom(...intervals),
  func: fc.constantFrom(...funcs),
});

async function play(
  f: string,
  points: ValuePoint[],
  plan: Array<{ size: number; compact: boolean; reopen: boolean }>,
  after: (store: ReturnType<typeof open>) => void,
): Promise<void> {
  let store = open(f, { chunkMaxPoints: 17 });
  let i = 0;
  for (let k = 0; i < points.length; k++) {
    const step = plan[k % plan.length];
    const msg = points.slice(i, i + step.size);
    i += step.size;
    await store.append('gw', [{ sensorId: 's', points: msg }], msg[0].time);
    if (step.compact) store.compact({ all: true });
    if (step.reopen) {
      await store.close();
      store = open(f, { chunkMaxPoints: 17 });
    }
    after(store);
  }
  await store.close();
}

describe('rollups and aggregate', () => {
  test('rollups equal a recomputation from raw across compaction steps and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(seriesArb, planArb, async (points, plan) => {
        const f = file();
        await play(f, points, plan, () => undefined);
        checkRollups(f);
        const store = open(f);
        store.compact({ all: true });
        await store.close();
        checkRollups(f);
      }),
      { numRuns: 40 },
    );
  });

  test('aggregate equals brute force over query() before, during and after compaction', async () => {
    await fc.assert(
      fc.asyncProperty(
        seriesArb,
        planArb,
        fc.array(rangeArb, { minLength: 1, maxLength: 4 }),
        async (points, plan, ranges) => {
          const check = (store: ReturnType<typeof open>) => {
            const raw = store.query({ gatewayId: 'gw', sensorId: 's', ...ALL });
            for (const r of ranges) {
              const from = Math.floor((T0 + r.fromOff) / r.snap) * r.snap;
              const to = from + r.len;
              const q = { gatewayId: 'gw', sensorId: 's', from, to, intervalMs: r.interval, func: r.func };
              assert.deepEqual(
                store.aggregate(q),
                bruteAggregate(raw, from, to, r.interval, r.func),
                JSON.stringify(r),
              );
            }
          };
          await play(file(), points, plan, check);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('aggregate reads rollups: a year of hourly buckets stays exact and unknown sensors are empty', async () => {
    const store = open(file(), { chunkMaxPoints: 500 });
    const points = Array.from({ length: 3000 }, (_, i) => ({ time: T0 + i * 17 * MIN, value: (i % 40) / 2 }));
    await store.append('gw', [{ sensorId: 's', points }], T0);
    store.compact({ all: true });
    const q = {
      gatewayId: 'gw',
      sensorId: 's',
      from: T0,
      to: T0 + 40 * DAY,
      intervalMs: DAY,
      func: 'sum' as const,
    };
    const raw = store.query({ gatewayId: 'gw', sensorId: 's', ...ALL });
    assert.deepEqual(store.aggregate(q), bruteAggregate(raw, q.from, q.to, DAY, 'sum'));
    assert.ok(store.stats().rollupRowsWritten > 3000);
    assert.deepEqual(store.aggregate({ ...q, sensorId: 'nope' }), []);
    assert.throws(() => store.aggregate({ ...q, intervalMs: 0 }), RangeError);
    await store.close();
  });

  test('late points (older than the newest, also inside compacted ranges) are dropped, counted, never rolled up', async () => {
    const f = file();
    const store = open(f, { chunkMaxPoints: 10 });
    const points = Array.from({ length: 200 }, (_, i) => ({ time: T0 + i * 30_000, value: i }));
    await store.append('gw', [{ sensorId: 's', points }], T0);
    store.compact({ all: true });
    const q = {
      gatewayId: 'gw',
      sensorId: 's',
      from: T0,
      to: T0 + DAY,
      intervalMs: HOUR,
      func: 'count' as const,
    };
    const before = store.aggregate(q);
    const late = [
      { time: T0 + 15_000, value: 1000 }, // between two compacted points: out of order
      { time: T0 + 60_000, value: 1000 }, // same time as a compacted point: duplicate
      { time: T0 + 199 * 30_000 - 1, value: 1000 }, // just before the newest: out of order
    ];
    const out = await store.append('gw', [{ sensorId: 's', points: late }], T0);
    assert.deepEqual([out.accepted, out.outOfOrder, out.duplicates], [0, 2, 1]);
    store.compact({ all: true });
    assert.deepEqual(store.aggregate(q), before);
    assert.equal(store.stats().outOfOrder, 2);
    await store.close();
    checkRollups(f);
  });

  test('deleteSensor removes its rollups too', async () => {
    const f = file();
    const store = open(f);
    const points = Array.from({ length: 100 }, (_, i) => ({ time: T0 + i * 61_000, value: i }));
    await store.append(
      'gw',
      [
        { sensorId: 's', points },
        { sensorId: 't', points },
      ],
      T0,
    );
    store.compact({ all: true });
    await store.deleteSensor('gw', 's');
    await store.close();
    assert.ok(checkRollups(f).rows > 0);
  });
});

describe('planned rollups cross threads packed', () => {
  const bucketArb = fc.record({
    start: fc.integer({ min: 0, max: 2 ** 44 }).map((k) => k * 1000),
    count: fc.nat(1000),
    ncount: fc.nat(1000),
    min: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    max: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    sum: fc.double({ noNaN: true, noDefaultInfinity: true }),
    first: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    last: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  });

  test('packBuckets/forEachLevel round-trip any levels exactly, null included', () => {
    fc.assert(
      fc.property(fc.array(fc.array(bucketArb, { maxLength: 20 }), { maxLength: 3 }), (levels) => {
        const out: Bucket[][] = [];
        forEachLevel(packBuckets(levels), (buckets, i) => (out[i] = buckets));
        // a plan without any bucket packs to nothing (no levels to write)
        const expected = levels.some((l) => l.length > 0) ? levels.map((l) => l.map((b) => ({ ...b }))) : [];
        assert.deepEqual(out, expected);
      }),
    );
  });

  test('packPlan/unpackPlan carry every series its own blobs and rollups', () => {
    const rollupsA = packBuckets([
      [{ start: 0, count: 2, ncount: 1, min: 1, max: 1, sum: 1, first: 1, last: 1 }],
    ]);
    const rollupsB = packBuckets([
      [{ start: 60_000, count: 1, ncount: 0, min: null, max: null, sum: 0, first: null, last: null }],
      [{ start: 0, count: 1, ncount: 0, min: null, max: null, sum: 0, first: null, last: null }],
    ]);
    const plan: StepPlan = {
      rows: 3,
      values: 4,
      maxLogId: 9,
      seriesFrom: 1,
      seriesTo: 5,
      series: [
        {
          seriesId: 1,
          base: { id: 7, count: 1, end: 5 },
          replace: { end: 9, count: 2, body: Buffer.from([1, 2, 3]) },
          inserts: [{ start: 10, end: 11, count: 2, body: Buffer.from([4, 5]) }],
          rollups: rollupsA,
          dropped: 0,
        },
        { seriesId: 2, base: null, replace: null, inserts: [], rollups: NO_BUCKETS, dropped: 1 },
        { seriesId: 3, base: null, replace: null, inserts: [], rollups: rollupsB, dropped: 0 },
      ],
    };
    const packed = packPlan(plan);
    // what postMessage does: structured clone of the plan, the buffers moved
    const moved = structuredClone(packed, { transfer: [packed.buffer, packed.rollups] });
    const back = unpackPlan(moved);
    assert.deepEqual(
      back.series.map((s) => [
        s.seriesId,
        s.replace?.body ?? null,
        s.inserts.map((c) => c.body),
        [...s.rollups],
      ]),
      [
        [1, Buffer.from([1, 2, 3]), [Buffer.from([4, 5])], [...rollupsA]],
        [2, null, [], []],
        [3, null, [], [...rollupsB]],
      ],
    );
    assert.deepEqual(_.omit(back, 'series'), _.omit(plan, 'series'));
  });
});
