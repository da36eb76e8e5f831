import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DAY,
  HOUR,
  chooseInterval,
  intervalFor,
  isNumericSeries,
  latestFirst,
  mergePoints,
  parseSeries,
  presetRange,
  alignedStart,
  seriesQuery,
  thinnedSpan,
  toChartData,
} from '../../src/renderer/lib/series.js';

test('parseSeries reads value BEFORE time and sorts ascending', () => {
  const pts = parseSeries({ data: [23.5, 3000, 21, 1000, 22, 2000] });
  assert.deepEqual(pts, [
    { value: 21, time: 1000 },
    { value: 22, time: 2000 },
    { value: 23.5, time: 3000 },
  ]);
});

test('parseSeries skips bad times and an odd trailing value', () => {
  assert.deepEqual(parseSeries({ data: ['on', 1000, 'off', 'x', 'err', NaN, 5] }), [
    { value: 'on', time: 1000 },
  ]);
  assert.deepEqual(parseSeries(null), []);
  assert.deepEqual(parseSeries({ data: [] }), []);
});

test('toChartData converts ms to uPlot seconds and non-numbers to gaps', () => {
  assert.deepEqual(
    toChartData([
      { value: 1.5, time: 1000 },
      { value: 'x', time: 2500 },
      { value: 3, time: 4000 },
    ]),
    [
      [1, 2.5, 4],
      [1.5, null, 3],
    ],
  );
  assert.deepEqual(toChartData([]), [[], []]);
});

test('isNumericSeries', () => {
  assert.equal(isNumericSeries([{ value: 1, time: 1 }]), true);
  assert.equal(
    isNumericSeries([
      { value: 1, time: 1 },
      { value: 'on', time: 2 },
    ]),
    false,
  );
  assert.equal(isNumericSeries([]), false);
});

test('mergePoints appends, replaces same-time values, slides the window and caps', () => {
  const base = [
    { value: 1, time: 1000 },
    { value: 2, time: 2000 },
  ];
  assert.deepEqual(mergePoints(base, [{ value: 3, time: 3000 }]), [...base, { value: 3, time: 3000 }]);
  assert.deepEqual(mergePoints(base, [{ value: 9, time: 2000 }]), [
    { value: 1, time: 1000 },
    { value: 9, time: 2000 },
  ]);
  assert.deepEqual(mergePoints(base, [{ value: 3, time: 3000 }], 1500), [
    { value: 2, time: 2000 },
    { value: 3, time: 3000 },
  ]);
  assert.deepEqual(mergePoints(base, [{ value: 3, time: 3000 }], -Infinity, 1), [{ value: 3, time: 3000 }]);
  assert.equal(mergePoints(base, []), base);
});

test('mergePoints: newer values in order (the live case) give what a full merge gives', () => {
  const base = Array.from({ length: 10 }, (_, i) => ({ value: i, time: (i + 1) * 1000 }));
  const later = [11, 12, 13].map((i) => ({ value: i, time: i * 1000 }));
  const full = (window: number, cap: number) =>
    [...base, ...later].filter((p) => p.time >= window).slice(-cap);
  for (const [window, cap] of [
    [-Infinity, Infinity],
    [4500, Infinity],
    [-Infinity, 5],
    [4500, 3],
    [12_500, 100],
    [99_000, 100],
  ] as const)
    assert.deepEqual(
      mergePoints(base, later, window, cap),
      full(window, cap),
      `window ${window}, cap ${cap}`,
    );
  // out of order, or not after the last: merged by time (the same time replaced)
  assert.deepEqual(
    mergePoints(base.slice(0, 2), [
      { value: 7, time: 3000 },
      { value: 6, time: 2500 },
    ]),
    [
      { value: 0, time: 1000 },
      { value: 1, time: 2000 },
      { value: 6, time: 2500 },
      { value: 7, time: 3000 },
    ],
  );
  assert.deepEqual(
    mergePoints(base.slice(0, 2), [
      { value: 9, time: 2000 },
      { value: 8, time: 4000 },
    ]),
    [
      { value: 0, time: 1000 },
      { value: 9, time: 2000 },
      { value: 8, time: 4000 },
    ],
  );
});

test('latestFirst', () => {
  const pts = [1, 2, 3, 4].map((i) => ({ value: i, time: i }));
  assert.deepEqual(
    latestFirst(pts, 2).map((p) => p.time),
    [4, 3],
  );
  assert.deepEqual(
    latestFirst(pts, 10).map((p) => p.time),
    [4, 3, 2, 1],
  );
});

test('chooseInterval: raw for short ranges, buckets for long ones', () => {
  const H = 3_600_000;
  assert.equal(chooseInterval(H), '0');
  assert.equal(chooseInterval(6 * H), '0');
  assert.equal(chooseInterval(24 * H), '1m');
  assert.equal(chooseInterval(7 * 24 * H), '15m');
  assert.equal(chooseInterval(30 * 24 * H), '1h');
  assert.equal(chooseInterval(120 * 24 * H), '6h');
  assert.equal(chooseInterval(400 * 24 * H), '1d');
});

test('presetRange and seriesQuery', () => {
  assert.deepEqual(presetRange('1h', 10_000_000), { start: 6_400_000, end: 10_000_000 });
  assert.deepEqual(presetRange('7d', 1_000_000_000), { start: 395_200_000, end: 1_000_000_000 });
  assert.equal(
    seriesQuery(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 1, 1), '0'),
    'dataStart=2025-01-01T00%3A00%3A00.000Z&dataEnd=2025-01-01T01%3A00%3A00.000Z&interval=0',
  );
  assert.equal(
    seriesQuery(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2), '1m'),
    'dataStart=2025-01-01T00%3A00%3A00.000Z&dataEnd=2025-01-02T00%3A00%3A00.000Z&interval=1m&intervalFunc=average',
  );
});

test('aggregated requests start on the interval boundary, so the site can answer from its rollups', () => {
  const t = Date.UTC(2025, 5, 10, 13, 47, 31, 250);
  assert.equal(alignedStart(t, '0'), t, 'raw: exactly as asked');
  assert.equal(alignedStart(t, '1m'), Date.UTC(2025, 5, 10, 13, 47));
  assert.equal(alignedStart(t, '15m'), Date.UTC(2025, 5, 10, 13, 45));
  assert.equal(alignedStart(t, '1h'), Date.UTC(2025, 5, 10, 13));
  assert.equal(alignedStart(t, '6h'), Date.UTC(2025, 5, 10, 12));
  assert.equal(alignedStart(t, '1d'), Date.UTC(2025, 5, 10));
  assert.match(
    seriesQuery(t - 365 * DAY, t, '1d'),
    /^dataStart=2024-06-10T00%3A00%3A00\.000Z&dataEnd=2025-06-10T13%3A47%3A31\.250Z&interval=1d/,
  );
});

test('a raw range reaching into thinned values asks the 1-minute rollups; the thinned span is clipped', () => {
  const thinned = { before: 10 * HOUR, at: 20 * HOUR };
  assert.equal(intervalFor(HOUR, 9 * HOUR, thinned), '1m', 'raw would be empty before 10:00');
  assert.equal(intervalFor(HOUR, 10 * HOUR, thinned), '0', 'all of it still raw');
  assert.equal(intervalFor(HOUR, 9 * HOUR, null), '0');
  assert.equal(intervalFor(7 * DAY, 0, thinned), '15m', 'aggregated ranges keep their interval');
  assert.deepEqual(thinnedSpan(thinned, 9 * HOUR, 11 * HOUR), { from: 9 * HOUR, to: 10 * HOUR });
  assert.deepEqual(thinnedSpan(thinned, 0, 5 * HOUR), { from: 0, to: 5 * HOUR }, 'wholly thinned');
  assert.equal(thinnedSpan(thinned, 10 * HOUR, 11 * HOUR), null);
  assert.equal(thinnedSpan(undefined, 0, 11 * HOUR), null);
});
