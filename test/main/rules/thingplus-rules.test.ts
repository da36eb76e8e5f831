// Rules in the Thing+ shape (protocol §9) through the API of a real site: create, read back in either
// shape, round-trip, PUT as a whole rule, refusals naming the field; a webhook action reaching a real
// local receiver when a gateway's value goes over; held-for-duration.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { ApiError } from '../../../src/shared/api.js';
import type { ActionResult, Alarm, Rule } from '../../../src/shared/model.js';
import type { ThingPlusRule } from '../../../src/main/rules/index.js';
import { RulesEngine } from '../../../src/main/rules/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import { tempSiteDatabase } from '../../support/db.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = 'b0b1c2d3e4f5';
const TEMP = `${GW}-0-temp`;
const FAN = `${GW}-0-fan`;
let apiKey = '';
let t: TestSite;
let hookUrl: string;
let hookStatus = 200;
let stopHook = (): void => undefined;
const received: unknown[] = [];

before(async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.statusCode = hookStatus;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stopHook = () => {
    server.closeAllConnections();
    server.close();
  };
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  t = await startTestSite();
  apiKey = await t.registerGateway(GW);
  await t.registerSensor(GW, apiKey, TEMP, 'temperature');
  await t.registerSensor(GW, apiKey, FAN, 'powerSwitch', 'actuator');
});
after(async () => {
  stopHook();
  await t?.destroy();
});

const thingplusRule = (over: Partial<ThingPlusRule['trigger']['method']['params']> = {}) => ({
  name: 'Motor hot',
  desc: 'motor 3',
  severity: 'warning',
  status: 'activated',
  timezone: 'Asia/Seoul',
  trigger: {
    agent: 'sensorValue',
    type: 'temperature',
    method: {
      id: 'over',
      params: { degree: 80, target: { type: 'gateway', id: GW, sensors: [TEMP] }, ...over },
    },
  },
  conditions: [],
  actions: [{ agent: 'timeline', method: { id: 'add' } }],
});

test('a Thing+ rule round-trips: POST answers it in that shape, GET ?format=thingplus gives it back', async () => {
  const created = await t.api<ThingPlusRule>('POST', '/api/v1/rules', thingplusRule({ deadband: 2 }));
  assert.equal(created.status, 201);
  const { id, ctime, mtime, ...rest } = created.body;
  assert.ok(id && ctime && mtime);
  assert.deepEqual(rest, thingplusRule({ deadband: 2 }));
  const site = (await t.api<Rule>('GET', `/api/v1/rules/${id}`)).body;
  assert.deepEqual(
    [site.method, site.threshold, site.deadband, site.timezone, site.sensorId],
    ['over', 80, 2, 'Asia/Seoul', TEMP],
  );
  const all = (await t.api<ThingPlusRule[]>('GET', '/api/v1/rules?format=thingplus')).body;
  assert.deepEqual(
    all.find((r) => r.id === id),
    created.body,
  );
  // PUT in the Thing+ shape replaces the whole rule: the deadband it leaves out is gone
  const put = await t.api<ThingPlusRule>('PUT', `/api/v1/rules/${id}`, {
    ...thingplusRule(),
    status: 'deactivated',
  });
  assert.equal(put.status, 200);
  assert.equal(put.body.status, 'deactivated');
  assert.equal(put.body.trigger.method.params.deadband, undefined);
  assert.equal((await t.api('DELETE', `/api/v1/rules/${id}`)).status, 204);
});

test('bad Thing+ rules and bad site rules are refused with 400 naming the field', async () => {
  const tp = thingplusRule();
  const cases: Array<[unknown, RegExp]> = [
    [
      {
        ...tp,
        trigger: {
          ...tp.trigger,
          method: { id: 'inRange', params: { target: { type: 'gateway', id: GW, sensors: [TEMP] } } },
        },
      },
      /min and max must be finite numbers/,
    ],
    [
      { ...tp, trigger: { ...tp.trigger, method: { id: 'sideways', params: tp.trigger.method.params } } },
      /method must be one of over, under, inRange, outOfRange, changed, rate, noData for a sensorValue rule/,
    ],
    [
      {
        ...tp,
        trigger: { agent: 'schedule', method: { id: 'cron', params: { cron: '61 * * * *' } } },
      },
      /cron "61 \* \* \* \*" is invalid/,
    ],
    [
      {
        ...tp,
        trigger: {
          ...tp.trigger,
          method: {
            id: 'over',
            params: { degree: 1, target: { type: 'gateway', id: GW, sensors: ['nope'] } },
          },
        },
      },
      /sensor nope of gateway .* does not exist/,
    ],
    [
      {
        ...tp,
        trigger: {
          ...tp.trigger,
          method: { id: 'over', params: { degree: 1, target: { type: 'gateway', id: GW, sensors: [] } } },
        },
      },
      /sensorId \(or sensorIds, or sensorType\) is required/,
    ],
    [{ ...tp, conditions: [[{ agent: 'time' }]] }, /conditions\[0\]: must be/],
    [
      {
        ...tp,
        conditions: [{ agent: 'time', method: { id: 'timeOfDay', params: { from: '25:00', to: '06:00' } } }],
      },
      /conditions\[0\]: from and to must be HH:MM/,
    ],
    [{ ...tp, timezone: 'Mars/Olympus' }, /timezone: unknown/],
    [
      {
        ...tp,
        actions: [
          {
            agent: 'actuator',
            method: { id: 'controlActuator', params: { gatewayId: GW, sensorId: FAN, cmd: 'explode' } },
          },
        ],
      },
      /actions\[0\]\.method\.params: "powerSwitch" has no command "explode" \(commands: on, off\)/,
    ],
    [
      {
        ...tp,
        actions: [
          {
            agent: 'actuator',
            method: {
              id: 'controlActuator',
              params: { gatewayId: GW, sensorId: FAN, cmd: 'on', options: { duration: 'soon' } },
            },
          },
        ],
      },
      /powerSwitch\.on: option "duration" must be a number, got "soon"/,
    ],
    [
      { ...tp, actions: [{ agent: 'dataPush', method: { id: 'push', params: { url: 'ftp://x' } } }] },
      /actions\[0\]\.method\.params\.url must be an http or https URL/,
    ],
    [
      { ...tp, actions: [{ agent: 'timeline', method: { id: 'add', params: { message: '{{sensorId}}' } } }] },
      /unknown template field \{\{sensorId\}\}/,
    ],
    [
      { name: 'x', severity: 'fatal', gatewayId: GW, sensorId: TEMP, method: 'sideways', threshold: 1 },
      /body\.method/,
    ],
    [
      {
        name: 'x',
        severity: 'fatal',
        gatewayId: GW,
        sensorId: TEMP,
        method: 'over',
        threshold: 1,
        holdSeconds: -1,
      },
      /body\.holdSeconds/,
    ],
  ];
  for (const [body, message] of cases) {
    const res = await t.api<ApiError>('POST', '/api/v1/rules', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.code, 'ES_BAD_REQUEST');
    assert.match(res.body.message, message);
  }
});

test('a webhook action: a value over → the receiver gets names and units; a 500 → recorded failure after retries', async () => {
  const created = await t.api<ThingPlusRule>('POST', '/api/v1/rules', {
    ...thingplusRule(),
    actions: [
      {
        agent: 'dataPush',
        method: {
          id: 'push',
          params: {
            url: hookUrl,
            retries: 1,
            body: { text: '{{sensorName}}: {{value}} {{unit}} ({{triggerCondition}})' },
          },
        },
      },
    ],
  });
  assert.equal(created.status, 201);
  // people see names, not ids
  assert.equal(
    (await t.api('PUT', `/api/v1/gateways/${GW}/sensors/${TEMP}`, { name: 'Motor 3' })).status,
    200,
  );
  const gw = await t.connect(GW, { username: GW, password: apiKey });
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), 91] }), { qos: 1 });
  await eventually('the webhook', () => received.length === 1);
  assert.equal((received[0] as { text: string }).text.replace(/°C|℃/, 'C'), 'Motor 3: 91 C (over 80)');
  const firstResults = async () =>
    (await t.api<{ data: ActionResult[] }>('GET', `/api/v1/rules/${created.body.id}/actionResults`)).body
      .data;
  await eventually('a success', async () => (await firstResults())[0]?.status === 'success');

  // the alarm is raised too, and an operator closes it; then a receiver failing is recorded
  hookStatus = 500;
  const [alarm] = (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms?open=true')).body.data;
  assert.equal(alarm?.state, 'unack');
  await t.api('POST', `/api/v1/alarms/${alarm!.id}/ack`, {});
  // a second rule (its own throttle) posting to the receiver that now answers 500
  const failing = await t.api<ThingPlusRule>('POST', '/api/v1/rules', {
    ...thingplusRule({ degree: 95 }),
    name: 'Motor very hot',
    actions: [{ agent: 'dataPush', method: { id: 'push', params: { url: hookUrl, retries: 1 } } }],
  });
  assert.equal(failing.status, 201);
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), 99] }), { qos: 1 });
  const results = async () =>
    (await t.api<{ data: ActionResult[] }>('GET', `/api/v1/rules/${failing.body.id}/actionResults`)).body
      .data;
  const failed = await eventually(
    'a failure',
    async () => (await results()).find((r) => r.status === 'failure'),
    10_000,
  );
  assert.deepEqual([failed.attempts, failed.reason], [2, 'HTTP 500']);
  await gw.endAsync();
});

test('an actuator action: the gateway (mqtt.js) gets controlActuator over its RPC and the result is recorded', async () => {
  const created = await t.api<Rule>('POST', '/api/v1/rules', {
    name: 'Cool down',
    severity: 'information',
    gatewayId: GW,
    sensorId: TEMP,
    method: 'under',
    threshold: -10,
    actions: [
      {
        agent: 'actuator',
        method: {
          id: 'controlActuator',
          params: { gatewayId: GW, sensorId: FAN, cmd: 'on', options: { duration: 3000 } },
        },
      },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const gw = await t.connect(GW, { username: GW, password: apiKey });
  const requests: Array<{ method: string; params: unknown }> = [];
  gw.on('message', (_topic, payload) => {
    const request = JSON.parse(payload.toString()) as { id: string; method: string; params: unknown };
    requests.push(request);
    if (request.method === 'controlActuator')
      gw.publish(`v/a/g/${GW}/res`, JSON.stringify({ id: request.id, result: 'success' }), { qos: 1 });
  });
  await gw.subscribeAsync(`v/a/g/${GW}/req`, { qos: 1 });
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), -20] }), { qos: 1 });
  const result = await eventually(
    'the action result',
    async () =>
      (await t.api<{ data: ActionResult[] }>('GET', `/api/v1/rules/${created.body.id}/actionResults`)).body
        .data[0],
  );
  assert.deepEqual(
    [result.action, result.status, result.attempts],
    ['actuator/controlActuator', 'success', 1],
  );
  assert.deepEqual(
    requests.filter((r) => r.method === 'controlActuator').map((r) => r.params),
    [{ id: FAN, cmd: 'on', options: { duration: 3000 } }],
  );
  await gw.endAsync();
});

test('held for a duration: active only once the condition has held that long', () => {
  const db = tempSiteDatabase();
  const timeline = new Timeline(db);
  const rules = new RulesEngine(db, timeline, () => true);
  rules.create({
    name: 'Hot 2 min',
    desc: '',
    severity: 'warning',
    status: 'activated',
    gatewayId: 'g',
    sensorId: 's',
    method: 'over',
    threshold: 80,
    holdSeconds: 120,
  });
  rules.start(1);
  const send = (time: number, value: number) =>
    rules.onValues({
      gatewayId: 'g',
      sensorId: 's',
      sensorType: 't',
      dataType: 'series',
      points: [{ time, value }],
    });
  send(0, 85);
  send(60_000, 86);
  send(100_000, 70); // dipped: the hold starts again
  send(110_000, 85);
  send(200_000, 85);
  assert.equal(timeline.list().data.length, 0);
  send(230_000, 85);
  assert.equal(timeline.list().data.length, 1);
});
