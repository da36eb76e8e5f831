// Log ids are never handed out twice while the store is open (ingest-log.ts groupCommit). The tail
// index, the compaction marks and a pass under way name rows by id; SQLite's rowid is the largest + 1,
// so once the newest rows were deleted (here: a deleted sensor's) their ids came back, and a pass
// bounded at such an id deleted rows committed during it without having moved their values. In the
// browser tests a rule test found 12 acknowledged values gone, 5 s after they were read back whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { planPassStep, type PassCursor } from '../../../src/main/series/compact-plan.js';
import type { CompactWorker } from '../../../src/main/series/compact-client.js';
import { CompactionScheduler } from '../../../src/main/series/compaction-scheduler.js';
import type { StoreCore } from '../../../src/main/series/store-core.js';
import type { ValuePoint } from '../../../src/shared/model.js';
import { ALL, open, tempFiles } from './helpers.js';

const file = tempFiles('log-ids');
const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 11, 4);

const points = (from: number, n: number): ValuePoint[] =>
  Array.from({ length: n }, (_, i) => ({ time: from + i * 1000, value: i }));
const logIds = (path: string): number[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT id FROM ingest_log ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

test('rows committed after the newest rows were deleted get new ids, not theirs again', async () => {
  const path = file();
  const store = open(path);
  try {
    for (let i = 0; i < 3; i++)
      await store.append('gw-a', [{ sensorId: 'a', points: points(t0 + i, 1) }], Date.now());
    for (let i = 0; i < 3; i++)
      await store.append('gw-b', [{ sensorId: 'b', points: points(t0 + i, 1) }], Date.now());
    const before = logIds(path);
    assert.equal(before.length, 6);
    await store.deleteSensor('gw-b', 'b');
    assert.deepEqual(logIds(path), before.slice(0, 3), "b's rows, the newest, are gone");
    await store.append('gw-c', [{ sensorId: 'c', points: points(t0, 1) }], Date.now());
    const after = logIds(path);
    assert.equal(after.length, 4);
    assert.ok(after[3]! > before[5]!, `the new row's id ${after[3]} is above every id given (${before[5]})`);
  } finally {
    await store.close();
  }
});

test('values committed while a pass is under way are still there when it ends', async () => {
  const path = file();
  const store = open(path, { compactAfterMs: 0, compactWindowMs: 0 });
  try {
    const core = (store as unknown as { core: StoreCore }).core;
    const old = Date.now() - HOUR;
    await store.append('gw-a', [{ sensorId: 'a', points: points(t0, 5) }], old);
    // the newest rows, then deleted: their ids are free at the top of the table
    for (let i = 0; i < 12; i++)
      await store.append('gw-b', [{ sensorId: 'b', points: points(t0 + i * 1000, 1) }], old);
    await store.deleteSensor('gw-b', 'b');

    // a worker that plans on the store's own connection, at once (its snapshot), and hands its first
    // plan over only once the test has committed sensor c's values, as a gateway's arrive meanwhile
    let release!: () => void;
    const committedMeanwhile = new Promise<void>((resolve) => (release = resolve));
    let planned = 0;
    const worker = {
      usable: true,
      busy: false,
      plan: async (req: { pass: PassCursor }) => {
        const plan = planPassStep(core, () => true, req.pass, core.settings.workerOpts);
        if (++planned === 1) await committedMeanwhile;
        return { plan, ms: 0, heapBytes: 0 };
      },
    };
    const scheduler = new CompactionScheduler(core, worker as unknown as CompactWorker);
    scheduler.tick();
    assert.equal(planned, 1, "the pass's first step is planned: a's values");
    for (let i = 0; i < 12; i++)
      await store.append('gw-c', [{ sensorId: 'c', points: points(t0 + i * 1000, 1) }], Date.now());
    release();
    for (let i = 0; i < 200 && store.stats().logRows > 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      scheduler.tick();
    }
    const q = (gatewayId: string, sensorId: string) => store.query({ gatewayId, sensorId, ...ALL }).length;
    assert.equal(q('gw-a', 'a'), 5);
    assert.equal(q('gw-c', 'c'), 12, 'c: committed while the pass was planned, all there');
  } finally {
    await store.close();
  }
});
