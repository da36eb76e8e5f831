import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { SensorValue } from '../../../src/shared/model.js';
import type { DurableSeriesStore, SensorBatch } from '../../../src/main/series/index.js';
import { ALL, checkRollups, open, tempDir } from './helpers.js';
import { ChunkStore } from '../../../src/main/series/chunks.js';
import { indexPass, planPassStep } from '../../../src/main/series/compact-plan.js';
import { applyPlan } from '../../../src/main/series/compactor.js';
import { IngestLog, type LogReader } from '../../../src/main/series/ingest-log.js';
import { RollupStore } from '../../../src/main/series/rollup.js';
import { silentLogger } from '../../../src/main/logger/logger.js';

let tmp: ReturnType<typeof tempDir>;
let n = 0;
const file = () => path.join(tmp.dir, `w${n++}.db`);
before(() => (tmp = tempDir()));
after(() => tmp.remove());

const T0 = 1_700_000_000_000;
const SENSORS = Array.from({ length: 12 }, (_, i) => `s${i}`);

function valueFor(s: number, m: number): SensorValue {
  if (s % 4 === 0) return `v${m % 7}`;
  if (s % 4 === 1) return m % 3 === 0 ? Infinity : (m * 37) % 101;
  if (s % 4 === 2) return ((m * 13) % 50) / 4;
  return m % 5 === 0 ? { m } : m % 2 === 0;
}

/** message m: 1–3 points per sensor, 7 s apart, so minutes, hours and a day boundary close */
function message(m: number): SensorBatch[] {
  return SENSORS.map((sensorId, s) => ({
    sensorId,
    points: Array.from({ length: 1 + ((m + s) % 3) }, (_, k) => ({
      time: T0 + (m * 3 + k) * 7_000,
      value: valueFor(s, m * 3 + k),
    })),
  }));
}

const MESSAGES = 500;
/** after these messages: an in-thread compact() (makes worker plans stale) and a sensor deletion */
const COMPACT_AT = new Set([100, 300]);
const DELETE_AT = 200;

async function feed(store: DurableSeriesStore, pace: boolean): Promise<void> {
  for (let m = 0; m < MESSAGES; m++) {
    await store.append('gw', message(m), Date.now());
    if (COMPACT_AT.has(m)) store.compact({ all: true });
    if (m === DELETE_AT) await store.deleteSensor('gw', 's5');
    // lets worker replies in between appends
    if (pace && m % 10 === 0) await new Promise((r) => setTimeout(r, 2));
  }
}

async function drained(store: DurableSeriesStore): Promise<void> {
  const until = Date.now() + 20_000;
  while (store.stats().logRows > 0) {
    if (Date.now() > until) throw new Error(`log not drained: ${JSON.stringify(store.stats())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function dump(f: string): unknown {
  const db = new Database(f, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).raw().all();
    return {
      series: q('SELECT id, gateway_id, sensor_id FROM series ORDER BY id'),
      chunks: q('SELECT series_id, start_time, end_time, count, codec, hex(body) FROM chunks ORDER BY 1, 2'),
      r1m: q('SELECT * FROM rollup_1m ORDER BY series_id, bucket'),
      r1h: q('SELECT * FROM rollup_1h ORDER BY series_id, bucket'),
      r1d: q('SELECT * FROM rollup_1d ORDER BY series_id, bucket'),
      log: q('SELECT count(*) FROM ingest_log'),
    };
  } finally {
    db.close();
  }
}

describe('compaction worker', () => {
  test('worker-planned compaction writes exactly what in-thread compaction writes', async () => {
    const common = { compactAfterMs: 0, compactWindowMs: 0, chunkMaxPoints: 50 };
    const fa = file();
    // steps of ~300 values applied in slices of ~40: many slices, stale ones resumed mid-step
    const a = open(fa, {
      ...common,
      compactEveryMs: 5,
      compactWorkerStepValues: 300,
      compactApplySliceValues: 40,
    });
    await feed(a, true);
    await drained(a);
    const st = a.stats();
    assert.equal(st.compactionMode, 'worker');
    assert.equal(st.lastError, null);
    assert.ok(st.compactionSteps > 10, `worker steps: ${st.compactionSteps}`);
    const queried = SENSORS.map((sensorId) => a.query({ gatewayId: 'gw', sensorId, ...ALL }));
    await a.close();

    const fb = file();
    const b = open(fb, common);
    await feed(b, false);
    b.compact({ all: true });
    const expected = SENSORS.map((sensorId) => b.query({ gatewayId: 'gw', sensorId, ...ALL }));
    await b.close();

    assert.deepEqual(dump(fa), dump(fb));
    assert.deepEqual(queried, expected);
    checkRollups(fa);
    // and the values are the ones sent
    SENSORS.forEach((sensorId, s) => {
      const sent =
        sensorId === 's5' ? [] : Array.from({ length: MESSAGES }, (_, m) => message(m)[s].points).flat();
      if (sensorId === 's5') {
        // deleted after message DELETE_AT: only what came later
        assert.deepEqual(
          queried[s],
          Array.from(
            { length: MESSAGES - DELETE_AT - 1 },
            (_, i) => message(DELETE_AT + 1 + i)[s].points,
          ).flat(),
        );
      } else assert.deepEqual(queried[s], sent);
    });
  });

  test('compaction waits for the window, then moves everything older than compactAfterMs', async () => {
    let clock = T0;
    const store = open(file(), {
      compactEveryMs: 5,
      compactAfterMs: 10_000,
      compactWindowMs: 60_000,
      now: () => clock,
    });
    for (let i = 0; i < 100; i++) await store.append('gw', message(i), T0 + i * 1000);
    clock = T0 + 69_000; // oldest row is 69 s old: not yet past 10 s + 60 s
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(store.stats().compactedValues, 0);
    clock = T0 + 71_000; // now it is: move every row received at or before T0 + 61 s, in one pass
    const until = Date.now() + 10_000;
    while (store.stats().logRows > 38 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    const st = store.stats();
    assert.equal(st.logRows, 38);
    assert.equal(st.compactionPasses, 1);
    assert.equal(st.compactionMode, 'worker');
    const expectedValues = Array.from({ length: 62 }, (_, m) => message(m))
      .flat()
      .reduce((k, b) => k + b.points.length, 0);
    assert.equal(st.compactedValues, expectedValues);
    await store.close();
  });

  test('a crashed worker is logged, reported in lastError and restarted; compaction goes on', async () => {
    const f = file();
    const store = open(f, {
      compactEveryMs: 5,
      compactAfterMs: 0,
      compactWindowMs: 0,
      hooks: { compactWorkerUrl: new URL('./flaky-worker.ts', import.meta.url) },
    });
    for (let m = 0; m < 50; m++) await store.append('gw', message(m), Date.now());
    await drained(store);
    const st = store.stats();
    assert.equal(st.compactionWorkerRestarts, 1);
    assert.match(st.lastError ?? '', /compaction worker crashed.*crash on purpose/);
    assert.equal(st.compactionMode, 'worker');
    assert.equal(st.compactedValues, st.committedValues);
    await store.close();
    checkRollups(f);
  });

  test('mid-pass (some series ranges in chunks, all rows still in the log): every point read once, then completed after a restart', async () => {
    const f = file();
    const a = open(f, { commitThread: false });
    for (let m = 0; m < 120; m++) await a.append('gw', message(m), T0);
    const sent = SENSORS.map((_, s) => Array.from({ length: 120 }, (_, m) => message(m)[s].points).flat());
    await a.close();

    // one pass step applied, as if the site died right after it: ranges done, log rows not deleted
    const db = new Database(f);
    const log = new IngestLog(db);
    const chunks = new ChunkStore(db);
    const rollups = new RollupStore(db);
    const src = { log, chunks, rollups };
    const opts = { chunkMaxPoints: 50, stepValues: 500, stepRows: 1_000_000 };
    const maxLogId = db.prepare('SELECT max(id) FROM ingest_log').pluck().get() as number;
    const plan = planPassStep(src, () => true, { maxLogId, seriesFrom: 0 }, opts)!;
    assert.ok(
      plan.seriesTo !== null && plan.series.length < SENSORS.length,
      'the step covers some series only',
    );
    const ctx = { db, log, chunks, rollups, isLive: () => true, logger: silentLogger() };
    const step = applyPlan(ctx, plan)!;
    assert.ok(step.chunksInserted > 0);
    assert.equal(log.countThrough(maxLogId), 120, 'a pass step leaves the log rows in place');
    db.close();

    const b = open(f, { commitThread: false });
    const read = () => SENSORS.map((sensorId) => b.query({ gatewayId: 'gw', sensorId, ...ALL }));
    assert.deepEqual(read(), sent, 'points both in a chunk and in the log are read once');
    const hour = {
      gatewayId: 'gw',
      from: T0,
      to: T0 + 3_600_000,
      intervalMs: 60_000,
      func: 'count' as const,
    };
    for (const sensorId of SENSORS) {
      const counts = b.aggregate({ ...hour, sensorId }).reduce((k, p) => k + (p.value as number), 0);
      assert.equal(counts, sent[SENSORS.indexOf(sensorId)].length, `count of ${sensorId}`);
    }
    // and in-thread compaction finishes the job without storing anything twice
    b.compact({ all: true });
    assert.equal(b.stats().logRows, 0);
    assert.deepEqual(read(), sent);
    await b.close();
    checkRollups(f);
  });

  test("a pass's index (one scan) serves all its steps: the same plans as rescanning, each step reading only its gateways' rows", async () => {
    const f = file();
    const a = open(f, { commitThread: false });
    // two gateways, one message each per round: gw-a's sensors get the low series ids, gw-b's the high
    for (let m = 0; m < 60; m++) {
      for (const gw of ['gw-a', 'gw-b']) {
        const batches = SENSORS.slice(0, 5).map((sensorId, s) => ({
          sensorId,
          points: [{ time: T0 + m * 1000, value: s * 100 + m }],
        }));
        await a.append(gw, batches, T0);
      }
    }
    await a.close();
    const db = new Database(f, { readonly: true });
    const log = new IngestLog(db);
    let reads = 0;
    const counted: LogReader = {
      get: (id) => (reads++, log.get(id)),
      oldestRows: (limit) => log.oldestRows(limit),
      rowsThrough: (maxId) => log.rowsThrough(maxId),
    };
    const base = { chunks: new ChunkStore(db), rollups: new RollupStore(db) };
    const maxLogId = db.prepare('SELECT max(id) FROM ingest_log').pluck().get() as number;
    const opts = { chunkMaxPoints: 50, stepValues: 300, stepRows: 1_000_000 };
    const index = indexPass({ ...base, log }, maxLogId);
    assert.equal(index.rowIds.length, 120);
    let cursor = { maxLogId, seriesFrom: 0 };
    const stepReads: number[] = [];
    for (;;) {
      reads = 0;
      const withIndex = planPassStep({ ...base, log: counted }, () => true, cursor, opts, index);
      stepReads.push(reads);
      const rescanned = planPassStep({ ...base, log }, () => true, cursor, opts);
      assert.deepEqual(withIndex, rescanned);
      if (!withIndex) break;
      cursor = { maxLogId, seriesFrom: withIndex.seriesTo! };
    }
    assert.deepEqual(stepReads, [60, 60, 0], 'one gateway per step: its 60 rows, not all 120');
    db.close();
  });
});
