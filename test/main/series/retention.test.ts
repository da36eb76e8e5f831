import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Database from 'better-sqlite3';
import type { ValuePoint } from '../../../src/shared/model.js';
import { ALL, open, tempFiles } from './helpers.js';

const file = tempFiles('t');

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('stats', () => {
  test('day and month buckets of a known series (UTC and Asia/Seoul)', async () => {
    const store = open(file(), { chunkMaxPoints: 100 });
    // hourly value h = 0, 1, 2, … from 2024-01-01 00:00 UTC to 2024-02-29 23:00 UTC, plus one string
    const points: ValuePoint[] = Array.from({ length: 60 * 24 }, (_, h) => ({
      time: T0 + h * HOUR,
      value: h,
    }));
    points.splice(1, 0, { time: T0 + 30 * MIN, value: 'door open' });
    await store.append('gw', [{ sensorId: 's', points: points.slice(0, 1000) }], T0);
    store.compact({ all: true });
    // the rest stays in the log: stats merges rollups, chunks and the log tail
    await store.append('gw', [{ sensorId: 's', points: points.slice(1000) }], T0);
    const q = { gatewayId: 'gw', sensorId: 's', from: T0, to: Date.UTC(2024, 2, 1) };

    const months = store.seriesStats({ ...q, timeUnit: 'month' });
    assert.deepEqual(months, [
      {
        btime: T0,
        count: 745,
        min: 0,
        max: 743,
        sum: 276_396,
        avg: 371.5,
        range: 743,
        diff: 743,
        first: 0,
        last: 743,
      },
      {
        btime: Date.UTC(2024, 1, 1),
        count: 696,
        min: 744,
        max: 1439,
        sum: 759_684,
        avg: 1091.5,
        range: 695,
        diff: 695,
        first: 744,
        last: 1439,
      },
    ]);

    const days = store.seriesStats({ ...q, timeUnit: 'day' });
    assert.equal(days.length, 60);
    assert.deepEqual(days[0], {
      btime: T0,
      count: 25,
      min: 0,
      max: 23,
      sum: 276,
      avg: 11.5,
      range: 23,
      diff: 23,
      first: 0,
      last: 23,
    });
    assert.deepEqual(days[45], {
      btime: T0 + 45 * DAY,
      count: 24,
      min: 1080,
      max: 1103,
      sum: 24 * 1080 + 276,
      avg: 1091.5,
      range: 23,
      diff: 23,
      first: 1080,
      last: 1103,
    });

    // Seoul is UTC+9: its days start at 15:00 UTC; the first one began before `from`
    const seoul = store.seriesStats({ ...q, timeUnit: 'day', timeZone: 'Asia/Seoul' });
    assert.equal(seoul[0].btime, T0 - 9 * HOUR);
    assert.deepEqual([seoul[0].count, seoul[0].first, seoul[0].last], [16, 0, 14]);
    assert.deepEqual(
      [seoul[1].btime, seoul[1].count, seoul[1].first, seoul[1].last],
      [T0 + 15 * HOUR, 24, 15, 38],
    );

    const week = store.seriesStats({ ...q, timeUnit: 'week' });
    assert.equal(week[0].btime, T0, '2024-01-01 is a Monday');
    assert.equal(week[1].btime, T0 + 7 * DAY);
    assert.equal(week[0].count, 7 * 24 + 1);

    const year = store.seriesStats({ ...q, timeUnit: 'year' });
    assert.deepEqual([year.length, year[0].count, year[0].sum], [1, 1441, (1439 * 1440) / 2]);
    await store.close();
  });
});

describe('retention', () => {
  test('removes exactly the expired data, in small steps, while appends continue', async () => {
    const f = file();
    const clock = T0 + 40 * DAY;
    let db: Database.Database | undefined;
    const store = open(f, {
      chunkMaxPoints: 100,
      now: () => clock,
      retention: { rawDays: 30, minuteDays: 35, hourDays: 38 },
      hooks: { onOpen: (d) => (db = d) },
    });
    // two sensors, one point per minute for 40 days; the second keeps raw forever (per-series override)
    const series = (k: number) =>
      Array.from({ length: 40 * 1440 }, (_, i) => ({ time: T0 + i * MIN, value: (i + k) % 50 }));
    await store.append(
      'gw',
      [
        { sensorId: 'a', points: series(0) },
        { sensorId: 'b', points: series(1) },
      ],
      T0,
    );
    store.compact({ all: true });
    await store.close();
    const keep = open(f, {
      chunkMaxPoints: 100,
      now: () => clock,
      retention: {
        rawDays: 30,
        minuteDays: 35,
        hourDays: 38,
        bySeries: (_gw, s) => (s === 'b' ? { rawDays: null } : undefined),
      },
      hooks: { onOpen: (d) => (db = d) },
    });
    const count = (sql: string): number => db!.prepare(sql).pluck().get() as number;
    const chunksBefore = count('SELECT count(*) FROM chunks');

    let next = T0 + 40 * DAY;
    let batches = 0;
    for (;;) {
      const r = keep.maintain({ maxBatches: 1, batchRows: 40 });
      batches += r.batches;
      assert.ok(r.deletedChunks + r.deletedRollupRows <= 40, 'one batch deletes at most batchRows rows');
      // ingest goes on between batches
      await keep.append('gw', [{ sensorId: 'a', points: [{ time: next, value: 1 }] }], next);
      next += MIN;
      if (r.complete) break;
    }
    assert.ok(batches > 50, `ran in many small batches (${batches})`);
    const st = keep.stats();
    assert.ok(st.lastMaintenanceAt === clock);
    const rawCut = clock - 30 * DAY;
    // a: only chunks that end before the cutoff are gone; the one straddling it stays whole
    const a = keep.query({ gatewayId: 'gw', sensorId: 'a', ...ALL });
    const firstKept = a[0].time;
    assert.ok(firstKept <= rawCut && firstKept > rawCut - 100 * MIN, 'the chunk holding the cutoff is kept');
    assert.equal(a.filter((p) => p.time >= rawCut).length, 30 * 1440 + (next - (T0 + 40 * DAY)) / MIN);
    assert.equal(keep.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }).length, 40 * 1440, 'b keeps raw');
    assert.equal(st.retentionDeletedChunks, chunksBefore - count('SELECT count(*) FROM chunks'));
    // rollups: whole buckets older than their retention are gone, nothing younger
    for (const sid of [1, 2]) {
      assert.equal(count(`SELECT min(bucket) FROM rollup_1m WHERE series_id = ${sid}`), clock - 35 * DAY);
      assert.equal(count(`SELECT min(bucket) FROM rollup_1h WHERE series_id = ${sid}`), clock - 38 * DAY);
      assert.equal(
        count(`SELECT min(bucket) FROM rollup_1d WHERE series_id = ${sid}`),
        T0,
        'days kept forever',
      );
      // up to the minute of the newest chunk point, which is not closed yet
      assert.equal(count(`SELECT count(*) FROM rollup_1m WHERE series_id = ${sid}`), 35 * 1440 - 1);
    }
    // a year chart still works from the kept hour/day rollups
    const days = keep.aggregate({
      gatewayId: 'gw',
      sensorId: 'a',
      from: T0,
      to: T0 + 41 * DAY,
      intervalMs: DAY,
      func: 'count',
    });
    assert.deepEqual(
      days.slice(0, 3).map((p) => p.value),
      [1440, 1440, 1440],
    );
    // a second pass finds nothing more
    const again = keep.maintain();
    assert.deepEqual([again.deletedChunks, again.deletedRollupRows, again.complete], [0, 0, true]);
    await keep.close();
  });

  test('the file stops growing under steady ingest with retention', async () => {
    const f = file();
    let clock = T0;
    let db: Database.Database | undefined;
    const store = open(f, {
      chunkMaxPoints: 200,
      now: () => clock,
      retention: { rawDays: 2, minuteDays: 2, hourDays: 2, dayDays: 2 },
      vacuumPages: 100_000,
      hooks: { onOpen: (d) => (db = d) },
    });
    const pages: number[] = [];
    for (let day = 0; day < 10; day++) {
      // 10 sensors, one point per 20 s
      const batches = Array.from({ length: 10 }, (_, s) => ({
        sensorId: `s${s}`,
        points: Array.from({ length: 4320 }, (_, i) => ({
          time: clock + i * 20_000,
          value: ((i * 7 + s) % 300) / 10,
        })),
      }));
      await store.append('gw', batches, clock);
      clock += DAY;
      store.compact({ all: true });
      store.maintain();
      db!.pragma('wal_checkpoint(TRUNCATE)');
      pages.push(db!.pragma('page_count', { simple: true }) as number);
    }
    const steady = pages[4];
    assert.ok(Math.max(...pages.slice(5)) <= steady * 1.1, `page counts ${pages.join(', ')}`);
    assert.ok(store.stats().vacuumedPages > 0, 'pages were returned to the OS');
    assert.equal(db!.pragma('auto_vacuum', { simple: true }), 2);
    await store.close();
  });

  test('one transaction checks many series: a pass over 1 200 sensors is a handful of batches', async () => {
    const clock = T0 + 40 * DAY;
    const store = open(file(), { chunkMaxPoints: 1, now: () => clock, retention: { rawDays: 30 } });
    const sensors = 1200;
    // each sensor: an expired chunk (day 0) and a current one (day 40)
    await store.append(
      'gw',
      Array.from({ length: sensors }, (_, s) => ({
        sensorId: `s${s}`,
        points: [
          { time: T0, value: s },
          { time: clock - MIN, value: s + 1 },
        ],
      })),
      clock,
    );
    store.compact({ all: true });
    const first = store.maintain();
    assert.equal(first.complete, true);
    assert.equal(first.deletedChunks, sensors, 'every expired chunk, nothing else');
    // 4 resolutions × 1 200 sensors, 400 (series, resolution) checks or 500 deleted rows a transaction
    assert.ok(first.batches <= 16, `${first.batches} transactions`);
    for (const s of [0, 599, 1199]) {
      assert.deepEqual(
        store.query({ gatewayId: 'gw', sensorId: `s${s}`, ...ALL }).map((p) => p.value),
        [s + 1],
      );
    }
    const again = store.maintain();
    assert.deepEqual([again.deletedChunks, again.complete], [0, true]);
    assert.ok(again.batches <= 13, `${again.batches} transactions when nothing expired`);
    await store.close();
  });
});

describe('disk budget thinning', () => {
  test('drops the oldest day of raw data across series, keeps rollups and each series tail', async () => {
    const f = file();
    let db: Database.Database | undefined;
    const store = open(f, { chunkMaxPoints: 100, vacuumPages: 100_000, hooks: { onOpen: (d) => (db = d) } });
    // three days of a point per minute for two sensors; the second starts a day later
    const day = (d: number, offset: number): ValuePoint[] =>
      Array.from({ length: 1440 }, (_, i) => ({ time: T0 + d * DAY + i * MIN, value: i + offset }));
    await store.append('gw', [{ sensorId: 'a', points: [...day(0, 0), ...day(1, 0), ...day(2, 0)] }], T0);
    await store.append('gw', [{ sensorId: 'b', points: [...day(1, 5), ...day(2, 5)] }], T0);
    store.compact({ all: true });
    const hourly = { gatewayId: 'gw', sensorId: 'a', from: T0, to: T0 + 3 * DAY, intervalMs: HOUR };
    const hoursBefore = store.aggregate({ ...hourly, func: 'average' });
    assert.equal(hoursBefore.length, 72);

    const first = store.thinRaw();
    assert.equal(first.thinnedBefore, T0 + DAY, 'only the oldest day goes');
    assert.ok(first.deletedChunks >= 14, `deleted ${first.deletedChunks}`);
    // whole chunks go: only the one straddling midnight keeps some of day 0
    const dayZeroLeft = store.query({ gatewayId: 'gw', sensorId: 'a', from: T0, to: T0 + DAY }).length;
    assert.ok(dayZeroLeft < 100, `${dayZeroLeft} points of day 0 left`);
    assert.ok(
      store.query({ gatewayId: 'gw', sensorId: 'a', from: T0 + DAY, to: T0 + 2 * DAY }).length >= 1400,
    );
    assert.equal(
      store.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }).length,
      2880,
      'b had nothing that old',
    );
    assert.deepEqual(store.aggregate({ ...hourly, func: 'average' }), hoursBefore, 'rollups stay');
    assert.equal(store.stats().thinnedChunks, first.deletedChunks);

    const second = store.thinRaw();
    assert.equal(second.thinnedBefore, T0 + 2 * DAY);
    assert.ok(store.query({ gatewayId: 'gw', sensorId: 'b', ...ALL }).length < 1500);
    // each series keeps its newest minute of chunks, so thinning ends instead of emptying the store
    let rounds = 0;
    while (store.thinRaw().thinnedBefore !== null) assert.ok(++rounds < 5, 'thinning ends');
    assert.ok(store.latest('gw', 'a'));
    assert.ok(store.query({ gatewayId: 'gw', sensorId: 'a', ...ALL }).length > 0);
    assert.equal(db!.pragma('integrity_check', { simple: true }), 'ok');
    await store.close();
  });
});
