// The plant overview's figures (stale sensors by name, errors in the last hour, where gateways connect)
// and adding a sensor from the console, on a real site.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SiteOverview } from '../../../src/shared/api.js';
import type { GatewayView, SensorView } from '../../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = '0a1b2c3d4e51';
let t: TestSite;
let key = '';

before(async () => {
  t = await startTestSite();
});
after(async () => {
  await t.destroy();
});

test('the overview says where gateways connect: the listening ports and the LAN addresses', async () => {
  const o = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  assert.equal(o.endpoints.mqttPort, t.site.ports.mqtt);
  assert.equal(o.endpoints.httpPort, t.site.ports.http);
  assert.equal(o.endpoints.gatewayHttpPort, null, 'off in this test site');
  assert.equal(o.endpoints.gatewayHttpsPort, null, 'off in this test site');
  assert.equal(o.endpoints.httpTls, false, 'loopback: plain HTTP');
  assert.ok(Array.isArray(o.endpoints.lanAddresses));
  // the console offers the site's zone next to the browser's for every time it shows
  assert.equal(o.site.timeZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.equal(typeof o.errors.lastHour, 'number');
});

test('a console-added sensor is listed; a bad type is refused; the gateway event follows live', async () => {
  key = await t.registerGateway(GW);
  await t.api('PUT', `/api/v1/gateways/${GW}`, { name: 'Press A' });
  const created = await t.api<SensorView>('POST', `/api/v1/gateways/${GW}/sensors`, {
    id: 'temp-1',
    type: 'temperature',
    name: 'Oven temperature',
  });
  assert.equal(created.status, 201);
  assert.deepEqual(
    [created.body.name, created.body.type, created.body.category],
    ['Oven temperature', 'temperature', 'sensor'],
  );
  const gw = (await t.api<GatewayView>('GET', `/api/v1/gateways/${GW}`)).body;
  assert.deepEqual(gw.sensors, ['temp-1']);
  const bad = await t.api<{ code: string }>('POST', `/api/v1/gateways/${GW}/sensors`, {
    id: 'x-1',
    type: 'no-such-type',
  });
  assert.deepEqual([bad.status, bad.body.code], [400, 'ES_BAD_REQUEST']);
  const dup = await t.api<{ code: string }>('POST', `/api/v1/gateways/${GW}/sensors`, {
    id: 'temp-1',
    type: 'temperature',
  });
  assert.equal(dup.status, 409);
  const badId = await t.api('POST', `/api/v1/gateways/${GW}/sensors`, { id: 'a b', type: 'temperature' });
  assert.equal(badId.status, 400);
  const unknownGw = await t.api('POST', '/api/v1/gateways/ffffffffffff/sensors', {
    id: 'a',
    type: 'temperature',
  });
  assert.equal(unknownGw.status, 404);
});

test('a sensor whose status expires or reports err is listed as stale by name, with its gateway name', async () => {
  const gw = await t.connect(GW, { username: GW, password: key });
  const now = Date.now();
  await gw.publishAsync(`v/a/g/${GW}/status`, `on, 90, temp-1, err:probe, ${now + 60_000}`, { qos: 1 });
  await eventually(
    'err listed',
    async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.sensors.staleCount === 1,
    4000,
  );
  const o = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  assert.equal(o.sensors.stale[0]?.name, 'Oven temperature');
  assert.equal(o.sensors.stale[0]?.status, 'err');
  assert.equal(o.sensors.stale[0]?.reason, 'probe');
  assert.equal(o.sensors.stale[0]?.gatewayName, 'Press A');
  await gw.publishAsync(`v/a/g/${GW}/s/temp-1/status`, `on,${Date.now() + 500}`, { qos: 1 });
  await eventually(
    'expired listed',
    async () =>
      (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.sensors.stale[0]?.status === 'expired',
    4000,
  );
  await gw.publishAsync(`v/a/g/${GW}/s/temp-1/status`, 'on,-1', { qos: 1 });
  await eventually(
    'healthy again',
    async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.sensors.staleCount === 0,
    4000,
  );
  await gw.endAsync();
});

test('the overview counts the gateways down and lists the longest down first, by name and since when', async () => {
  const NEVER = '0a1b2c3d4e52';
  await t.registerGateway(NEVER);
  await t.api('PUT', `/api/v1/gateways/${NEVER}`, { name: 'Never seen' });
  const gw = await t.connect(GW, { username: GW, password: key });
  await eventually(
    'connected',
    async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.gateways.connected === 1,
    4000,
  );
  let o = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  assert.equal(o.gateways.downCount, 1);
  assert.deepEqual(o.gateways.down, [{ id: NEVER, name: 'Never seen', state: 'never', since: null }]);
  const before = Date.now();
  await gw.endAsync();
  await eventually(
    'disconnected',
    async () => (await t.api<SiteOverview>('GET', '/api/v1/overview')).body.gateways.downCount === 2,
    4000,
  );
  o = (await t.api<SiteOverview>('GET', '/api/v1/overview')).body;
  assert.deepEqual(
    o.gateways.down.map((g) => [g.id, g.name, g.state]),
    [
      [NEVER, 'Never seen', 'never'],
      [GW, 'Press A', 'disconnected'],
    ],
  );
  assert.ok((o.gateways.down[1]?.since ?? 0) >= before - 1000, 'since when it went down');
});
