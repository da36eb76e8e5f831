import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleInput } from '../../src/shared/api.js';
import type { RuleTestResult } from '../../src/shared/rules.js';
import {
  actionOf,
  badJsonBody,
  draftFromRule,
  draftToInput,
  emptyAction,
  emptyCondition,
  emptyDraft,
  problemsOf,
  reasonText,
  updateBody,
  sectionOf,
} from '../../src/renderer/lib/rule-form.js';
import { alarmMarks, raisedCount, testMarks } from '../../src/renderer/lib/rule-marks.js';

const GW = '0a1b2c3d4e01';

test('a one-sensor over rule: the threshold parsed, the sensor first of the list', () => {
  const d = {
    ...emptyDraft('Asia/Seoul'),
    name: ' Oven hot ',
    gatewayId: GW,
    sensorIds: ['oven'],
    threshold: '250.5',
  };
  const { input, problems } = draftToInput(d);
  assert.deepEqual(problems, []);
  assert.equal(input.name, 'Oven hot');
  assert.equal(input.sensorId, 'oven');
  assert.equal(input.sensorIds, undefined);
  assert.equal(input.threshold, 250.5);
  assert.equal(input.timezone, 'Asia/Seoul');
  assert.equal(input.latched, false);
});

test('what is not a number is named, and an empty required field too', () => {
  const d = {
    ...emptyDraft(''),
    gatewayId: GW,
    sensorIds: ['a'],
    method: 'inRange' as const,
    min: '1e',
    max: '',
  };
  assert.deepEqual(draftToInput(d).problems, ['min', 'max']);
  const rate = {
    ...emptyDraft(''),
    method: 'rate' as const,
    threshold: '5',
    windowSeconds: 'x',
    deadband: '-',
  };
  assert.deepEqual(draftToInput(rate).problems, ['windowSeconds', 'deadband']);
});

test('several sensors, a type, a gateway status and a schedule target what they should', () => {
  const many = draftToInput({
    ...emptyDraft(''),
    gatewayId: GW,
    targetMode: 'many',
    sensorIds: ['a', 'b'],
    threshold: '1',
  });
  assert.deepEqual(many.input.sensorIds, ['a', 'b']);
  assert.equal(many.input.sensorId, 'a');
  const type = draftToInput({
    ...emptyDraft(''),
    gatewayId: GW,
    targetMode: 'type',
    sensorType: 'temperature',
    threshold: '1',
  });
  assert.equal(type.input.sensorType, 'temperature');
  assert.equal(type.input.sensorId, '');
  const gw = draftToInput({
    ...emptyDraft(''),
    agent: 'gatewayStatus',
    gatewayId: GW,
    method: 'status',
    statuses: ['off'],
  });
  assert.deepEqual(gw.input.statuses, ['off']);
  assert.equal(gw.input.sensorId, '');
  const cron = draftToInput({
    ...emptyDraft('UTC'),
    agent: 'schedule',
    method: 'cron',
    cron: ' 0 8 * * 1-5 ',
    deadband: '3',
  });
  assert.equal(cron.input.cron, '0 8 * * 1-5');
  assert.equal(cron.input.deadband, undefined, 'a schedule has no deadband');
});

test('changed: a number stays a number, a word a word, and either may be left out', () => {
  const { input } = draftToInput({ ...emptyDraft(''), method: 'changed', from: '0', to: 'open' });
  assert.equal(input.from, 0);
  assert.equal(input.to, 'open');
  assert.equal(draftToInput({ ...emptyDraft(''), method: 'changed', to: '1' }).input.from, undefined);
});

test('conditions and actions round-trip through the draft', () => {
  const rule: RuleInput = {
    name: 'r',
    desc: '',
    severity: 'fatal',
    status: 'activated',
    gatewayId: GW,
    sensorId: 'a',
    method: 'over',
    threshold: 3,
    deadband: 0.5,
    holdSeconds: 60,
    latched: true,
    conditions: [
      { type: 'sensorValue', gatewayId: GW, sensorId: 'b', method: 'under', threshold: 10 },
      { type: 'timeOfDay', from: '22:00', to: '06:00', days: [1, 2] },
      { type: 'gatewayStatus', gatewayId: GW, status: 'on' },
    ],
    actions: [
      { agent: 'timeline', method: { id: 'add', params: { message: '{{value}}' } } },
      { agent: 'dataPush', method: { id: 'push', params: { url: 'http://x/h', body: { v: '{{value}}' } } } },
      { agent: 'mqtt', method: { id: 'publish', params: { topic: 'site/x', payload: 'p' } } },
      {
        agent: 'actuator',
        method: { id: 'controlActuator', params: { gatewayId: GW, sensorId: 'sw', cmd: 'on' } },
      },
      { agent: 'email', method: { id: 'send', params: { to: 'a@x.com', subject: 's', body: 'b' } } },
    ],
  };
  const back = draftToInput(draftFromRule(rule));
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.input.conditions, rule.conditions);
  assert.deepEqual(back.input.actions, rule.actions);
  assert.equal(back.input.deadband, 0.5);
  assert.equal(back.input.holdSeconds, 60);
  assert.equal(back.input.latched, true);
});

test('a condition with every weekday leaves days out; a bad number in a condition is named by position', () => {
  const d = emptyDraft('');
  d.conditions = [
    { ...emptyCondition('timeOfDay', GW), days: [0, 1, 2, 3, 4, 5, 6] },
    { ...emptyCondition('sensorValue', GW), sensorId: 'b', threshold: 'abc' },
  ];
  const { input, problems } = draftToInput(d);
  assert.deepEqual(input.conditions?.[0], { type: 'timeOfDay', from: '08:00', to: '18:00' });
  assert.deepEqual(problems, ['threshold', 'conditions[1].threshold']);
});

test('a webhook body that is JSON is sent as JSON, other text as text; broken JSON is flagged', () => {
  const a = { ...emptyAction('dataPush'), url: 'http://h', body: '{"v": "{{value}}"}' };
  assert.deepEqual(actionOf(a).method.params, { url: 'http://h', body: { v: '{{value}}' } });
  assert.deepEqual(actionOf({ ...a, body: 'v={{value}}' }).method.params, {
    url: 'http://h',
    body: 'v={{value}}',
  });
  assert.equal(badJsonBody('{"v": '), true);
  assert.equal(badJsonBody('plain'), false);
});

test("the server's message is split into problems, each put next to its part of the form", () => {
  const ps = problemsOf(
    'invalid rule: threshold must be a finite number; conditions[0]: from and to must be HH:MM; actions[1].method.params.url is required',
  );
  assert.equal(ps.length, 3);
  assert.deepEqual(ps.map(sectionOf), ['trigger', 'conditions', 'actions']);
  assert.equal(sectionOf('body.name must NOT have fewer than 1 characters'), 'basics');
  assert.equal(sectionOf('sensor x of gateway y does not exist'), 'target');
  assert.equal(sectionOf('message: unknown template field {{foo}}'), 'options');
});

test('test events become raised → cleared spans of one sensor; an open raise runs to the end', () => {
  const result: RuleTestResult = {
    events: [
      { gatewayId: GW, sensorId: 'a', time: 10, kind: 'raised', value: 5 },
      { gatewayId: GW, sensorId: 'b', time: 12, kind: 'raised', value: 5 },
      { gatewayId: GW, sensorId: 'a', time: 20, kind: 'cleared', value: 1 },
      { gatewayId: GW, sensorId: 'a', time: 30, kind: 'raised', value: 6 },
    ],
    evaluated: 9,
    thinned: false,
    notes: [],
  };
  assert.deepEqual(testMarks(result, GW, 'a'), [
    { start: 10, end: 20, kind: 'raised' },
    { start: 30, end: null, kind: 'raised' },
  ]);
  assert.equal(raisedCount(result), 3);
});

test("a sensor's alarms become spans, other sensors' left out", () => {
  const alarm = {
    id: 1,
    ruleId: 1,
    ruleName: 'r',
    severity: 'fatal' as const,
    state: 'cleared' as const,
    gatewayId: GW,
    value: 1,
    ackedAt: null,
    ackedBy: null,
    shelvedUntil: null,
  };
  const marks = alarmMarks(
    [
      { ...alarm, sensorId: 'a', raisedAt: 50, clearedAt: null },
      { ...alarm, sensorId: 'b', raisedAt: 5, clearedAt: 6 },
      { ...alarm, sensorId: 'a', raisedAt: 5, clearedAt: 9 },
    ],
    'a',
  );
  assert.deepEqual(marks, [
    { start: 5, end: 9, kind: 'alarm' },
    { start: 50, end: null, kind: 'alarm' },
  ]);
});

test("the engine's reasons are put in the user's words; unknown ones shown as they are", () => {
  const t = (key: string, o: Record<string, unknown> = {}) => `${key}${JSON.stringify(o)}`;
  assert.equal(reasonText(null, t), '');
  assert.equal(reasonText('held: not yet for the hold time', t), 'rules.why.held{}');
  assert.equal(reasonText('throttled', t), 'rules.why.throttled{}');
  assert.equal(
    reasonText('condition 2 (time 08:00–18:00) does not hold', t),
    'rules.why.conditionFailed{"n":"2","what":"time 08:00–18:00"}',
  );
  assert.equal(reasonText('something new', t), 'something new');
});

test('an update sends what the form cleared as cleared, and a removed action list as the default', () => {
  const saved: RuleInput = {
    name: 'r',
    desc: '',
    severity: 'warning',
    status: 'activated',
    gatewayId: GW,
    sensorId: 'a',
    sensorIds: ['a', 'b'],
    method: 'over',
    threshold: 1,
    message: 'old',
    deadband: 2,
    conditions: [{ type: 'gatewayStatus', gatewayId: GW, status: 'on' }],
    actions: [{ agent: 'mqtt', method: { id: 'publish', params: { topic: 't', payload: 'p' } } }],
  };
  const { input } = draftToInput({
    ...emptyDraft(''),
    name: 'r',
    gatewayId: GW,
    sensorIds: ['a'],
    threshold: '1',
  });
  const body = updateBody(input, saved);
  assert.deepEqual(body.sensorIds, ['a']);
  assert.equal(body.message, '');
  assert.equal(body.deadband, 0);
  assert.equal(body.holdSeconds, 0);
  assert.deepEqual(body.conditions, []);
  assert.deepEqual(body.actions, [{ agent: 'timeline', method: { id: 'add', params: {} } }]);
  assert.equal(updateBody(input, { ...saved, actions: undefined }).actions, undefined);
  // a rule that watched a sensor type and now watches one sensor: the type is cleared
  assert.equal(updateBody(input, { ...saved, sensorType: 'temperature' }).sensorType, null);
  assert.equal(updateBody(input, saved).sensorType, undefined);
});
