import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RulesEngine, THROTTLE_MS } from '../../../src/main/rules/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import { tempSiteDatabase } from '../../support/db.js';

function setup() {
  const db = tempSiteDatabase();
  const timeline = new Timeline(db);
  const rules = new RulesEngine(db, timeline, (gw, sid) => gw === 'gw1' && sid === 'temp');
  return { timeline, rules };
}

const base = { desc: '', status: 'activated' as const, gatewayId: 'gw1', sensorId: 'temp' };

test('an over-threshold value puts one entry on the timeline, with severity and the epoch', () => {
  const { timeline, rules } = setup();
  rules.create({ ...base, name: 'Hot', severity: 'warning', method: 'over', threshold: 30 });
  rules.start(7);
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [
      { time: 1_000, value: 25 },
      { time: 2_000, value: 31.5 },
    ],
  });
  const { data } = timeline.list();
  assert.equal(data.length, 1);
  assert.equal(data[0]?.severity, 'warning');
  assert.equal(data[0]?.epoch, 7);
  assert.equal(data[0]?.rule?.what, 'over 30');
  assert.match(data[0]!.message, /^Hot: temp@gw1: 31.5 \(over 30\)$/);
});

test('a standby node (not master) evaluates nothing', () => {
  const { timeline, rules } = setup();
  rules.create({ ...base, name: 'Cold', severity: 'fatal', method: 'under', threshold: 0 });
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [{ time: 1, value: -5 }],
  });
  assert.equal(timeline.list().data.length, 0);
  rules.start(1);
  rules.stop();
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [{ time: 2, value: -5 }],
  });
  assert.equal(timeline.list().data.length, 0);
});

test('throttling: once per 5 min for series sensors, once per 15 s for event sensors', () => {
  const { timeline, rules } = setup();
  rules.create({ ...base, name: 'Hot', severity: 'information', method: 'over', threshold: 1 });
  rules.start(1);
  const t0 = 1_700_000_000_000;
  const send = (time: number, dataType: 'series' | 'event') =>
    rules.onValues({
      gatewayId: 'gw1',
      sensorId: 'temp',
      sensorType: 'x',
      dataType,
      points: [{ time, value: 2 }],
    });
  send(t0, 'series');
  send(t0 + 1000, 'series');
  send(t0 + THROTTLE_MS.series - 1, 'series');
  assert.equal(timeline.list().data.length, 1);
  send(t0 + THROTTLE_MS.series, 'series');
  assert.equal(timeline.list().data.length, 2);
  send(t0 + THROTTLE_MS.series + THROTTLE_MS.event, 'event');
  assert.equal(timeline.list().data.length, 3);
});

test('the action throttle survives a restart: no repeat within 5 min of the last firing', () => {
  const db = tempSiteDatabase();
  const timeline = new Timeline(db);
  const exists = () => true;
  const first = new RulesEngine(db, timeline, exists);
  first.create({ ...base, name: 'Hot', severity: 'warning', method: 'over', threshold: 1 });
  first.start(1);
  const t0 = 1_700_000_000_000;
  const value = (rules: RulesEngine, time: number) =>
    rules.onValues({
      gatewayId: 'gw1',
      sensorId: 'temp',
      sensorType: 'x',
      dataType: 'series',
      points: [{ time, value: 2 }],
    });
  value(first, t0);
  first.stop();
  const second = new RulesEngine(db, timeline, exists);
  second.start(2);
  value(second, t0 + 60_000);
  assert.equal(timeline.list().data.length, 1);
  value(second, t0 + THROTTLE_MS.series);
  assert.equal(timeline.list().data.length, 2);
});

test('deactivated rules and non-numeric values do not fire; invalid rules are refused', () => {
  const { timeline, rules } = setup();
  const rule = rules.create({ ...base, name: 'Hot', severity: 'warning', method: 'over', threshold: 30 });
  rules.update(rule.id, { status: 'deactivated' });
  rules.start(1);
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [{ time: 1, value: 99 }],
  });
  rules.update(rule.id, { status: 'activated' });
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [{ time: 2, value: 'hot' }],
  });
  assert.equal(timeline.list().data.length, 0);
  assert.throws(
    () =>
      rules.create({
        ...base,
        sensorId: 'nope',
        name: 'x',
        severity: 'warning',
        method: 'over',
        threshold: 1,
      }),
    /does not exist/,
  );
  assert.throws(
    () => rules.create({ ...base, name: '', severity: 'warning', method: 'over', threshold: Number.NaN }),
    /name is required; threshold/,
  );
});

test('timeline pages newest first by maxId (inclusive) and sinceId (exclusive), filtered by severity', () => {
  const { timeline } = setup();
  for (let i = 1; i <= 5; i += 1) {
    timeline.add({ type: 'site', node: [], severity: i % 2 ? 'warning' : 'fatal', message: `m${i}` });
  }
  assert.deepEqual(
    timeline.list({ count: 2 }).data.map((e) => e.message),
    ['m5', 'm4'],
  );
  assert.deepEqual(
    timeline.list({ maxId: 3 }).data.map((e) => e.message),
    ['m3', 'm2', 'm1'],
  );
  assert.deepEqual(
    timeline.list({ sinceId: 3 }).data.map((e) => e.message),
    ['m5', 'm4'],
  );
  assert.deepEqual(
    timeline.list({ severities: ['fatal'] }).data.map((e) => e.message),
    ['m4', 'm2'],
  );
});
