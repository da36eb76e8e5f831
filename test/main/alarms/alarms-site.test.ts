// The loop on a real site: a gateway played by mqtt.js publishes over a threshold → an alarm `unack` in the
// API → ack → the value comes back → `cleared`; a restart in the middle of an alarm's life keeps it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { ApiError } from '../../../src/shared/api.js';
import type { Alarm, Rule } from '../../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = 'a0b1c2d3e4f5';
const TEMP = `${GW}-0-temp`;
const FIELDS = [
  'id',
  'ruleId',
  'ruleName',
  'severity',
  'state',
  'gatewayId',
  'sensorId',
  'value',
  'raisedAt',
  'ackedAt',
  'ackedBy',
  'clearedAt',
  'shelvedUntil',
].sort();

let t: TestSite;
after(() => t?.destroy());

async function publish(gw: MqttClient, value: number): Promise<void> {
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), value] }), { qos: 1 });
}

const openAlarms = async (): Promise<Alarm[]> =>
  (await t.api<{ data: Alarm[] }>('GET', '/api/v1/alarms?open=true')).body.data;

test('over the threshold → unack → ack → back to normal → cleared, through the API', async () => {
  t = await startTestSite();
  const key = await t.registerGateway(GW);
  await t.registerSensor(GW, key, TEMP, 'temperature');
  const created = await t.api<Rule>('POST', '/api/v1/rules', {
    name: 'Motor hot',
    severity: 'fatal',
    gatewayId: GW,
    sensorId: TEMP,
    method: 'over',
    threshold: 80,
    deadband: 1,
  });
  assert.equal(created.status, 201);
  const gw = await t.connect(GW, { username: GW, password: key });
  await publish(gw, 70);
  await publish(gw, 85);
  const [alarm] = await eventually('an open alarm', async () => (await openAlarms())[0] && openAlarms());
  assert.ok(alarm);
  assert.deepEqual(Object.keys(alarm).sort(), FIELDS);
  assert.equal(alarm.state, 'unack');
  assert.equal(alarm.ruleId, created.body.id);
  assert.equal(alarm.ruleName, 'Motor hot');
  assert.equal(alarm.severity, 'fatal');
  assert.equal(alarm.gatewayId, GW);
  assert.equal(alarm.sensorId, TEMP);
  assert.equal(alarm.value, 85);

  const ack = await t.api<Alarm>('POST', `/api/v1/alarms/${alarm.id}/ack`, { comment: 'on it' });
  assert.equal(ack.status, 200);
  assert.equal(ack.body.state, 'ack');
  assert.equal(ack.body.ackedBy, 'admin', 'the signed-in user acknowledged it');
  const again = await t.api<ApiError>('POST', `/api/v1/alarms/${alarm.id}/ack`, {});
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'ES_CONFLICT');

  await publish(gw, 79.5); // within the deadband: still active
  await publish(gw, 60);
  await eventually('cleared', async () => (await openAlarms()).length === 0);
  const cleared = (await t.api<Alarm>('GET', `/api/v1/alarms/${alarm.id}`)).body;
  assert.equal(cleared.state, 'cleared');
  assert.ok(cleared.clearedAt! >= cleared.ackedAt!);
  const closed = (
    await t.api<{ data: Alarm[] }>('GET', `/api/v1/alarms?open=false&severity=fatal&gateway=${GW}`)
  ).body.data;
  assert.deepEqual(
    closed.map((a) => a.id),
    [alarm.id],
  );

  // a new excursion right away (inside the action throttle) raises a new alarm at once
  await publish(gw, 90);
  const [second] = await eventually('a second alarm', async () => (await openAlarms())[0] && openAlarms());
  assert.notEqual(second!.id, alarm.id);
  await gw.endAsync();
});

test('a restart in the middle of an alarm keeps it (shelved, with its time and reason)', async () => {
  const [alarm] = await openAlarms();
  const shelved = await t.api<Alarm>('POST', `/api/v1/alarms/${alarm!.id}/shelve`, {
    minutes: 30,
    reason: 'maintenance',
    user: 'ana',
  });
  assert.equal(shelved.body.state, 'shelved');
  await t.stop();
  t = await startTestSite({}, t.dataDir);
  const [back] = await openAlarms();
  assert.deepEqual(back, shelved.body);
  const unshelved = await t.api<Alarm>('POST', `/api/v1/alarms/${alarm!.id}/unshelve`, { user: 'ana' });
  assert.equal(unshelved.body.state, 'unack');
  const timeline = (await t.api<{ data: Array<{ message: string }> }>('GET', '/api/v1/timelines')).body.data;
  // by the signed-in user, whatever the body's `user` says
  assert.ok(timeline.some((e) => e.message.includes('unack → shelved by admin (maintenance)')));
});

test('bad requests name the field', async () => {
  const cases: Array<[string, string, unknown, number, RegExp]> = [
    ['GET', '/api/v1/alarms?state=burning', undefined, 400, /state/],
    ['GET', '/api/v1/alarms?severity=huge', undefined, 400, /severity/],
    ['GET', '/api/v1/alarms?from=yesterday', undefined, 400, /from/],
    ['POST', '/api/v1/alarms/1/shelve', { minutes: 0, reason: 'x' }, 400, /minutes/],
    ['POST', '/api/v1/alarms/1/shelve', { minutes: 5 }, 400, /reason/],
    ['POST', '/api/v1/alarms/999/ack', {}, 404, /alarm 999/],
  ];
  for (const [method, path, body, status, message] of cases) {
    const res = await t.api<ApiError>(method, path, body);
    assert.equal(res.status, status, path);
    assert.match(res.body.message, message, path);
  }
});
