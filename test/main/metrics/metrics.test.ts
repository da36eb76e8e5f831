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
