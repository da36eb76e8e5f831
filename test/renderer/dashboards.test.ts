import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Widget } from '../../src/shared/dashboards.js';
import {
  cellsMoved,
  chartInterval,
  followStart,
  freshness,
  MIN_FOLLOW_SPAN_MS,
  valuesSince,
  gaugeFraction,
  moveWidget,
  newWidgetId,
  placeWidget,
  readingOrder,
  savedRange,
  withRange,
  resizeWidget,
} from '../../src/renderer/lib/dashboards.js';

const w = (id: string, x: number, y: number, width = 3, h = 2): Widget => ({
  id,
  kind: 'value',
  x,
  y,
  w: width,
  h,
  sensors: [],
  options: {},
});

test('moving and resizing stay inside the 12-column grid', () => {
  assert.deepEqual(pick(moveWidget(w('a', 0, 0), -1, -1)), [0, 0, 3, 2]);
  assert.deepEqual(pick(moveWidget(w('a', 8, 0), 5, 3)), [9, 3, 3, 2]);
  assert.deepEqual(pick(resizeWidget(w('a', 9, 0), 5, 0)), [9, 0, 3, 2]);
  assert.deepEqual(pick(resizeWidget(w('a', 0, 0), -9, 20)), [0, 0, 1, 12]);
  assert.deepEqual(pick(resizeWidget(w('a', 2, 0), 4, 1)), [2, 0, 7, 3]);
});

test('a new widget goes below the others with a free id and the options its kind needs', () => {
  const widgets = [w('w1', 0, 0), w('w3', 3, 0, 3, 4)];
  assert.equal(newWidgetId(widgets), 'w4');
  const g = placeWidget(widgets, 'gauge', []);
  assert.deepEqual([g.id, g.x, g.y, g.w, g.h], ['w4', 0, 4, 3, 3]);
  assert.deepEqual(g.options, { min: 0, max: 100 });
  assert.deepEqual(placeWidget([], 'chart', []).options, { rangeMinutes: 1440 });
});

test('reading order is top to bottom, then left to right', () => {
  const order = readingOrder([w('c', 0, 4), w('b', 6, 0), w('a', 0, 0)]).map((x) => x.id);
  assert.deepEqual(order, ['a', 'b', 'c']);
});

test('a pointer drag moves by whole cells', () => {
  assert.deepEqual(cellsMoved(130, -50, 100, 84), [1, -1]);
  assert.deepEqual(cellsMoved(40, 30, 100, 84), [0, 0]);
});

test('wall mode is stale when the stream is lost or values stop', () => {
  assert.deepEqual(freshness(null, null, 1000, 120_000), { state: 'fresh' });
  assert.deepEqual(freshness(null, 1000, 100_000, 120_000), { state: 'fresh' });
  assert.deepEqual(freshness(null, 1000, 200_000, 120_000), { state: 'quiet', since: 1000 });
  assert.deepEqual(freshness(5000, 1000, 6000, 120_000), { state: 'offline', since: 1000 });
  assert.deepEqual(freshness(5000, null, 6000, 120_000), { state: 'offline', since: 5000 });
});

test('gauge position and chart resolution', () => {
  assert.equal(gaugeFraction(50, 0, 100), 0.5);
  assert.equal(gaugeFraction(-5, 0, 100), 0);
  assert.equal(gaugeFraction(500, 0, 100), 1);
  assert.equal(chartInterval(60), '1m');
  assert.equal(chartInterval(1440), '15m');
  assert.equal(chartInterval(10080), '1h');
});

function pick(x: Widget): number[] {
  return [x.x, x.y, x.w, x.h];
}

test('a chart keeps a zoom as from/to in its options; null follows now again', () => {
  const w: Widget = {
    id: 'c',
    kind: 'chart',
    x: 0,
    y: 0,
    w: 6,
    h: 4,
    sensors: [],
    options: { rangeMinutes: 60 },
  };
  assert.equal(savedRange(w), null);
  const kept = withRange(w, { start: 1000.4, end: 61_000.6 });
  assert.deepEqual(kept.options, { rangeMinutes: 60, from: 1000, to: 61_001 });
  assert.deepEqual(savedRange(kept), { start: 1000, end: 61_001 });
  assert.deepEqual(withRange(kept, null).options, { rangeMinutes: 60 });
  assert.deepEqual(w.options, { rangeMinutes: 60 }, 'the widget given is not changed');
});

test('a chart following now starts where its sensors can have values while they are younger than its range', () => {
  const MIN = 60_000;
  const now = Date.UTC(2026, 11, 4, 12, 0);
  // registered 5 and 3 minutes ago, first values shown 4 minutes ago: from 5 minutes ago
  assert.equal(valuesSince([now - 5 * MIN, now - 3 * MIN], [now - 4 * MIN, undefined]), now - 5 * MIN);
  // a gateway that reported values from before it was added: from its first value
  assert.equal(valuesSince([now - 5 * MIN], [now - 90 * MIN]), now - 90 * MIN);
  assert.equal(valuesSince([now, undefined], [now]), null, 'a sensor not known (yet): no fitting');
  assert.equal(valuesSince([], []), null);

  const fifteen = 15 * MIN;
  assert.equal(followStart(now, fifteen, now - 5 * MIN), now - 5 * MIN, 'a 5-minute-old site fills it');
  assert.equal(followStart(now, fifteen, now - 20 * MIN), now - fifteen, 'older sensors: the whole range');
  assert.equal(followStart(now, fifteen, null), now - fifteen);
  assert.equal(followStart(now, fifteen, now - 10_000), now - MIN_FOLLOW_SPAN_MS, 'never narrower than that');
  assert.equal(followStart(now, 30_000, now - 10_000), now - 30_000, 'nor wider than the range');
});
