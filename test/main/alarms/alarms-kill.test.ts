// An alarm outlives a kill -9 of the site process: raised, acknowledged (the API answers after the write),
// killed, restarted: the alarm is there in the state it was, and the value coming back closes it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import mqtt from 'mqtt';
import type { Alarm } from '../../../src/shared/model.js';
import { adminHeaders, spawnSite, type SiteProcess } from '../../support/site-process.js';
import { eventually } from '../../support/site.js';

const dataDir = mkdtempSync(join(tmpdir(), 'edge-site-alarm-kill-'));
const children: SiteProcess[] = [];
after(() => {
  for (const c of children) c.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function api<T>(site: SiteProcess, method: string, path: string, body?: unknown, headers = {}) {
  const res = await fetch(`${site.url}${path.replace(/^\//, '')}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(await adminHeaders(site.url)),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function publish(site: SiteProcess, gw: string, key: string, sensor: string, value: number) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${site.mqttPort}`, {
    clientId: gw,
    username: gw,
    password: key,
    reconnectPeriod: 0,
  });
  await client.publishAsync(`v/a/g/${gw}`, JSON.stringify({ [sensor]: [Date.now(), value] }), { qos: 1 });
  await client.endAsync();
}

test('kill -9 in the middle of an alarm keeps it', async () => {
  const gw = 'c0c1c2c3c4c5';
  const sensor = `${gw}-0-temp`;
  let site = await spawnSite(dataDir);
  children.push(site);
  const key = (
    await api<Record<string, string>>(site, 'POST', '/api/v1/registerGatewayKey', { id: gw, modelId: '34' })
  ).body[gw]!;
  const created = await api(
    site,
    'POST',
    `/gateways/${gw}/sensors`,
    { reqId: sensor, type: 'number', name: 'Oven' },
    {
      username: gw,
      apikey: key,
    },
  );
  assert.equal(created.status, 201);
  const rule = await api<{ id: number }>(site, 'POST', '/api/v1/rules', {
    name: 'Oven hot',
    severity: 'fatal',
    gatewayId: gw,
    sensorId: sensor,
    method: 'over',
    threshold: 200,
  });
  assert.equal(rule.status, 201);
  await publish(site, gw, key, sensor, 250);
  const [alarm] = await eventually('the alarm', async () => {
    const open = (await api<{ data: Alarm[] }>(site, 'GET', '/api/v1/alarms?open=true')).body.data;
    return open.length > 0 ? open : null;
  });
  const acked = await api<Alarm>(site, 'POST', `/api/v1/alarms/${alarm!.id}/ack`, { user: 'night shift' });
  assert.equal(acked.body.state, 'ack');

  site.child.kill('SIGKILL');
  await site.exited;
  site = await spawnSite(dataDir);
  children.push(site);
  const back = (await api<{ data: Alarm[] }>(site, 'GET', '/api/v1/alarms?open=true')).body.data;
  assert.deepEqual(back, [acked.body]);
  await publish(site, gw, key, sensor, 20);
  await eventually(
    'cleared',
    async () => (await api<Alarm>(site, 'GET', `/api/v1/alarms/${alarm!.id}`)).body.state === 'cleared',
  );
  site.child.kill('SIGTERM');
  await site.exited;
});
