// GET /alarms filters and GET /alarms/stats on a real site: two gateways played by mqtt.js, rules of
// every severity, alarms left in several states; the live WebSocket carries every alarm change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';
import type { AlarmPage, AlarmStats, ApiError, LiveEvent } from '../../../src/shared/api.js';
import type { Alarm, Rule } from '../../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GA = 'aa00000000a1';
const GB = 'bb00000000b2';
const A_TEMP = `${GA}-0-temp`;
const A_HUM = `${GA}-0-hum`;
const B_TEMP = `${GB}-0-temp`;

let t: TestSite;
let gwA: MqttClient;
let gwB: MqttClient;
let socket: WebSocket;
const liveAlarms: Alarm[] = [];
let clock = Date.now();
const ids = { hot: 0, cold: 0, humid: 0 };
const rules = { hot: 0, cold: 0, humid: 0 };

async function publish(gw: MqttClient, gatewayId: string, sensorId: string, value: number): Promise<void> {
  // every point a new time: the store drops a second point at the same time as a duplicate
  clock = Math.max(clock + 1, Date.now());
  await gw.publishAsync(`v/a/g/${gatewayId}`, JSON.stringify({ [sensorId]: [clock, value] }), { qos: 1 });
}

async function rule(body: Partial<Rule>): Promise<number> {
  const res = await t.api<Rule>('POST', '/api/v1/rules', { deadband: 0, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const list = async (query: string): Promise<number[]> => {
  const res = await t.api<AlarmPage>('GET', `/api/v1/alarms?${query}`);
  assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
  return res.body.data.map((a) => a.id).sort((a, b) => a - b);
};

const openFor = (ruleId: number) =>
  eventually(`an open alarm of rule ${ruleId}`, async () =>
    (await t.api<AlarmPage>('GET', '/api/v1/alarms?open=true')).body.data.find((a) => a.ruleId === ruleId),
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  t = await startTestSite();
  socket = new WebSocket(`ws://127.0.0.1:${t.site.ports.http}/api/v1/live`, {
    headers: await t.authHeaders(),
  });
  socket.on('message', (data: Buffer) => {
    const ev = JSON.parse(data.toString()) as LiveEvent;
    if (ev.type === 'alarm') liveAlarms.push(ev.alarm);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const keyA = await t.registerGateway(GA);
  const keyB = await t.registerGateway(GB);
  await t.registerSensor(GA, keyA, A_TEMP, 'temperature');
  await t.registerSensor(GA, keyA, A_HUM, 'humidity');
  await t.registerSensor(GB, keyB, B_TEMP, 'temperature');
  rules.hot = await rule({
    name: 'A hot',
    severity: 'fatal',
    gatewayId: GA,
    sensorId: A_TEMP,
    method: 'over',
    threshold: 80,
  });
  rules.cold = await rule({
    name: 'B cold',
    severity: 'warning',
    gatewayId: GB,
    sensorId: B_TEMP,
    method: 'under',
    threshold: 5,
  });
  rules.humid = await rule({
    name: 'A humid',
    severity: 'information',
    gatewayId: GA,
    sensorId: A_HUM,
    method: 'over',
    threshold: 90,
  });
  gwA = await t.connect(GA, { username: GA, password: keyA });
  gwB = await t.connect(GB, { username: GB, password: keyB });

  // hot: unack (fatal, A) · cold: ack (warning, B) · humid: cleared (information, A); raised in that order
  await publish(gwA, GA, A_TEMP, 85);
  ids.hot = (await openFor(rules.hot)).id;
  await sleep(5);
  await publish(gwB, GB, B_TEMP, 2);
  ids.cold = (await openFor(rules.cold)).id;
  assert.equal((await t.api<Alarm>('POST', `/api/v1/alarms/${ids.cold}/ack`, {})).body.state, 'ack');
  await sleep(5);
  await publish(gwA, GA, A_HUM, 95);
  ids.humid = (await openFor(rules.humid)).id;
  await t.api('POST', `/api/v1/alarms/${ids.humid}/ack`, { comment: 'seen' });
  await publish(gwA, GA, A_HUM, 50);
  await eventually('humid cleared', async () => (await list('open=false')).includes(ids.humid));
});

after(async () => {
  socket?.close();
  await t?.destroy();
});

test('every filter of GET /alarms, alone and combined', async () => {
  const hot = (await t.api<Alarm>('GET', `/api/v1/alarms/${ids.hot}`)).body;
  const cold = (await t.api<Alarm>('GET', `/api/v1/alarms/${ids.cold}`)).body;
  const humid = (await t.api<Alarm>('GET', `/api/v1/alarms/${ids.humid}`)).body;
  assert.ok(hot.raisedAt < cold.raisedAt && cold.raisedAt < humid.raisedAt);
  const cases: Array<[string, number[]]> = [
    ['', [ids.hot, ids.cold, ids.humid]],
    ['open=true', [ids.hot, ids.cold]],
    ['open=false', [ids.humid]],
    ['state=ack', [ids.cold]],
    ['state=unack,cleared', [ids.hot, ids.humid]],
    ['state=unack&state=ack', [ids.hot, ids.cold]],
    ['severity=fatal', [ids.hot]],
    ['severity=warning,information', [ids.cold, ids.humid]],
    [`gatewayId=${GB}`, [ids.cold]],
    [`gateway=${GA}`, [ids.hot, ids.humid]],
    [`gatewayId=${GA}&gateway=${GA}`, [ids.hot, ids.humid]],
    ['gatewayId=nobody', []],
    [`from=${cold.raisedAt}`, [ids.cold, ids.humid]],
    [`to=${cold.raisedAt}`, [ids.hot]],
    [`from=${cold.raisedAt}&to=${humid.raisedAt}`, [ids.cold]],
    [`from=${new Date(cold.raisedAt).toISOString()}`, [ids.cold, ids.humid]],
    [`open=true&severity=fatal,warning&gatewayId=${GA}`, [ids.hot]],
    [`open=true&from=${humid.raisedAt}`, []],
  ];
  for (const [query, want] of cases) {
    assert.deepEqual(
      await list(query),
      want.sort((a, b) => a - b),
      query || '(no filter)',
    );
  }
  const conflict = await t.api<ApiError>('GET', `/api/v1/alarms?gateway=${GA}&gatewayId=${GB}`);
  assert.equal(conflict.status, 400);
  assert.deepEqual(conflict.body.code, 'ES_BAD_REQUEST');
});

test('every alarm change reaches the live feed as {type: alarm}', async () => {
  const states = (id: number) => liveAlarms.filter((a) => a.id === id).map((a) => a.state);
  await eventually('live alarm events', () => states(ids.humid).includes('cleared'));
  assert.deepEqual(states(ids.hot), ['unack']);
  assert.deepEqual(states(ids.cold), ['unack', 'ack']);
  assert.deepEqual(states(ids.humid), ['unack', 'ack', 'cleared']);
  // operator actions too: shelve and unshelve
  await t.api('POST', `/api/v1/alarms/${ids.hot}/shelve`, { minutes: 5, reason: 'test' });
  await t.api('POST', `/api/v1/alarms/${ids.hot}/unshelve`, {});
  await eventually('shelve and unshelve live', () => states(ids.hot).length === 3);
  assert.deepEqual(states(ids.hot), ['unack', 'shelved', 'unack']);
});

test('stats: per hour, a flood and a chattering alarm from 11 quick excursions, nothing stale', async () => {
  const start = Date.now() - 1;
  // ack then back to normal closes the alarm, so the next excursion raises a new one
  for (let i = 0; i < 11; i++) {
    const open = await openFor(rules.hot);
    await t.api('POST', `/api/v1/alarms/${open.id}/ack`, {});
    await publish(gwA, GA, A_TEMP, 60);
    await eventually('hot closed', async () => !(await list('open=true&severity=fatal')).length);
    await publish(gwA, GA, A_TEMP, 85);
  }
  await openFor(rules.hot);
  const all = await t.api<AlarmStats>('GET', '/api/v1/alarms/stats');
  assert.equal(all.status, 200);
  const s = all.body;
  assert.ok(s.to - s.from === 86_400_000, 'the last 24 h by default');
  assert.ok(s.perHour.length >= 24 && s.perHour.length <= 25);
  assert.equal(
    s.perHour.reduce((n, h) => n + h.count, 0),
    14,
    '3 alarms of the setup and 11 of the loop',
  );
  assert.equal(s.floods.length, 1);
  assert.equal(s.floods[0]?.count, 14);
  assert.deepEqual(s.chattering, [
    { ruleId: rules.hot, ruleName: 'A hot', gatewayId: GA, sensorId: A_TEMP, count: 12 },
  ]);
  assert.deepEqual(s.stale, []);

  const loop = (await t.api<AlarmStats>('GET', `/api/v1/alarms/stats?from=${start}&to=${Date.now() + 1}`))
    .body;
  assert.equal(
    loop.perHour.reduce((n, h) => n + h.count, 0),
    11,
  );
  const past = (
    await t.api<AlarmStats>('GET', '/api/v1/alarms/stats?from=2020-01-01T00:00:00Z&to=2020-01-01T02:00:00Z')
  ).body;
  assert.deepEqual(
    past.perHour.map((h) => h.count),
    [0, 0],
  );
  assert.deepEqual([past.floods, past.chattering], [[], []]);
});

test('stats: bad ranges name the field', async () => {
  const cases: Array<[string, RegExp]> = [
    ['from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z', /before/],
    ['from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z', /31 days/],
    ['from=soon', /from/],
  ];
  for (const [query, message] of cases) {
    const res = await t.api<ApiError>('GET', `/api/v1/alarms/stats?${query}`);
    assert.equal(res.status, 400, query);
    assert.match(res.body.message, message, query);
  }
});
