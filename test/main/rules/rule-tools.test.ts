// The rule tools through the API of a real site: a rule tested against values a gateway (mqtt.js) sent
// before it is saved, every trigger kind round-tripping in the Thing+ shape, export → import of many
// rules as one file (all or none), and the evaluation history of a saved rule.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError } from '../../../src/shared/api.js';
import type { Rule } from '../../../src/shared/model.js';
import type { RuleEvaluation, RuleTestResult } from '../../../src/shared/rules.js';
import type { ThingPlusRule } from '../../../src/main/rules/index.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = 'c0c1c2d3e4f5';
const TEMP = `${GW}-0-temp`;
const TEMP2 = `${GW}-1-temp`;
const DOOR = `${GW}-0-door`;
let t: TestSite;
let apiKey = '';
const T0 = Date.now() - 3_600_000;

before(async () => {
  t = await startTestSite();
  apiKey = await t.registerGateway(GW);
  await t.registerSensor(GW, apiKey, TEMP, 'temperature');
  await t.registerSensor(GW, apiKey, TEMP2, 'temperature');
  await t.registerSensor(GW, apiKey, DOOR, 'onoff');
  // an hour ago, one value a minute: 70, 85, 86, 70, 90, 70 …
  const values = [70, 85, 86, 70, 90, 70];
  const gw = await t.connect(GW, { username: GW, password: apiKey });
  const series = values.flatMap((v, i) => [T0 + i * 60_000, v]);
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: series }), { qos: 1 });
  await gw.endAsync();
});
after(async () => t?.destroy());

const siteRule = (over: Record<string, unknown> = {}) => ({
  name: 'Motor hot',
  severity: 'warning',
  gatewayId: GW,
  sensorId: TEMP,
  method: 'over',
  threshold: 80,
  ...over,
});

test('POST /rules/test: when the rule would have fired and cleared over stored values, nothing saved', async () => {
  const res = await t.api<RuleTestResult>('POST', '/api/v1/rules/test', {
    rule: siteRule({ deadband: 0 }),
    from: new Date(T0 - 1000).toISOString(),
    to: T0 + 3_600_000,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.evaluated, 6);
  assert.deepEqual(
    res.body.events.map((e) => [e.kind, (e.time - T0) / 60_000, e.value]),
    [
      ['raised', 1, 85],
      ['cleared', 3, 70],
      ['raised', 4, 90],
      ['cleared', 5, 70],
    ],
  );
  assert.equal((await t.api<Rule[]>('GET', '/api/v1/rules')).body.length, 0);
  // held for 60 s: only the excursion that lasted two values
  const held = await t.api<RuleTestResult>('POST', '/api/v1/rules/test', {
    rule: siteRule({ holdSeconds: 60 }),
    from: T0 - 1000,
    to: T0 + 3_600_000,
  });
  assert.deepEqual(
    held.body.events.map((e) => [e.kind, (e.time - T0) / 60_000]),
    [
      ['raised', 2],
      ['cleared', 3],
    ],
  );
  const bad = await t.api<ApiError>('POST', '/api/v1/rules/test', {
    rule: siteRule({ method: 'inRange' }),
    from: T0,
    to: T0 + 1000,
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /min and max must be finite numbers/);
});

const kinds: Array<[string, Record<string, unknown>]> = [
  ['inRange', { method: 'inRange', min: 0, max: 40 }],
  ['outOfRange with deadband', { method: 'outOfRange', min: 10, max: 40, deadband: 1 }],
  ['changed on a door', { sensorId: DOOR, method: 'changed', from: 0, to: 1, throttleSeconds: 0 }],
  ['rate', { method: 'rate', threshold: 5, windowSeconds: 60 }],
  ['noData', { method: 'noData', windowSeconds: 300 }],
  ['two sensors', { sensorIds: [TEMP, TEMP2] }],
  ['a sensor type', { sensorId: '', sensorType: 'temperature' }],
  ['gateway status', { agent: 'gatewayStatus', sensorId: '', method: 'status', statuses: ['off', 'err'] }],
  [
    'schedule with a condition',
    {
      agent: 'schedule',
      sensorId: '',
      method: 'cron',
      cron: '0 8 * * 1-5',
      timezone: 'Asia/Seoul',
      conditions: [
        { type: 'timeOfDay', from: '07:00', to: '19:00', days: [1, 2, 3, 4, 5] },
        { type: 'sensorValue', gatewayId: GW, sensorId: TEMP, method: 'over', threshold: 0 },
        { type: 'gatewayStatus', gatewayId: GW, status: 'on' },
      ],
    },
  ],
];

for (const [name, over] of kinds) {
  test(`a ${name} rule round-trips through the Thing+ shape`, async () => {
    // a threshold only where the method uses one (Thing+ `degree`): elsewhere it is not carried
    const degree = ['over', 'under', 'rate', undefined].includes(over.method as string)
      ? {}
      : { threshold: 0 };
    const created = await t.api<Rule>(
      'POST',
      '/api/v1/rules',
      siteRule({ timezone: 'Asia/Seoul', ...degree, ...over }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const tp = (await t.api<ThingPlusRule>('GET', `/api/v1/rules/${created.body.id}?format=thingplus`)).body;
    const { id: _id, ctime: _c, mtime: _m, ...body } = tp;
    // the Thing+ body posted again is the same rule
    const posted = await t.api<ThingPlusRule>('POST', '/api/v1/rules', body);
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const again = (await t.api<Rule>('GET', `/api/v1/rules/${posted.body.id}`)).body;
    const strip = ({ id: _i, ctime: _a, mtime: _b, ...rest }: Rule) => rest;
    assert.deepEqual(strip(again), strip(created.body));
    await t.api('DELETE', `/api/v1/rules/${created.body.id}`);
    await t.api('DELETE', `/api/v1/rules/${again.id}`);
  });
}

test('export → import: many rules as one file; an import with one bad rule stores none', async () => {
  for (const [, over] of kinds.slice(0, 4)) await t.api('POST', '/api/v1/rules', siteRule(over));
  const exported = await t.api<{ rules: ThingPlusRule[] }>('GET', '/api/v1/rules/export');
  assert.equal(exported.status, 200);
  const head = await t.fetch(`http://127.0.0.1:${t.site.ports.http}/api/v1/rules/export`);
  assert.match(String(head.headers.get('content-disposition')), /edge-site-rules\.json/);
  assert.equal(exported.body.rules.length, 4);
  const bad = await t.api<ApiError>('POST', '/api/v1/rules/import', {
    rules: [
      ...exported.body.rules,
      {
        ...exported.body.rules[0],
        trigger: {
          agent: 'sensorValue',
          method: {
            id: 'over',
            params: { degree: 1, target: { type: 'gateway', id: GW, sensors: ['gone'] } },
          },
        },
      },
    ],
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /rules\[4\] \(Motor hot\): sensor gone of gateway/);
  assert.equal((await t.api<Rule[]>('GET', '/api/v1/rules')).body.length, 4);
  const ok = await t.api<{ data: Rule[] }>('POST', '/api/v1/rules/import', exported.body);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal((await t.api<Rule[]>('GET', '/api/v1/rules')).body.length, 8);
  for (const r of (await t.api<Rule[]>('GET', '/api/v1/rules')).body)
    await t.api('DELETE', `/api/v1/rules/${r.id}`);
});

test('GET /rules/{id}/evaluations: why a rule did or did not fire', async () => {
  const created = await t.api<Rule>(
    'POST',
    '/api/v1/rules',
    siteRule({ threshold: 50, throttleSeconds: 3600 }),
  );
  const gw = await t.connect(GW, { username: GW, password: apiKey });
  const now = Date.now();
  await gw.publishAsync(
    `v/a/g/${GW}`,
    JSON.stringify({ [TEMP]: [now, 40, now + 1, 60, now + 2, 61, now + 3, 30, now + 4, 20] }),
    { qos: 1 },
  );
  await gw.endAsync();
  const evaluations = await eventually('the evaluations', async () => {
    const data = (
      await t.api<{ data: RuleEvaluation[] }>('GET', `/api/v1/rules/${created.body.id}/evaluations`)
    ).body.data;
    return data[0]?.value === 20 ? data : undefined;
  });
  // what changed something or has a reason, newest first, headed by the latest evaluation (20)
  assert.deepEqual(
    evaluations.map((e) => [e.value, e.active, e.fired, e.reason]),
    [
      [20, false, false, null],
      [30, false, false, null],
      [61, true, false, 'throttled'],
      [60, true, true, null],
    ],
  );
  assert.equal((await t.api('GET', '/api/v1/rules/99999/evaluations')).status, 404);
});

test('a gateway status rule on a real broker: the gateway going away raises an alarm, coming back returns it', async () => {
  const created = await t.api<Rule>(
    'POST',
    '/api/v1/rules',
    siteRule({
      name: 'Gateway lost',
      agent: 'gatewayStatus',
      sensorId: '',
      method: 'status',
      statuses: ['off'],
    }),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const alarmState = async () =>
    (
      await t.api<{ data: Array<{ ruleId: number; state: string }> }>('GET', '/api/v1/alarms?open=true')
    ).body.data.find((a) => a.ruleId === created.body.id)?.state;
  const gw = await t.connect(GW, { username: GW, password: apiKey });
  await gw.endAsync();
  await eventually('alarm raised', async () => (await alarmState()) === 'unack');
  const back = await t.connect(GW, { username: GW, password: apiKey });
  await eventually('returned to normal', async () => (await alarmState()) === 'rtn_unack');
  await back.endAsync();
  await t.api('DELETE', `/api/v1/rules/${created.body.id}`);
});

test('PUT in the site shape: null puts an optional field back to its default (a type rule becomes a sensor rule)', async () => {
  const created = await t.api<Rule>(
    'POST',
    '/api/v1/rules',
    siteRule({ sensorId: '', sensorType: 'temperature', deadband: 2 }),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const put = await t.api<Rule>('PUT', `/api/v1/rules/${created.body.id}`, {
    sensorType: null,
    sensorId: TEMP2,
    deadband: null,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.sensorType, undefined);
  assert.equal(put.body.sensorId, TEMP2);
  assert.equal(put.body.deadband, undefined);
  const bad = await t.api<ApiError>('PUT', `/api/v1/rules/${created.body.id}`, { name: null });
  assert.equal(bad.status, 400);
  await t.api('DELETE', `/api/v1/rules/${created.body.id}`);
});
