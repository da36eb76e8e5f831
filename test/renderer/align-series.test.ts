import assert from 'node:assert/strict';
import { test } from 'node:test';
import uPlot from 'uplot';
import type { ValuePoint } from '../../src/shared/model.js';
import { alignSeries } from '../../src/renderer/lib/align-series.js';

const pts = (...xs: Array<[number, ValuePoint['value']]>): ValuePoint[] =>
  xs.map(([time, value]) => ({ time, value }));

/** what the chart drew before: one table per sensor, joined by uPlot */
const joined = (series: ValuePoint[][]) =>
  uPlot.join(
    series.map(
      (s) =>
        [s.map((p) => p.time / 1000), s.map((p) => (typeof p.value === 'number' ? p.value : null))] as [
          number[],
          Array<number | null>,
        ],
    ),
  );

test('sensors at the same times: one x column in seconds, a column per sensor, as uPlot joins them', () => {
  const series = [
    pts([1000, 1], [2000, 2], [3000, 3]),
    pts([1000, 10], [2000, 'off'], [3000, 30]),
    pts([1000, 100], [2000, 200], [3000, 300]),
  ];
  const out = alignSeries(series);
  assert.deepEqual(out, [
    [1, 2, 3],
    [1, 2, 3],
    [10, null, 30],
    [100, 200, 300],
  ]);
  assert.deepEqual(out, joined(series));
});

test('sensors at different times: joined, a gap where a sensor has no value', () => {
  const series = [pts([1000, 1], [3000, 3]), pts([2000, 20], [3000, 30]), pts([1000, 5], [2000, 6])];
  const out = alignSeries(series);
  assert.deepEqual(out[0], [1, 2, 3]);
  assert.deepEqual(out.slice(1), [
    [1, undefined, 3],
    [undefined, 20, 30],
    [5, 6, undefined],
  ]);
  assert.deepEqual(out, joined(series));
});

test('same length, one time differs: joined, not taken for one column', () => {
  const series = [pts([1000, 1], [2000, 2]), pts([1000, 1], [2500, 2])];
  assert.deepEqual(alignSeries(series)[0], [1, 2, 2.5]);
});

test('one sensor, and none', () => {
  assert.deepEqual(alignSeries([pts([1000, 1], [2000, 2])]), [
    [1, 2],
    [1, 2],
  ]);
  assert.deepEqual(alignSeries([]), [[]]);
  assert.deepEqual(alignSeries([[], []]), [[], [], []]);
});
