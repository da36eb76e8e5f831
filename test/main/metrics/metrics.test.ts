import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '../../../src/main/metrics/index.js';

test('rates cover the last 10 s and forget idle seconds', () => {
  let now = 1_000_000;
  const metrics = new Metrics(() => now);
  metrics.recordCommit(100, 2);
  now += 1000;
  metrics.recordCommit(50, 4);
  assert.equal(metrics.ingest().valuesPerSecond, 15);
  assert.equal(metrics.ingest().totalValues, 150);
  now += 20_000;
  assert.equal(metrics.ingest().valuesPerSecond, 0);
  assert.equal(metrics.ingest().totalValues, 150);
});

test('rejections are counted by kind; only the first few of one message are listed', () => {
  const metrics = new Metrics(() => 5);
  const emitted: string[] = [];
  metrics.on('error', (e) => emitted.push(e.kind));
  const errors = Array.from({ length: 8 }, (_, i) => ({
    kind: 'time.invalid',
    message: `bad ${i}`,
    points: 1,
  }));
  metrics.recordRejection({ gatewayId: 'gw', topic: 'v/a/g/gw' }, errors, false);
  metrics.recordRejection(
    { gatewayId: 'gw', topic: 'v/a/g/gw' },
    [{ kind: 'payload.malformed', message: 'x', points: 0 }],
    true,
  );
  assert.equal(metrics.rejectedPoints, 8);
  assert.equal(metrics.rejectedMessages, 1);
  assert.deepEqual(metrics.errors().byKind, { 'time.invalid': 8, 'payload.malformed': 1 });
  assert.equal(emitted.length, 6);
});

test('errors in the last hour: a rate that forgets, unlike the lifetime total', () => {
  let now = 1_800_000_000_000;
  const metrics = new Metrics(() => now);
  metrics.on('error', () => undefined);
  metrics.recordError({ kind: 'payload.malformed', message: 'a' });
  now += 30 * 60_000;
  metrics.recordError({ kind: 'payload.malformed', message: 'b' }, false);
  metrics.recordError({ kind: 'auth.refused', message: 'c' });
  assert.equal(metrics.errors().lastHour, 3);
  now += 40 * 60_000; // the first error is now 70 minutes old
  assert.deepEqual([metrics.errors().lastHour, metrics.errors().total], [2, 3]);
  now += 3 * 3_600_000;
  assert.deepEqual([metrics.errors().lastHour, metrics.errors().total], [0, 3]);
});
