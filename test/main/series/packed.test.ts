import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ValuePoint } from '../../../src/shared/model.js';
import { unpack, type PackedBatch } from '../../../src/main/series/index.js';
import { encodeLogBody, encodePackedLogBody } from '../../../src/main/series/codec/log-body.js';
import { ALL, open, tempFiles } from './helpers.js';

const file = tempFiles('packed');
const T0 = 1_700_000_000_000;

/** a packed message from objects, as the Thing+ fast parser makes it */
function pack(sensors: Record<string, [number, number][]>): PackedBatch {
  const ids = Object.keys(sensors);
  const all = ids.flatMap((id) => sensors[id]);
  let end = 0;
  return {
    sensorIds: ids,
    ends: Uint32Array.from(ids, (id) => (end += sensors[id].length)),
    times: Float64Array.from(all, ([t]) => T0 + t),
    values: Float64Array.from(all, ([, v]) => v),
  };
}
const pts = (...tv: [number, number][]): ValuePoint[] => tv.map(([t, value]) => ({ time: T0 + t, value }));

describe('series store: packed messages (appendPacked)', () => {
  test('a packed log row is byte for byte the row of the same points as objects', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const samples = [0, -0, 1, -1, 23.45, -0.5, 1e300, 2 ** 60, 0.1, 1234567.891, -17];
    for (let round = 0; round < 500; round++) {
      const sensors: Record<string, [number, number][]> = {};
      const n = 1 + Math.floor(rnd() * 5);
      for (let s = 0; s < n; s++) {
        let t = Math.floor(rnd() * 5000);
        sensors[`s${s}`] = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => {
          t += 1 + Math.floor(rnd() * 2000);
          // repeats (the repeat byte) and -0 after 0 (not a repeat) both come up
          return [t, samples[Math.floor(rnd() * samples.length)]];
        });
      }
      const p = pack(sensors);
      const ids = p.sensorIds.map((_, i) => 3 + i * 2);
      const sections = unpack(p).map((b, i) => ({ seriesId: ids[i], points: b.points }));
      const receivedAt = T0 + Math.floor(rnd() * 10_000);
      assert.deepEqual(
        encodePackedLogBody(ids, p, receivedAt),
        encodeLogBody(sections, receivedAt),
        `round ${round}`,
      );
    }
  });

  test('store, query, latest and reopen as the same points given as objects', async () => {
    const f = file();
    const store = open(f);
    const msg = pack({
      a: [
        [1, 1.5],
        [2, -0.25],
      ],
      b: [[1, 7]],
    });
    assert.deepEqual(unpack(msg), [
      { sensorId: 'a', points: pts([1, 1.5], [2, -0.25]) },
      { sensorId: 'b', points: pts([1, 7]) },
    ]);
    const out = await store.appendPacked('gw', msg, T0);
    // stored whole: the points are the message's own (no objects made for them)
    assert.deepEqual(out, { accepted: 3, duplicates: 0, outOfOrder: 0, stored: [], packed: msg });
    // the same store also takes objects, and a non-number value as the newest point
    await store.append('gw', [{ sensorId: 'c', points: [{ time: T0 + 5, value: 'on' }] }], T0);
    const more = await store.appendPacked('gw', pack({ b: [[3, 8]], c: [[6, 2]] }), T0);
    assert.equal(more.accepted, 2);
    const check = (s: typeof store, when: string) => {
      assert.deepEqual(s.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }), pts([1, 1.5], [2, -0.25]), when);
      assert.deepEqual(s.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }), pts([1, 7], [3, 8]), when);
      assert.deepEqual(
        s.query({ gatewayId: 'gw', sensorId: 'c', ...ALL }),
        [{ time: T0 + 5, value: 'on' }, ...pts([6, 2])],
        when,
      );
      assert.deepEqual(s.latest('gw', 'a'), { time: T0 + 2, value: -0.25 }, when);
      assert.deepEqual(s.latest('gw', 'c'), { time: T0 + 6, value: 2 }, when);
    };
    check(store, 'from the log');
    await store.close();
    const again = open(f);
    check(again, 'log reloaded');
    again.compact({ all: true });
    check(again, 'compacted');
    await again.append('gw', [{ sensorId: 'c', points: [{ time: T0 + 7, value: 'off' }] }], T0);
    assert.deepEqual(again.latest('gw', 'c'), { time: T0 + 7, value: 'off' });
    await again.close();
  });

  test('a message not all newer goes point by point: resends and old points are counted', async () => {
    const store = open(file());
    const msg = pack({
      a: [
        [1, 1],
        [2, 2],
      ],
      b: [[1, 3]],
    });
    // the same message twice before the first commit (a resend): the second finds the first queued
    const [first, resend] = await Promise.all([
      store.appendPacked('gw', msg, T0),
      store.appendPacked('gw', msg, T0),
    ]);
    assert.equal(first.accepted, 3);
    assert.deepEqual([resend.accepted, resend.duplicates, resend.outOfOrder], [0, 3, 0]);
    // after the commit: one new, one duplicate, one out of order (older, never stored)
    const mixed = await store.appendPacked(
      'gw',
      pack({
        a: [
          [3, 3],
          [1, 9],
        ],
        b: [[0, 4]],
      }),
      T0,
    );
    assert.deepEqual([mixed.accepted, mixed.duplicates, mixed.outOfOrder], [1, 1, 1]);
    assert.deepEqual(mixed.stored, [{ sensorId: 'a', points: pts([3, 3]) }]);
    assert.equal(mixed.packed, undefined);
    assert.deepEqual(store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }), pts([1, 1], [2, 2], [3, 3]));
    assert.deepEqual(store.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }), pts([1, 3]));
    await store.close();
  });

  test('a time out of the store range rejects the message, as append does', async () => {
    const store = open(file());
    await assert.rejects(
      store.appendPacked(
        'gw',
        {
          sensorIds: ['a'],
          ends: Uint32Array.of(1),
          times: Float64Array.of(2 ** 60),
          values: Float64Array.of(1),
        },
        T0,
      ),
      TypeError,
    );
    assert.deepEqual(store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }), []);
    assert.equal(store.stats().series, 0, 'no series registered');
    await store.close();
  });
});
