// The control writer's transactions on a real site.db: what a batch holds, what a refused batch undoes,
// what applying a record does. The log is scripted here (each append answered by the test) so the
// interleavings are exact; control-log.cases.ts runs the same code against a real NATS cluster.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { ControlLogError, type ControlRecord } from '../../../src/main/replication/control-log.js';
import { ControlWriter } from '../../../src/main/replication/control-writer.js';
import type { JetStreamControlLog } from '../../../src/main/replication/control-log.js';
import { prepared } from '../../../src/main/storage/database.js';
import { tempSiteDatabase } from '../../support/db.js';

interface Append {
  record: ControlRecord;
  lastSeq: number;
  ok(seq: number): void;
  refuse(err: ControlLogError): void;
}

function scriptedLog() {
  const appends: Append[] = [];
  const log = {
    options: { stream: 'T_CONTROL' },
    connected: true,
    append: (record: ControlRecord, lastSeq: number) =>
      new Promise<number>((ok, refuse) => appends.push({ record, lastSeq, ok, refuse })),
  };
  return { log: log as unknown as JetStreamControlLog, appends };
}

const tick = () => new Promise((r) => setImmediate(r));
async function nextAppend(appends: Append[], n: number): Promise<Append> {
  for (let i = 0; i < 100 && appends.length < n; i++) await tick();
  assert.ok(appends.length >= n, `append ${n} made`);
  return appends[n - 1]!;
}

function setup() {
  const db = tempSiteDatabase();
  const { log, appends } = scriptedLog();
  const writer = new ControlWriter(db, log, 'node-a', silentLogger());
  const dash = (name: string) =>
    prepared(db, 'INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
      name,
      '[]',
      1,
      1,
    );
  const names = () =>
    (prepared(db, 'SELECT name FROM dashboards ORDER BY id').all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  const position = () =>
    (db.prepare('SELECT seq FROM control_position').get() as { seq: number } | undefined)?.seq ?? 0;
  return { db, writer, appends, dash, names, position };
}

test('a write is appended after the sequence held, and committed with the new position', async () => {
  const { db, writer, appends, dash, names, position } = setup();
  dash('one');
  assert.ok(db.inTransaction, 'held in a transaction until the log takes it');
  const pending = writer.pending()!;
  const a = await nextAppend(appends, 1);
  assert.equal(a.lastSeq, 0);
  assert.equal(a.record.origin, 'node-a');
  assert.deepEqual(
    a.record.statements.map((s) => s.params.slice(0, 2)),
    [['one', '[]']],
  );
  a.ok(7);
  assert.equal(await pending, 7);
  await writer.whenIdle();
  assert.equal(db.inTransaction, false);
  assert.deepEqual(names(), ['one']);
  assert.equal(position(), 7);
  // node-local tables, reads and writes that change nothing are not logged
  db.prepare('UPDATE dashboards SET name = ? WHERE id = ?').run('x', 999);
  db.prepare(
    "INSERT INTO statuses (gateway_id, sensor_id, status, reason, expire_at, received_at) VALUES ('g', 's', 'on', NULL, NULL, 1)",
  ).run();
  db.prepare('SELECT * FROM dashboards').all();
  await tick();
  await tick();
  assert.equal(appends.length, 1);
});

test('writes made while a batch is appended form the next batch; refusing it undoes it alone', async () => {
  const { writer, appends, dash, names, position } = setup();
  dash('first');
  const a = await nextAppend(appends, 1);
  dash('second');
  const second = writer.pending()!;
  a.ok(1);
  const b = await nextAppend(appends, 2);
  assert.equal(b.lastSeq, 1, 'appended after the batch before it');
  b.refuse(new ControlLogError('no quorum'));
  await assert.rejects(second, /no quorum/);
  await writer.whenIdle();
  assert.deepEqual(names(), ['first']);
  assert.equal(position(), 1);
  assert.equal(writer.failures, 1);
});

test('a refused batch undoes everything captured after it, and nothing after it is appended', async () => {
  const { writer, appends, dash, names, position } = setup();
  const rolled: string[][] = [];
  writer.on('rolledBack', (tables) => rolled.push([...tables]));
  dash('first');
  const first = writer.pending()!;
  const a = await nextAppend(appends, 1);
  dash('second');
  const second = writer.pending()!;
  await tick();
  a.refuse(new ControlLogError('wrong last sequence', true));
  await assert.rejects(first);
  await assert.rejects(second);
  await writer.whenIdle();
  assert.deepEqual(names(), []);
  assert.equal(position(), 0);
  assert.equal(appends.length, 1);
  assert.equal(writer.conflicts, 1);
  assert.deepEqual(rolled, [['dashboards']]);
});

test("a service's failed transaction leaves nothing in the batch", async () => {
  const { db, writer, appends, dash, names } = setup();
  assert.throws(() =>
    db.transaction(() => {
      dash('half');
      throw new Error('changed my mind');
    })(),
  );
  db.transaction(() => dash('whole'))();
  const a = await nextAppend(appends, 1);
  assert.deepEqual(
    a.record.statements.map((s) => s.params[0]),
    ['whole'],
  );
  a.ok(1);
  await writer.whenIdle();
  assert.deepEqual(names(), ['whole']);
});

test('a record from the log is applied once, with its position, and is not logged again', async () => {
  const { writer, appends, names, position } = setup();
  const changed: number[] = [];
  writer.on('applied', (_tables, seq) => changed.push(seq));
  const record: ControlRecord = {
    origin: 'node-b',
    at: 1,
    statements: [
      {
        sql: 'INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)',
        params: ['theirs', '[]', 1, 1],
      },
    ],
  };
  writer.applyRecord(3, record);
  writer.applyRecord(3, record);
  writer.applyRecord(2, record);
  await tick();
  await tick();
  assert.deepEqual(names(), ['theirs']);
  assert.equal(position(), 3);
  assert.deepEqual(changed, [3]);
  assert.equal(appends.length, 0);
});
