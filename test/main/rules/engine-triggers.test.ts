// The rules engine beyond one threshold, against a real site.db and real alarms: several sensors and a
// sensor type per rule, conditions gating the rule (and saying why it did not fire), a per-rule
// throttle, status triggers, no-data by the site's clock, `changed` pulses, cron schedules, the
// evaluation history, and validation naming the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Alarms } from '../../../src/main/alarms/index.js';
import type { ServiceError } from '../../../src/main/errors.js';
import { RulesEngine, type SensorDirectory } from '../../../src/main/rules/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { RuleInput } from '../../../src/shared/api.js';
import type { SensorValue } from '../../../src/shared/model.js';
import type { StatusValue } from '../../../src/shared/rules.js';
import { tempSiteDatabase } from '../../support/db.js';

const T0 = 1_700_000_000_000;
const SENSORS: Record<string, string> = {
  t1: 'temperature',
  t2: 'temperature',
  t3: 'temperature',
  p: 'pressure',
};

function setup() {
  const db = tempSiteDatabase();
  const clock = { now: T0 };
  const latest = new Map<string, SensorValue>();
  const gatewayStatus = new Map<string, StatusValue>([['gw', 'on']]);
  const dir: SensorDirectory = {
    exists: (gw, s) => gw === 'gw' && s in SENSORS,
    gatewayExists: (gw) => gw === 'gw',
    sensorsOfType: (gw, type) => (gw === 'gw' ? Object.keys(SENSORS).filter((s) => SENSORS[s] === type) : []),
    typeOf: (_gw, s) => SENSORS[s],
    latest: (gw, s) => latest.get(`${gw}/${s}`),
    gatewayStatus: (gw) => gatewayStatus.get(gw) ?? null,
    sensorStatus: () => null,
  };
  const timeline = new Timeline(db, () => clock.now);
  const alarms = new Alarms(db, timeline, { now: () => clock.now });
  const fired: Array<{ sensorId: string; value: number | string }> = [];
  const rules = new RulesEngine(db, timeline, dir, () => clock.now, {
    alarms,
    actions: (f) => fired.push({ sensorId: f.sensorId, value: f.value }),
  });
  rules.on('changed', () => alarms.reconcileRules(rules.list()));
  rules.start(1);
  alarms.start(1);
  const send = (sensorId: string, value: SensorValue, dataType: 'series' | 'event' = 'series') => {
    clock.now += 1000;
    latest.set(`gw/${sensorId}`, value);
    rules.onValues({
      gatewayId: 'gw',
      sensorId,
      sensorType: SENSORS[sensorId] ?? 'x',
      dataType,
      points: [{ time: clock.now, value }],
    });
  };
  const open = () => alarms.list({ open: true });
  return { clock, rules, alarms, send, open, fired, latest, gatewayStatus };
}

const TIMELINE = [{ agent: 'timeline' as const, method: { id: 'add' as const } }];
const rule = (over: Partial<RuleInput>): RuleInput => ({
  name: 'r',
  desc: '',
  severity: 'warning',
  status: 'activated',
  gatewayId: 'gw',
  sensorId: 't1',
  method: 'over',
  threshold: 80,
  actions: TIMELINE,
  ...over,
});

test('several sensors in one rule: one alarm per sensor, each clears on its own', () => {
  const { rules, send, open } = setup();
  rules.create(rule({ sensorIds: ['t1', 't2'] }));
  send('t1', 81);
  send('t2', 90);
  send('t3', 99); // not a target
  assert.deepEqual(
    open()
      .map((a) => [a.sensorId, a.state])
      .sort(),
    [
      ['t1', 'unack'],
      ['t2', 'unack'],
    ],
  );
  send('t1', 70);
  assert.deepEqual(
    open()
      .map((a) => [a.sensorId, a.state])
      .sort(),
    [
      ['t1', 'rtn_unack'],
      ['t2', 'unack'],
    ],
  );
});

test('every sensor of a type on the gateway, including one the rule does not name', () => {
  const { rules, send, open } = setup();
  rules.create(rule({ sensorId: '', sensorType: 'temperature' }));
  send('t3', 85);
  send('p', 85);
  assert.deepEqual(
    open().map((a) => a.sensorId),
    ['t3'],
  );
});

test('conditions gate the rule; the evaluation history says which one failed, and throttled runs', () => {
  const { rules, send, open, fired } = setup();
  const r = rules.create(
    rule({
      conditions: [{ type: 'sensorValue', gatewayId: 'gw', sensorId: 'p', method: 'over', threshold: 2 }],
      throttleSeconds: 60,
    }),
  );
  send('t1', 85);
  assert.equal(open().length, 0, 'pressure has no value yet: the condition does not hold');
  send('p', 3);
  send('t1', 86);
  assert.equal(open().length, 1);
  send('t1', 87); // 1 s later: within the rule's 60 s throttle
  assert.equal(fired.length, 1);
  const history = rules.evaluations(r.id);
  assert.deepEqual(
    history.map((e) => [e.value, e.active, e.fired, e.reason]),
    [
      [87, true, false, 'throttled'],
      [86, true, true, null],
      [85, false, false, 'condition 1 (p@gw > 2) does not hold'],
    ],
  );
});

test('a per-rule throttle of 0 runs the actions for every active value', () => {
  const { rules, send, fired } = setup();
  rules.create(rule({ throttleSeconds: 0 }));
  send('t1', 81);
  send('t1', 82);
  send('t1', 83);
  assert.equal(fired.length, 3);
});

test('changed raises a momentary alarm: at once returned to normal, waiting for an acknowledgement', () => {
  const { rules, send, open, alarms } = setup();
  rules.create(rule({ sensorId: 'p', method: 'changed', from: 'closed', to: 'open', threshold: 0 }));
  send('p', 'closed', 'event');
  send('p', 'open', 'event');
  const [alarm] = open();
  assert.equal(alarm?.state, 'rtn_unack');
  assert.equal(alarm?.value, 'open');
  alarms.ack(alarm!.id, 'op', 'seen');
  assert.equal(open().length, 0);
});

test('gateway status: off raises, on again returns to normal', () => {
  const { rules, open, gatewayStatus } = setup();
  rules.create(rule({ agent: 'gatewayStatus', sensorId: '', method: 'status', statuses: ['off', 'err'] }));
  gatewayStatus.set('gw', 'off');
  rules.onGatewayStatus('gw');
  assert.deepEqual(
    open().map((a) => [a.sensorId, a.state, a.value]),
    [['', 'unack', 'off']],
  );
  gatewayStatus.set('gw', 'on');
  rules.onGatewayStatus('gw');
  assert.equal(open()[0]?.state, 'rtn_unack');
});

test('sensor status: a sensor reporting err raises an alarm for that sensor', () => {
  const { rules, open } = setup();
  rules.create(
    rule({
      agent: 'sensorStatus',
      sensorType: 'temperature',
      sensorId: '',
      method: 'status',
      statuses: ['err'],
    }),
  );
  rules.onSensorStatus('gw', 't2', 'err');
  rules.onSensorStatus('gw', 'p', 'err');
  assert.deepEqual(
    open().map((a) => a.sensorId),
    ['t2'],
  );
});

test('no data for N seconds, by the site clock: raised once, cleared by the next value', () => {
  const { rules, send, open, clock } = setup();
  rules.create(rule({ method: 'noData', windowSeconds: 30 }));
  rules.checkSilentSensors(); // first look: the sensor counts as seen now
  clock.now += 29_000;
  rules.checkSilentSensors();
  assert.equal(open().length, 0);
  clock.now += 2_000;
  rules.checkSilentSensors();
  rules.checkSilentSensors();
  assert.deepEqual(
    open().map((a) => a.state),
    ['unack'],
  );
  send('t1', 20);
  assert.deepEqual(
    open().map((a) => a.state),
    ['rtn_unack'],
  );
});

test('a schedule fires its actions at each cron tick (no alarm)', async () => {
  const { rules, fired, open } = setup();
  rules.create(
    rule({ agent: 'schedule', sensorId: '', method: 'cron', cron: '* * * * * *', throttleSeconds: 0 }),
  );
  await new Promise((r) => setTimeout(r, 2200));
  rules.stop();
  assert.ok(fired.length >= 1 && fired.length <= 3, `fired ${fired.length} times in 2.2 s`);
  assert.equal(open().length, 0);
  const before = fired.length;
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(fired.length, before, 'a stopped engine (not master) runs no schedule');
});

test('bad rules are refused naming the field', () => {
  const { rules } = setup();
  const cases: Array<[Partial<RuleInput>, RegExp]> = [
    [{ method: 'inRange', min: 5, max: 1 }, /min must not be greater than max/],
    [{ method: 'rate', threshold: 5 }, /windowSeconds must be a number > 0/],
    [{ method: 'noData' }, /windowSeconds must be a number ≥ 1/],
    [{ method: 'changed' }, /changed needs from, to or both/],
    [
      { agent: 'gatewayStatus', method: 'status', statuses: [] },
      /statuses must list some of on, off, err, expired/,
    ],
    [{ agent: 'schedule', method: 'cron', cron: 'every day' }, /cron "every day" is invalid/],
    [{ agent: 'schedule', method: 'over' }, /method must be one of cron for a schedule rule/],
    [{ sensorIds: ['t1', 'zz'] }, /sensor zz of gateway gw does not exist/],
    [{ gatewayId: 'nope' }, /gateway nope does not exist/],
    [{ message: '{{sensorId}} hot' }, /message: unknown template field \{\{sensorId\}\}/],
    [
      { conditions: [{ type: 'timeOfDay', from: '8:00', to: '18:00' }] },
      /conditions\[0\]: from and to must be HH:MM/,
    ],
    [{ conditions: [{ type: 'timeOfDay', from: '08:00', to: '18:00', days: [7] }] }, /conditions\[0\]\.days/],
    [{ throttleSeconds: -1 }, /throttleSeconds must be a finite number ≥ 0/],
  ];
  for (const [over, message] of cases) {
    assert.throws(
      () => rules.create(rule(over)),
      (err: ServiceError) => err.statusCode === 400 && message.test(err.message),
      JSON.stringify(over),
    );
  }
});

test('deleting a sensor drops it from a several-sensor rule; the last sensor takes the rule with it', () => {
  const { rules } = setup();
  const r = rules.create(rule({ sensorIds: ['t1', 't2'] }));
  rules.deleteForSensor('gw', 't1');
  assert.deepEqual(rules.get(r.id).sensorIds, ['t2']);
  assert.equal(rules.get(r.id).sensorId, 't2');
  rules.deleteForSensor('gw', 't2');
  assert.equal(rules.list().length, 0);
});
