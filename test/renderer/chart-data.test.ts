import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rule } from '../../src/shared/rules.js';
import {
  alignStart,
  bandData,
  intervalBeyondRaw,
  intervalForWidth,
  isolatedIndices,
  isStateSensor,
  lastIndex,
  panRange,
  ruleThresholds,
  stateLevels,
  unitScales,
  zoomOut,
} from '../../src/renderer/lib/chart-data.js';

const MIN = 60_000;
const DAY = 1440 * MIN;

test('about one point per pixel: 30 days on 1000 px asks hourly buckets, a minute asks raw values', () => {
  assert.equal(intervalForWidth(30 * DAY, 1000), '1h');
  assert.equal(intervalForWidth(365 * DAY, 1000), '1d');
  assert.equal(intervalForWidth(DAY, 1000), '5m');
  assert.equal(intervalForWidth(DAY, 1440), '1m');
  assert.equal(intervalForWidth(6 * 60 * MIN, 1000), '0');
  assert.equal(intervalForWidth(MIN, 1000), '0');
  assert.equal(intervalForWidth(7 * DAY, 700), '15m');
  assert.equal(alignStart(DAY + 7 * MIN + 5, '1h'), DAY, 'aligned to the bucket size');
  assert.equal(alignStart(12345, '0'), 12345);
});

test('a zoom into raw values older than raw retention asks the 1-minute rollups: raw would answer nothing', () => {
  const rawFrom = 40 * DAY + 17_345;
  // an hour zoomed at 1000 px is raw; beyond retention (or into thinned days) the rollups answer
  assert.equal(intervalBeyondRaw(intervalForWidth(60 * MIN, 1000), 10 * DAY + 17_000, rawFrom), '1m');
  assert.equal(intervalBeyondRaw('0', rawFrom - 1, rawFrom), '1m', 'a range starting just before it');
  assert.equal(intervalBeyondRaw('0', rawFrom, rawFrom), '0', 'raw where raw is kept');
  assert.equal(intervalBeyondRaw('0', 0, null), '0', 'nothing removed');
  assert.equal(intervalBeyondRaw('15m', 0, rawFrom), '15m', 'buckets stay as they are');
});

test('bandData keeps min and max by time and puts a null where the gap exceeds two intervals', () => {
  const avg = [0, 1, 2, 13, 14].map((m) => ({ time: m * MIN, value: 66 }));
  const max = [0, 1, 2, 13, 14].map((m) => ({ time: m * MIN, value: m === 1 ? 76 : 67 }));
  const min = [0, 1, 2, 13, 14].map((m) => ({ time: m * MIN, value: 60 }));
  const d = bandData(avg, min, max, MIN);
  assert.deepEqual(d.x, [0, 60, 120, 180, 780, 840]);
  assert.deepEqual(d.avg, [66, 66, 66, null, 66, 66], 'an 11-minute gap is a gap');
  assert.equal(d.max?.[1], 76, 'the 76 °C peak survives the 1-minute average');
  assert.equal(d.min?.[4], 60);
  const raw = bandData(
    [0, 10, 20, 30, 200].map((s) => ({ time: s * 1000, value: 1 })),
    null,
    null,
    0,
  );
  assert.deepEqual(raw.avg, [1, 1, 1, 1, null, 1], 'raw: gaps measured against the typical spacing');
  assert.equal(raw.min, undefined);
});

test('state sensors: actuators and enumerated or text types become levels', () => {
  assert.equal(isStateSensor(undefined, 'actuator'), true);
  assert.equal(isStateSensor({ id: 'onoff', values: [0, 1] }, 'sensor'), true);
  assert.equal(isStateSensor({ id: 'string', type: 'string' }, 'sensor'), true);
  assert.equal(isStateSensor({ id: 'temperature', type: 'number' }, 'sensor'), false);
  const { levels, data } = stateLevels(
    [
      { time: 1000, value: 1 },
      { time: 2000, value: 0 },
      { time: 3000, value: 'idle' },
    ],
    [0, 1],
  );
  assert.deepEqual(levels, ['0', '1', 'idle']);
  assert.deepEqual(data.avg, [1, 0, 2], 'whole levels, no 0.2…0.8 in between');
  const words = stateLevels([{ time: 1, value: 1 }], [0, 1], ['off', 'on']);
  assert.deepEqual(words.levels, ['off', 'on'], 'the catalogue words of the levels');
  const answers = stateLevels([
    { time: 1, value: { cmd: 'on', result: '' } },
    { time: 2, value: { cmd: 'off' } },
  ]);
  assert.deepEqual(answers.levels, ['on', 'off'], 'an actuator answer reads as its command');
});

const rule = (over: Partial<Rule>): Rule => ({
  id: 1,
  name: 'hot',
  desc: '',
  severity: 'fatal',
  status: 'activated',
  gatewayId: 'gw',
  sensorId: 's1',
  method: 'over',
  threshold: 70,
  ctime: 0,
  mtime: 0,
  ...over,
});

test('ruleThresholds: the active value rules on the sensor, ranges as two lines', () => {
  const rules = [
    rule({}),
    rule({ name: 'band', method: 'inRange', min: 10, max: 20, sensorId: 'x', sensorIds: ['x', 's1'] }),
    rule({ name: 'type', method: 'under', threshold: 5, sensorId: '', sensorType: 'temperature' }),
    rule({ name: 'off', status: 'deactivated' }),
    rule({ name: 'other', sensorId: 's2' }),
    rule({ name: 'othergw', gatewayId: 'gw2' }),
    rule({ name: 'changed', method: 'changed' }),
  ];
  assert.deepEqual(
    ruleThresholds(rules, 'gw', 's1', 'temperature').map((t) => `${t.rule}:${t.value}`),
    ['hot:70', 'band:10', 'band:20', 'type:5'],
  );
});

test('legend index, pan and zoom out never pass now', () => {
  assert.equal(lastIndex([1, 2, null, undefined]), 1);
  assert.equal(lastIndex([null]), null);
  assert.deepEqual(panRange(100, 200, -0.5, 1000), { start: 50, end: 150 });
  assert.deepEqual(panRange(100, 200, 0.5, 220), { start: 120, end: 220 });
  assert.deepEqual(zoomOut(100, 200, 3, 1000), { start: 0, end: 300 });
  assert.deepEqual(zoomOut(100, 200, 3, 260), { start: -40, end: 260 });
});

test('unitScales: an axis per unit, sensors of one unit share it', () => {
  assert.deepEqual(unitScales(['°C', '%', '°C', '']), {
    scaleOf: ['y0', 'y1', 'y0', 'y2'],
    axes: ['°C', '%', ''],
  });
});

test('isolatedIndices: the values with a gap on both sides, the ends counting as gaps', () => {
  assert.deepEqual(isolatedIndices([1, null, 2, 3, null, 4, null, null, 5]), [0, 5, 8]);
  assert.deepEqual(isolatedIndices([1, 2, 3]), []);
  assert.deepEqual(isolatedIndices([null, 0, null]), [1], 'a zero is a value');
  assert.deepEqual(isolatedIndices([7]), [0]);
  assert.deepEqual(isolatedIndices([]), []);
  // another sensor's times (undefined) are not gaps: these values are on one line
  assert.deepEqual(isolatedIndices([1, undefined, 2, undefined, undefined, 3]), []);
  assert.deepEqual(isolatedIndices([1, undefined, null, undefined, 2, undefined, 3]), [0]);
  assert.deepEqual(isolatedIndices([undefined, 4, undefined]), [1]);
});
