// POST /api/v1/rules/actions/test and email rules through a real site: a real SMTP relay (smtp-server)
// receives the test mail with the sensor's latest value, name and unit; bad actions are 400s naming the
// field; a site without a relay refuses e-mail actions; and on a site whose relay hangs, a gateway's value
// is acknowledged and another rule's dataPush arrives at once while the mail waits.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import type { ActionTestRequest, ActionTestResult, ApiError } from '../../../src/shared/api.js';
import type { ActionResult, Rule, RuleAction, SensorView } from '../../../src/shared/model.js';
import { startMuteRelay, startRelay, type TestRelay } from '../../support/smtp.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = 'a0b1c2d3e4f5';
const TEMP = `${GW}-0-temp`;

const EMAIL: RuleAction = {
  agent: 'email',
  method: {
    id: 'send',
    params: {
      to: 'maintenance@plant.example',
      subject: '[{{ruleName}}] {{sensorName}}@{{gatewayName}}: {{value}} {{unit}}',
      body: '{{sensorName}} on {{gatewayName}} reads {{value}} {{unit}}.',
    },
  },
};

let relay: TestRelay;
let t: TestSite;
let gateway: MqttClient;

before(async () => {
  relay = await startRelay();
  t = await startTestSite({
    smtp: {
      host: '127.0.0.1',
      port: relay.port,
      secure: false,
      from: 'edge-site@plant.example',
      timeoutMs: 2000,
    },
  });
  const key = await t.registerGateway(GW);
  await t.registerSensor(GW, key, TEMP, 'temperature');
  await t.api('PUT', `/api/v1/gateways/${GW}`, { name: 'Press line 2' });
  gateway = await t.connect(GW, { username: GW, password: key });
  await gateway.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), 85.5] }), { qos: 1 });
  await eventually('the latest value', async () => {
    const res = await t.api<SensorView>('GET', `/api/v1/gateways/${GW}/sensors/${TEMP}`);
    return res.body.latest?.value === 85.5;
  });
});
after(async () => {
  await t?.destroy();
  await relay?.close();
});

const testAction = (body: ActionTestRequest | Record<string, unknown>) =>
  t.api<ActionTestResult & ApiError>('POST', '/api/v1/rules/actions/test', body);

test("a test mail carries the named sensor's latest value, its name, unit and gateway name", async () => {
  const gw = (await t.api<{ name: string }>('GET', `/api/v1/gateways/${GW}`)).body;
  const res = await testAction({ action: EMAIL, gatewayId: GW, sensorId: TEMP });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body).sort(), ['attempts', 'durationMs', 'reason', 'status']);
  assert.equal(res.body.status, 'success');
  assert.equal(res.body.attempts, 1);
  assert.equal(res.body.reason, null);
  assert.ok(Number.isInteger(res.body.durationMs) && res.body.durationMs >= 0);
  const mail = relay.mails.at(-1)!;
  assert.deepEqual(mail.to, ['maintenance@plant.example']);
  assert.equal(mail.from, 'edge-site@plant.example');
  assert.equal(mail.subject, `[Test of email/send] ${TEMP}@${gw.name}: 85.5 °C`);
  assert.equal(mail.text, `${TEMP} on ${gw.name} reads 85.5 °C.`);
});

test('without a sensor the test runs on placeholders', async () => {
  const res = await testAction({ action: EMAIL });
  assert.equal(res.body.status, 'success');
  assert.equal(relay.mails.at(-1)!.text, '(sensor) on (gateway) reads (value) .');
});

test('a failing action is a 200 with status failure and its reason, tried once', async () => {
  const hook = createServer((req, res) => {
    req.resume();
    res.statusCode = 500;
    res.end('receiver broken');
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  after(() => {
    hook.closeAllConnections();
    hook.close();
  });
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const res = await testAction({
    action: { agent: 'dataPush', method: { id: 'push', params: { url, retries: 3 } } },
    gatewayId: GW,
    sensorId: TEMP,
  });
  assert.equal(res.status, 200);
  assert.deepEqual(
    [res.body.status, res.body.attempts, res.body.reason],
    ['failure', 1, 'HTTP 500: receiver broken'],
  );
});

test('bad test requests: 400 naming the field, 404 for an unknown sensor', async () => {
  const params = EMAIL.method.params!;
  const cases: Array<[Record<string, unknown>, number, RegExp]> = [
    [
      { action: { ...EMAIL, method: { id: 'send', params: { ...params, to: 'nobody' } } } },
      400,
      /action\.method\.params\.to: "nobody" is not an e-mail address/,
    ],
    [
      { action: { ...EMAIL, method: { id: 'send', params: { ...params, body: '{{sensorId}}' } } } },
      400,
      /action\.method\.params\.body: unknown template field \{\{sensorId\}\}/,
    ],
    [
      { action: { ...EMAIL, method: { id: 'send', params: { to: 'a@b.example' } } } },
      400,
      /action\.method\.params\.subject must be a non-empty string/,
    ],
    [{ action: { agent: 'fax', method: { id: 'send' } } }, 400, /action\.agent: unknown agent "fax"/],
    [{ action: EMAIL, sensorId: TEMP }, 400, /body\.gatewayId is required with sensorId/],
    [{}, 400, /action/],
    [{ action: EMAIL, gatewayId: GW, sensorId: 'nope' }, 404, /nope/],
    [{ action: EMAIL, gatewayId: 'ffffffffffff' }, 404, /ffffffffffff/],
  ];
  for (const [body, status, message] of cases) {
    const res = await testAction(body);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(res.body.code, status === 400 ? 'ES_BAD_REQUEST' : 'ES_NOT_FOUND');
    assert.match(res.body.message, message);
  }
});

test('a rule with email/send is saved on a site with a relay; refused by name on a site without one', async () => {
  const rule = {
    name: 'Motor hot',
    severity: 'fatal',
    gatewayId: GW,
    sensorId: TEMP,
    method: 'over',
    threshold: 80,
    actions: [EMAIL],
  };
  const created = await t.api<Rule>('POST', '/api/v1/rules', rule);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.actions, [EMAIL]);
  await t.api('DELETE', `/api/v1/rules/${created.body.id}`);

  const bare = await startTestSite();
  after(() => bare.destroy());
  const key = await bare.registerGateway(GW);
  await bare.registerSensor(GW, key, TEMP, 'temperature');
  const refused = await bare.api<ApiError>('POST', '/api/v1/rules', rule);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'ES_BAD_REQUEST');
  assert.match(
    refused.body.message,
    /actions\[0\]\.agent: email\/send needs an SMTP relay, and this site has none/,
  );
  const test = await bare.api<ApiError>('POST', '/api/v1/rules/actions/test', { action: EMAIL });
  assert.equal(test.status, 400);
  assert.match(test.body.message, /action\.agent: email\/send needs an SMTP relay/);
});

test("a hanging relay: the value is acknowledged and another rule's dataPush arrives at once", async () => {
  const mute = await startMuteRelay();
  const pushes: number[] = [];
  const hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pushes.push(Date.now());
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const s = await startTestSite({
    smtp: {
      host: '127.0.0.1',
      port: mute.port,
      secure: false,
      from: 'edge-site@plant.example',
      timeoutMs: 3000,
    },
  });
  after(async () => {
    await s.destroy();
    hook.closeAllConnections();
    hook.close();
    await mute.close();
  });
  const key = await s.registerGateway(GW);
  await s.registerSensor(GW, key, TEMP, 'temperature');
  const base = { severity: 'warning', gatewayId: GW, sensorId: TEMP, method: 'over', threshold: 80 };
  const mailRule = await s.api<Rule>('POST', '/api/v1/rules', {
    ...base,
    name: 'Mail',
    actions: [{ ...EMAIL, method: { ...EMAIL.method, params: { ...EMAIL.method.params, retries: 0 } } }],
  });
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const pushRule = await s.api<Rule>('POST', '/api/v1/rules', {
    ...base,
    name: 'Push',
    actions: [{ agent: 'dataPush', method: { id: 'push', params: { url } } }],
  });
  assert.deepEqual([mailRule.status, pushRule.status], [201, 201]);
  const gw = await s.connect(GW, { username: GW, password: key });
  // a first value below the thresholds: the site's first commit (its writer thread starting) is not timed
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), 20] }), { qos: 1 });
  const started = Date.now();
  // QoS 1: resolves on the PUBACK, which the site sends once the value is committed
  await gw.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [TEMP]: [Date.now(), 91] }), { qos: 1 });
  const acked = Date.now() - started;
  assert.ok(acked < 1000, `PUBACK after ${acked} ms`);
  await eventually('the dataPush', () => pushes.length > 0, 1000);
  assert.ok(pushes[0]! - started < 1000, `dataPush after ${pushes[0]! - started} ms`);
  const results = (id: number) =>
    s.api<{ data: ActionResult[] }>('GET', `/api/v1/rules/${id}/actionResults`).then((r) => r.body.data);
  // recorded once the receiver's answer is in, a moment after its request arrived
  const [pushed] = await eventually(
    'the dataPush result',
    () => results(pushRule.body.id).then((r) => (r.length > 0 ? r : null)),
    1000,
  );
  assert.equal(pushed?.status, 'success');
  // the mail is still waiting for its relay, then fails on time with the reason
  assert.deepEqual(await results(mailRule.body.id), []);
  const [mail] = await eventually(
    'the mail failure',
    () => results(mailRule.body.id).then((r) => (r.length > 0 ? r : null)),
    8000,
  );
  assert.ok(mail);
  assert.deepEqual([mail.action, mail.status, mail.attempts], ['email/send', 'failure', 1]);
  assert.match(mail.reason!, /no answer within 3000 ms/);
});
