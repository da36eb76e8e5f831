import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseSeriesParams,
  parseStatsParams,
  toSeriesResponse,
  toStatsResponse,
} from '../../../src/main/api/series-query.js';

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

test('Thing+ statistics: parameters and the btime shape per time unit, in the requested zone', () => {
  assert.equal(parseStatsParams({ dataStart: 'x' }), null);
  assert.throws(() => parseStatsParams({ 'statFunc[id]': 'other' }), /seriesStat/);
  assert.throws(
    () => parseStatsParams({ 'statFunc[id]': 'seriesStat', 'statFunc[timeUnit]': 'fortnight' }),
    /timeUnit/,
  );
  assert.throws(
    () => parseStatsParams({ 'statFunc[id]': 'seriesStat', 'statFunc[subFunc]': 'median' }),
    /subFunc/,
  );
  assert.throws(
    () => parseStatsParams({ 'statFunc[id]': 'seriesStat', 'statFunc[timezone]': 'Mars/Olympus' }),
    /time zone/,
  );
  const stats = parseStatsParams({
    'statFunc[id]': 'seriesStat',
    'statFunc[timeUnit]': 'day',
    'statFunc[subFunc]': 'max',
    'statFunc[timezone]': 'Asia/Seoul',
  })!;
  assert.deepEqual(stats, { timeUnit: 'day', subFunc: 'max', timeZone: 'Asia/Seoul' });
  const bucket = {
    btime: Date.parse('2026-11-24T15:00:00Z'),
    count: 3,
    min: 1,
    max: 9,
    sum: 12,
    avg: 4,
    range: 8,
    diff: 2,
    first: 1,
    last: 3,
  };
  const body = toStatsResponse([bucket], stats, { dataStart: 0, dataEnd: 1000 });
  assert.deepEqual(
    body.data,
    [{ max: 9, btime: { year: 2026, month: 11, day: 25 } }],
    'Seoul midnight is the 25th',
  );
  const hourly = toStatsResponse(
    [bucket],
    { ...stats, timeUnit: 'hour', timeZone: 'UTC' },
    { dataStart: 0, dataEnd: 1000 },
  );
  assert.deepEqual(hourly.data[0]!.btime, { year: 2026, month: 11, day: 24, hour: 15 });
  assert.deepEqual(
    toStatsResponse([bucket], { ...stats, timeUnit: 'year' }, { dataStart: 0, dataEnd: 1 }).data[0]!.btime,
    { year: 2026 },
  );
  assert.equal(body._meta.count, 1);
});
