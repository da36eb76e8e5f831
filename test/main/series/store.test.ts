import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Database from 'better-sqlite3';
import type { SensorValue, ValuePoint } from '../../../src/shared/model.js';
import { SeriesStoreError } from '../../../src/main/series/index.js';
import { ALL, open, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let n = 0;
const file = () => path.join(tmp.dir, `s${n++}.db`);
before(() => (tmp = tempDir()));
after(() => tmp.remove());

const T0 = 1_700_000_000_000;
const values: SensorValue[] = [
  0,
  -0,
  1,
  -1,
  23.5,
  -17.25,
  0.1,
  3.141592653589793,
  1e300,
  -1e-300,
  Number.MAX_SAFE_INTEGER,
  2 ** 60,
  -(2 ** 70),
  Infinity,
  '',
  'hello',
  '30',
  '-0',
  '1e3',
  'ünïcødé ✓',
  true,
  false,
  { lat: 37.1, lng: 127.2 },
  { nested: { a: [1, 'two', false] } },
  [1, 2, 3],
  7,
  7,
  7,
  'same',
  'same',
];

describe('series store', () => {
  test('append → query round-trips every value type, before and after compaction and reopen', async () => {
    const f = file();
    const store = open(f);
    const points: ValuePoint[] = values.map((value, i) => ({ time: T0 + i * 1000, value }));
    const out = await store.append('gw', [{ sensorId: 's', points }], T0);
    assert.equal(out.accepted, values.length);
    assert.deepEqual(out.stored, [{ sensorId: 's', points }]);
    const q = () => store.query({ gatewayId: 'gw', sensorId: 's', ...ALL });
    const check = (got: ValuePoint[]) => {
      assert.deepEqual(got, points);
      assert.ok(Object.is(got[1].value, -0), '-0 is kept');
      assert.equal(typeof got[16].value, 'string', 'numeric-looking strings stay strings');
    };
    check(q());
    assert.equal(store.compact({ all: true }), values.length);
    assert.equal(store.stats().logRows, 0);
    check(q());
    assert.deepEqual(store.latest('gw', 's'), points[points.length - 1]);
    await store.close();
    const again = open(f);
    check(again.query({ gatewayId: 'gw', sensorId: 's', ...ALL }));
    assert.deepEqual(again.latest('gw', 's'), points[points.length - 1]);
    assert.equal(again.latest('gw', 'nope'), null);
    await again.close();
  });

  test('group commit: concurrent appends share a commit and resolve only once it is durable', async () => {
    const f = file();
    const store = open(f);
    const pending = Array.from({ length: 200 }, (_, i) =>
      store.append('gw', [{ sensorId: `s${i % 10}`, points: [{ time: T0 + i, value: i }] }], T0),
    );
    assert.equal(store.stats().pendingValues, 200);
    assert.equal(store.stats().commits, 0, 'nothing commits synchronously below commitMaxValues');
    let seenByOtherConnection = -1;
    void pending[0].then(() => {
      // first resolution: another connection must already see the whole batch
      const other = open(f);
      seenByOtherConnection = 0;
      for (let s = 0; s < 10; s++) {
        seenByOtherConnection += other.query({ gatewayId: 'gw', sensorId: `s${s}`, ...ALL }).length;
      }
      void other.close();
    });
    await Promise.all(pending);
    assert.equal(seenByOtherConnection, 200);
    const st = store.stats();
    assert.equal(st.commits, 1);
    assert.equal(st.committedMessages, 200);
    assert.equal(st.pendingValues, 0);
    await store.close();
  });

  test('group commit: commitMaxValues commits at once (inline: bounds the queue)', async () => {
    const store = open(file(), { commitMaxValues: 50, commitIntervalMs: 60_000, commitThread: false });
    const pending = Array.from({ length: 22 }, (_, i) =>
      store.append(
        'gw',
        [{ sensorId: 's', points: [0, 1, 2, 3, 4].map((k) => ({ time: T0 + i * 10 + k, value: k })) }],
        T0,
      ),
    );
    assert.equal(store.stats().commits, 2);
    assert.ok(store.stats().pendingValues < 50);
    await store.flush();
    await Promise.all(pending);
    assert.equal(store.stats().commits, 3);
    await store.close();
  });

  test('commit thread: one commit in flight, what arrives meanwhile goes in the next; no timer wait', async () => {
    const store = open(file(), { commitMaxValues: 50, commitIntervalMs: 60_000 });
    assert.equal(store.stats().commitMode, 'thread');
    const msg = (i: number) =>
      store.append(
        'gw',
        [{ sensorId: 's', points: [0, 1, 2, 3, 4].map((k) => ({ time: T0 + i * 10 + k, value: k })) }],
        T0,
      );
    const first = Array.from({ length: 10 }, (_, i) => msg(i));
    assert.equal(store.stats().pendingValues, 0, '50 values: sent to the thread at once');
    assert.equal(store.stats().commits, 0, 'not committed yet: the thread owns the transaction');
    const second = Array.from({ length: 12 }, (_, i) => msg(10 + i));
    assert.equal(store.stats().pendingValues, 60, 'queued behind the commit in flight');
    // the 60 s timer never fires: the second commit is sent when the first ends
    await Promise.all([...first, ...second]);
    assert.equal(store.stats().commits, 2);
    assert.equal(store.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).length, 110);
    await store.close();
  });

  test('duplicates and out-of-order points are counted, within a message, across messages and restart', async () => {
    const f = file();
    const store = open(f);
    const p = (t: number, v: SensorValue = t) => ({ time: T0 + t, value: v });
    const a = await store.append('gw', [{ sensorId: 's', points: [p(1), p(1), p(3), p(2), p(5), p(3)] }], T0);
    assert.deepEqual(
      { accepted: a.accepted, duplicates: a.duplicates, outOfOrder: a.outOfOrder },
      { accepted: 3, duplicates: 2, outOfOrder: 1 },
    );
    assert.deepEqual(a.stored[0].points, [p(1), p(3), p(5)]);
    // same message in flight twice (a resend before the first was acknowledged)
    const [b, c] = await Promise.all([
      store.append('gw', [{ sensorId: 's', points: [p(6), p(7)] }], T0),
      store.append('gw', [{ sensorId: 's', points: [p(6), p(7)] }], T0),
    ]);
    assert.equal(b.accepted, 2);
    assert.deepEqual([c.accepted, c.duplicates, c.outOfOrder], [0, 2, 0]);
    await store.close();

    const again = open(f);
    const d = await again.append('gw', [{ sensorId: 's', points: [p(7), p(3), p(4), p(8)] }], T0);
    assert.deepEqual([d.accepted, d.duplicates, d.outOfOrder], [1, 2, 1]);
    again.compact({ all: true });
    const e = await again.append('gw', [{ sensorId: 's', points: [p(1), p(8), p(0)] }], T0);
    assert.deepEqual([e.accepted, e.duplicates, e.outOfOrder], [0, 2, 1], 'also against chunks');
    assert.deepEqual(
      again.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).map((x) => x.time - T0),
      [1, 3, 5, 6, 7, 8],
    );
    const st = again.stats();
    assert.equal(st.duplicates, 4);
    assert.equal(st.outOfOrder, 2);
    await again.close();
  });

  test('queries across the chunk/log boundary match before and after compaction, with from/to/limit', async () => {
    const f = file();
    let clock = 0;
    const store = open(f, { chunkMaxPoints: 7, compactAfterMs: 100, now: () => clock });
    for (let m = 0; m < 30; m++) {
      const batches = ['a', 'b', 'c'].map((sensorId, s) => ({
        sensorId,
        points: [0, 1, 2].map((k) => ({ time: T0 + m * 10 + k, value: s === 1 ? `v${m}` : m + k / 10 })),
      }));
      await store.append('gw', batches, m * 10);
    }
    const ranges = [
      ALL,
      { from: T0 + 55, to: T0 + 171 },
      { from: T0, to: T0 + 1 },
      { from: T0 + 291, to: T0 + 300 },
    ];
    const snapshot = () =>
      ['a', 'b', 'c'].flatMap((sensorId) =>
        ranges.flatMap((r) => [
          store.query({ gatewayId: 'gw', sensorId, ...r }),
          store.query({ gatewayId: 'gw', sensorId, ...r, limit: 5 }),
        ]),
      );
    const before = snapshot();
    assert.equal(before[0].length, 90);
    assert.deepEqual(
      before[1].map((p) => p.time - T0),
      [0, 1, 2, 10, 11],
    );
    assert.deepEqual(before[2].map((p) => p.time - T0)[0], 60);
    clock = 150; // rows received at 0..50 are older than the window: half the data moves
    const moved = store.compact();
    assert.equal(moved, 6 * 3 * 3);
    assert.ok(store.stats().logRows > 0 && store.stats().chunks > 0, 'data now spans chunks and log');
    assert.deepEqual(snapshot(), before);
    clock = 10_000;
    store.compact();
    assert.equal(store.stats().logRows, 0);
    assert.deepEqual(snapshot(), before);
    await store.close();
    const again = open(f, { chunkMaxPoints: 7 });
    const chunkRows = again.stats().chunks;
    assert.equal(chunkRows, 3 * Math.ceil(90 / 7), 'open chunks were filled up, not left small');
    await again.close();
  });

  test('chunks never overlap and continue the open chunk after a restart', async () => {
    const f = file();
    let t = 0;
    for (let round = 0; round < 4; round++) {
      const store = open(f, { chunkMaxPoints: 10 });
      for (let m = 0; m < 3; m++) {
        await store.append(
          'gw',
          [
            {
              sensorId: 's',
              points: [
                { time: T0 + t, value: t++ },
                { time: T0 + t, value: t++ },
              ],
            },
          ],
          0,
        );
      }
      store.compact({ all: true });
      await store.close();
    }
    let db: Database.Database | undefined;
    const store = open(f, { hooks: { onOpen: (d) => (db = d) } });
    const rows = db!
      .prepare('SELECT start_time, end_time, count FROM chunks ORDER BY start_time')
      .all() as Array<{
      start_time: number;
      end_time: number;
      count: number;
    }>;
    assert.deepEqual(
      rows.map((r) => r.count),
      [10, 10, 4],
    );
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i].start_time > rows[i - 1].end_time);
    assert.deepEqual(
      store.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).map((p) => p.value),
      [...Array(24).keys()],
    );
    await store.close();
  });

  test("a sensor missing from some of its gateway's messages reads only its own points from the log", async () => {
    const store = open(file());
    // the tail indexes rows by their span of sensors (a..c), so b's query also visits rows without b
    for (let m = 0; m < 6; m++) {
      const sensors = m % 2 === 0 ? ['a', 'b', 'c'] : ['a', 'c'];
      await store.append(
        'gw',
        sensors.map((sensorId) => ({
          sensorId,
          points: [{ time: T0 + m * 1000, value: `${sensorId}${m}` }],
        })),
        0,
      );
    }
    const values = (sensorId: string, from = ALL.from, to = ALL.to) =>
      store.query({ gatewayId: 'gw', sensorId, from, to }).map((p) => p.value);
    assert.deepEqual(values('b'), ['b0', 'b2', 'b4']);
    assert.deepEqual(values('a', T0 + 1000, T0 + 4000), ['a1', 'a2', 'a3']);
    assert.deepEqual(values('c', T0 + 4500, ALL.to), ['c5']);
    store.compact({ all: true });
    assert.deepEqual(values('b'), ['b0', 'b2', 'b4']);
    assert.deepEqual(values('c').length, 6);
    await store.close();
  });

  test('deleteSensor removes chunks and log points of one sensor only, including pending ones', async () => {
    const f = file();
    const store = open(f);
    const msg = (m: number) =>
      store.append(
        'gw',
        ['a', 'b'].map((sensorId) => ({ sensorId, points: [{ time: T0 + m, value: m }] })),
        0,
      );
    for (let m = 0; m < 5; m++) await msg(m);
    store.compact({ all: true });
    for (let m = 5; m < 8; m++) await msg(m);
    const last = msg(8);
    await store.deleteSensor('gw', 'a');
    await last;
    assert.deepEqual(store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }), []);
    assert.equal(store.latest('gw', 'a'), null);
    assert.equal(store.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }).length, 9);
    // the sensor can come back, starting empty (old times are accepted again)
    assert.equal(
      (await store.append('gw', [{ sensorId: 'a', points: [{ time: T0, value: 'new' }] }], 0)).accepted,
      1,
    );
    store.compact({ all: true });
    await store.close();
    const again = open(f);
    assert.deepEqual(again.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }), [{ time: T0, value: 'new' }]);
    assert.equal(again.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }).length, 9);
    await again.close();
  });

  test('a full disk rejects the batch clearly, is reported, and the store recovers when space returns', async () => {
    const f = file();
    let db: Database.Database | undefined;
    // max_page_count is per connection: commit on the one the test limits
    const store = open(f, { hooks: { onOpen: (d) => (db = d) }, commitThread: false });
    await store.append('gw', [{ sensorId: 's', points: [{ time: T0, value: 'ok' }] }], 0);
    const pages = db!.pragma('page_count', { simple: true }) as number;
    db!.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(20_000);
    const failed = await Promise.allSettled([
      store.append('gw', [{ sensorId: 's', points: [{ time: T0 + 1, value: big }] }], 0),
      store.append('gw', [{ sensorId: 's', points: [{ time: T0 + 2, value: 'small' }] }], 0),
    ]);
    for (const r of failed) {
      assert.equal(r.status, 'rejected');
      const err = (r as PromiseRejectedResult).reason as SeriesStoreError;
      assert.ok(err instanceof SeriesStoreError);
      assert.equal(err.code, 'SQLITE_FULL');
      assert.match(err.message, /full/);
    }
    assert.match(store.stats().lastError ?? '', /SQLITE_FULL/);
    assert.deepEqual(store.latest('gw', 's'), { time: T0, value: 'ok' });
    db!.pragma('max_page_count = 1000000');
    // the rejected times were never stored, so the gateway's resend is accepted, not a duplicate
    const ok = await store.append('gw', [{ sensorId: 's', points: [{ time: T0 + 1, value: big }] }], 0);
    assert.equal(ok.accepted, 1);
    assert.deepEqual(
      store.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).map((p) => p.time - T0),
      [0, 1],
    );
    await store.close();
  });

  test('a crashed commit thread fails only the commit in flight; the next commit starts a new one', async () => {
    const f = file();
    const store = open(f, {
      hooks: { commitThreadUrl: new URL('./flaky-commit-thread.ts', import.meta.url) },
    });
    const point = { time: T0, value: 1 };
    await assert.rejects(
      store.append('gw', [{ sensorId: 's', points: [point] }], T0),
      (err: unknown) => err instanceof SeriesStoreError && /commit thread stopped/.test(err.message),
    );
    assert.equal(store.latest('gw', 's'), null);
    // nothing of the failed commit was stored, so the gateway's resend is a new value, not a duplicate
    assert.equal((await store.append('gw', [{ sensorId: 's', points: [point] }], T0)).accepted, 1);
    assert.equal(store.stats().commitThreadRestarts, 1);
    assert.match(store.stats().lastError ?? '', /commit thread/);
    await store.close();
    const again = open(f);
    assert.deepEqual(again.query({ gatewayId: 'gw', sensorId: 's', ...ALL }), [point]);
    await again.close();
  });

  test('invalid input and a closed store reject', async () => {
    const store = open(file());
    await assert.rejects(
      store.append('gw', [{ sensorId: 's', points: [{ time: 1.5, value: 1 }] }], 0),
      TypeError,
    );
    await assert.rejects(
      store.append('gw', [{ sensorId: 's', points: [{ time: NaN, value: 1 }] }], 0),
      TypeError,
    );
    await store.close();
    await assert.rejects(store.append('gw', [], 0), SeriesStoreError);
  });
});

describe('hurry: commit without the coalescing delay', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.remove());

  /** fails instead of waiting out an hour-long interval */
  const within = <T>(p: Promise<T>, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_r, reject) =>
        setTimeout(() => reject(new Error(`${what}: still waiting`)), 10_000),
      ),
    ]);

  test('queued values commit at once, and a hurry during a commit sends the next one when it ends', async () => {
    const store = open(path.join(tmp.dir, 'hurry.db'), { commitIntervalMs: 3_600_000 });
    try {
      const first = store.append('gw', [{ sensorId: 's', points: [{ time: 1000, value: 1 }] }], 1000);
      store.hurry();
      // queued while the first commit is in flight, hurried then: must not wait for the interval
      const second = store.append('gw', [{ sensorId: 's', points: [{ time: 2000, value: 2 }] }], 2000);
      store.hurry();
      await within(first, 'first commit');
      await within(second, 'second commit');
      assert.deepEqual(
        store.query({ gatewayId: 'gw', sensorId: 's', ...ALL }).map((p) => p.value),
        [1, 2],
      );
      assert.equal(store.stats().commits, 2);
    } finally {
      await store.close();
    }
  });

  test('hurried commits are hurrySpacingMs apart (a bound on commits per second)', async () => {
    const store = open(path.join(tmp.dir, 'spacing.db'), {
      commitIntervalMs: 3_600_000,
      hurrySpacingMs: 300,
      // commits in a few ms (no thread to start): the second waits for the spacing, not for a commit
      commitThread: false,
    });
    try {
      const first = store.append('gw', [{ sensorId: 's', points: [{ time: 1000, value: 1 }] }], 1000);
      store.hurry();
      await within(first, 'first commit');
      const sent = performance.now();
      const second = store.append('gw', [{ sensorId: 's', points: [{ time: 2000, value: 2 }] }], 2000);
      store.hurry();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(store.stats().commits, 1, 'not yet: the first commit started less than 300 ms ago');
      await within(second, 'second commit');
      assert.ok(performance.now() - sent >= 150, 'waited for the spacing, not for the interval');
      assert.equal(store.stats().commits, 2);
    } finally {
      await store.close();
    }
  });
});
