// Alarms raised by threshold rules, against a real site.db: one alarm per (rule, sensor) while open, the
// deadband, throttling that never hides an alarm, shelving with a clock, rules going away, and a restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Alarms } from '../../../src/main/alarms/index.js';
import type { ServiceError } from '../../../src/main/errors.js';
import { RulesEngine, levelActive } from '../../../src/main/rules/index.js';
import type { SqliteDatabase } from '../../../src/main/storage/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { Rule } from '../../../src/shared/model.js';
import { tempSiteDatabase } from '../../support/db.js';

const T0 = 1_700_000_000_000;

function setup(db: SqliteDatabase = tempSiteDatabase(), clock = { now: T0 }) {
  const timeline = new Timeline(db, () => clock.now);
  const alarms = new Alarms(db, timeline, { now: () => clock.now, maxShelveMinutes: 60 });
  const rules = new RulesEngine(
    db,
    timeline,
    (gw, sid) => gw === 'gw1' && sid !== 'nope',
    () => clock.now,
    { alarms },
  );
  rules.on('changed', () => alarms.reconcileRules(rules.list()));
  rules.start(3);
  alarms.start(3);
  const send = (value: number, sensorId = 'temp', dataType: 'series' | 'event' = 'series') => {
    clock.now += 1000;
    rules.onValues({
      gatewayId: 'gw1',
      sensorId,
      sensorType: 'temperature',
      dataType,
      points: [{ time: clock.now, value }],
    });
  };
  const open = () => alarms.list({ open: true });
  return { db, clock, timeline, alarms, rules, send, open };
}

const hot = {
  desc: '',
  status: 'activated' as const,
  gatewayId: 'gw1',
  sensorId: 'temp',
  name: 'Hot',
  severity: 'warning' as const,
  method: 'over' as const,
  threshold: 80,
};

test('over → unack, ack → ack, back → cleared; each transition on the timeline with who did it', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  const rule = s.rules.create(hot);
  s.send(70);
  assert.equal(s.open().length, 0);
  s.send(85);
  s.send(90);
  const [alarm] = s.open();
  assert.ok(alarm);
  assert.deepEqual(
    {
      ruleId: alarm.ruleId,
      ruleName: alarm.ruleName,
      severity: alarm.severity,
      state: alarm.state,
      value: alarm.value,
      ackedAt: alarm.ackedAt,
      clearedAt: alarm.clearedAt,
      shelvedUntil: alarm.shelvedUntil,
    },
    {
      ruleId: rule.id,
      ruleName: 'Hot',
      severity: 'warning',
      state: 'unack',
      value: 85,
      ackedAt: null,
      clearedAt: null,
      shelvedUntil: null,
    },
  );
  const acked = s.alarms.ack(alarm.id, 'ana', 'cooling fan on');
  assert.equal(acked.state, 'ack');
  assert.equal(acked.ackedBy, 'ana');
  assert.equal(acked.ackedAt, s.clock.now);
  s.send(60);
  assert.equal(s.open().length, 0);
  const closed = s.alarms.get(alarm.id);
  assert.equal(closed.state, 'cleared');
  assert.equal(closed.clearedAt, s.clock.now);
  const lines = s.timeline
    .list()
    .data.filter((e) => e.message.includes('alarm #'))
    .map((e) => e.message);
  assert.deepEqual(lines.reverse(), [
    `Hot: alarm #${alarm.id} alarm raised (unack) by rule (value 85)`,
    `Hot: alarm #${alarm.id} alarm unack → ack by ana (cooling fan on)`,
    `Hot: alarm #${alarm.id} alarm ack → cleared by rule`,
  ]);
  assert.throws(
    () => s.alarms.ack(alarm.id, 'ana'),
    (e: ServiceError) => e.code === 'ES_CONFLICT',
  );
  assert.throws(
    () => s.alarms.ack(999, 'ana'),
    (e: ServiceError) => e.code === 'ES_NOT_FOUND',
  );
});

test('back to normal before the ack → rtn_unack, then ack closes it; a new excursion raises a new alarm at once', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create(hot);
  s.send(85);
  s.send(70);
  const [first] = s.open();
  assert.equal(first?.state, 'rtn_unack');
  s.send(86); // same alarm, active again: unack
  assert.equal(s.alarms.get(first!.id).state, 'unack');
  s.send(70);
  s.alarms.ack(first!.id, 'console');
  assert.equal(s.alarms.get(first!.id).state, 'cleared');
  // within the 5-minute action throttle: the alarm is raised all the same
  s.send(88);
  const [second] = s.open();
  assert.ok(second && second.id !== first!.id);
  assert.equal(second.state, 'unack');
  assert.equal(second.value, 88);
});

test('one alarm per (rule, sensor): two sensors, two alarms; repeated values change nothing', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create(hot);
  s.rules.create({ ...hot, sensorId: 'temp2' });
  for (let i = 0; i < 5; i += 1) {
    s.send(90 + i);
    s.send(90 + i, 'temp2');
  }
  assert.deepEqual(
    s
      .open()
      .map((a) => a.sensorId)
      .sort(),
    ['temp', 'temp2'],
  );
});

test('the deadband: a value hovering at the threshold does not flap', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create({ ...hot, deadband: 2 });
  s.send(81);
  s.send(79.5); // inside the band: still active
  s.send(80.5);
  s.send(79);
  assert.equal(s.open()[0]?.state, 'unack');
  s.send(77.9); // past the band: back to normal
  assert.equal(s.open()[0]?.state, 'rtn_unack');
  const rule = { ...hot, deadband: 2, id: 1, ctime: 0, mtime: 0 } as Rule;
  assert.equal(levelActive(rule, 79, true), true);
  assert.equal(levelActive(rule, 79, false), false);
  assert.equal(levelActive({ ...rule, method: 'under', threshold: 10 }, 11.5, true), true);
  assert.equal(levelActive({ ...rule, method: 'under', threshold: 10 }, 12.5, true), false);
  assert.throws(() => s.rules.create({ ...hot, deadband: -1 }), /deadband/);
});

test('latched: stays active until reset, reset only once back to normal', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create({ ...hot, latched: true });
  s.send(95);
  const [alarm] = s.open();
  assert.throws(() => s.alarms.reset(alarm!.id, 'ana'), /still active/);
  s.send(20);
  assert.equal(s.alarms.get(alarm!.id).state, 'unack');
  s.alarms.ack(alarm!.id, 'ana');
  assert.equal(s.alarms.get(alarm!.id).state, 'ack');
  assert.equal(s.alarms.reset(alarm!.id, 'ana').state, 'cleared');
  assert.throws(
    () => s.alarms.reset(alarm!.id, 'ana'),
    (e: ServiceError) => e.code === 'ES_CONFLICT',
  );
});

test('shelving is timed and ends by itself; the value moves on underneath', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create(hot);
  s.send(95);
  const [alarm] = s.open();
  assert.throws(() => s.alarms.shelve(alarm!.id, 61, 'too long', 'ana'), /minutes/);
  const shelved = s.alarms.shelve(alarm!.id, 10, 'sensor being replaced', 'ana');
  assert.equal(shelved.state, 'shelved');
  assert.equal(shelved.shelvedUntil, s.clock.now + 600_000);
  s.send(96);
  assert.equal(s.alarms.get(alarm!.id).state, 'shelved');
  s.clock.now += 600_000;
  s.alarms.sweep();
  assert.equal(s.alarms.get(alarm!.id).state, 'unack');
  assert.equal(s.alarms.get(alarm!.id).shelvedUntil, null);
  s.alarms.shelve(alarm!.id, 5, 'again', 'ana');
  s.send(20);
  assert.equal(s.alarms.unshelve(alarm!.id, 'bo').state, 'rtn_unack');
  const who = s.timeline.list().data.map((e) => e.message);
  assert.ok(who.some((m) => m.includes('shelved → unack by system (shelf time over)')));
  assert.ok(who.some((m) => m.includes('shelved → rtn_unack by bo')));
});

test('a deactivated rule puts its alarms out of service; a deleted rule closes them', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  const rule = s.rules.create(hot);
  s.send(95);
  const [alarm] = s.open();
  s.rules.update(rule.id, { status: 'deactivated' });
  assert.equal(s.alarms.get(alarm!.id).state, 'out_of_service');
  s.rules.update(rule.id, { status: 'activated' });
  // the condition is unknown until the next value: not acked, so back to normal unacknowledged
  assert.equal(s.alarms.get(alarm!.id).state, 'rtn_unack');
  s.send(99);
  assert.equal(s.alarms.get(alarm!.id).state, 'unack');
  s.rules.update(rule.id, { name: 'Motor hot', severity: 'fatal' });
  assert.deepEqual(
    [s.alarms.get(alarm!.id).ruleName, s.alarms.get(alarm!.id).severity],
    ['Motor hot', 'fatal'],
  );
  s.rules.delete(rule.id);
  assert.equal(s.alarms.get(alarm!.id).state, 'cleared');
  assert.equal(s.open().length, 0);
});

test('filters: open, state, severity, gateway, time', (t) => {
  const s = setup();
  t.after(() => s.alarms.stop());
  s.rules.create(hot);
  s.rules.create({ ...hot, sensorId: 'temp2', severity: 'fatal' });
  s.send(90);
  const mid = s.clock.now + 1;
  s.send(90, 'temp2');
  assert.equal(s.alarms.list({ severities: ['fatal'] }).length, 1);
  assert.equal(s.alarms.list({ states: ['unack'] }).length, 2);
  assert.equal(s.alarms.list({ gatewayId: 'gw2' }).length, 0);
  assert.deepEqual(
    s.alarms.list({ from: mid }).map((a) => a.sensorId),
    ['temp2'],
  );
  assert.deepEqual(
    s.alarms.list({ to: mid }).map((a) => a.sensorId),
    ['temp'],
  );
  assert.equal(s.alarms.list({ open: false }).length, 0);
});

test('a restart keeps the alarm and its condition: no second alarm, the return to normal is seen', () => {
  const db = tempSiteDatabase();
  const clock = { now: T0 };
  const before = setup(db, clock);
  before.rules.create(hot);
  before.send(95);
  const [alarm] = before.open();
  before.alarms.ack(alarm!.id, 'ana');
  before.alarms.stop();
  before.rules.stop();

  const after = setup(db, clock);
  after.send(96);
  assert.deepEqual(
    after.open().map((a) => [a.id, a.state, a.ackedBy]),
    [[alarm!.id, 'ack', 'ana']],
  );
  after.send(10);
  assert.equal(after.alarms.get(alarm!.id).state, 'cleared');
  after.alarms.stop();
});
