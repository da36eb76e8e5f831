import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate, parseSeriesParams, toSeriesResponse } from '../../../src/main/api/series-query.js';

const now = Date.parse('2026-11-25T12:00:00Z');

test('Thing+ series parameters: dataStart required, ISO with offset, dataEnd defaults to now', () => {
  const p = parseSeriesParams({ dataStart: '2026-11-25T09:00:00+09:00', interval: '0' }, now);
  assert.equal(p.dataStart, Date.parse('2026-11-25T00:00:00Z'));
  assert.equal(p.dataEnd, now);
  assert.equal(p.intervalMs, 0);
  assert.equal(parseSeriesParams({ dataStart: '2026-11-25T00:00:00Z' }, now).interval, '1m');
  assert.throws(() => parseSeriesParams({}, now), /dataStart is required/);
  assert.throws(() => parseSeriesParams({ dataStart: 'yesterday' }, now), /not an ISO 8601 time/);
  assert.throws(
    () => parseSeriesParams({ dataStart: '2026-11-25T00:00:00Z', interval: '7x' }, now),
    /interval/,
  );
  assert.throws(() => parseSeriesParams({ dataStart: '2026-11-25T13:00:00Z' }, now), /after dataStart/);
  assert.throws(
    () => parseSeriesParams({ dataStart: '2026-11-25T00:00:00Z', intervalFunc: 'median' }, now),
    /intervalFunc/,
  );
});

test('REST answers put the value before the time', () => {
  const p = parseSeriesParams({ dataStart: '2026-11-25T00:00:00Z', interval: '0' }, now);
  const body = toSeriesResponse(
    [
      { time: 1, value: 20.5 },
      { time: 2, value: 'x' },
    ],
    p,
  );
  assert.deepEqual(body.data, [20.5, 1, 'x', 2]);
  assert.equal(body._meta.count, 2);
  assert.equal(body._meta.dataStart, '2026-11-25T00:00:00.000Z');
});

test('interval buckets aggregate numbers with every intervalFunc', () => {
  const start = Date.parse('2026-11-25T00:00:00Z');
  const points = [0, 10, 20, 60, 70].map((s, i) => ({ time: start + s * 1000, value: i + 1 }));
  const q = (intervalFunc: string) =>
    aggregate(
      points,
      parseSeriesParams({ dataStart: new Date(start).toISOString(), interval: '1m', intervalFunc }, now),
    );
  assert.deepEqual(q('average'), [
    { time: start, value: 2 },
    { time: start + 60_000, value: 4.5 },
  ]);
  assert.deepEqual(
    q('sum').map((p) => p.value),
    [6, 9],
  );
  assert.deepEqual(
    q('count').map((p) => p.value),
    [3, 2],
  );
  assert.deepEqual(
    q('min').map((p) => p.value),
    [1, 4],
  );
  assert.deepEqual(
    q('max').map((p) => p.value),
    [3, 5],
  );
});
