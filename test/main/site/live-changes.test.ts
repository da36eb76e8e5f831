// The console's pages that show rules and dashboards read them again when the site says they changed
// (`{type: 'changed', what}` on the live WebSocket), whoever changed them. A real site on loopback and a
// WebSocket client; the cluster's standby case is in control-feed.cases.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { LiveEvent } from '../../../src/shared/api.js';
import type { Dashboard } from '../../../src/shared/dashboards.js';
import type { Rule } from '../../../src/shared/model.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const GW = '11fe0c4a0001';
const SENSOR = `${GW}-0-temperature`;
let t: TestSite;
let socket: WebSocket;
let key: string;
const changes: string[] = [];

before(async () => {
  t = await startTestSite();
  socket = new WebSocket(`ws://127.0.0.1:${t.site.ports.http}/api/v1/live`, {
    headers: await t.authHeaders(),
  });
  socket.on('message', (data: Buffer) => {
    const ev = JSON.parse(data.toString()) as LiveEvent;
    if (ev.type === 'changed') changes.push(ev.what);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  key = await t.registerGateway(GW);
  await t.registerSensor(GW, key, SENSOR, 'temperature');
});
after(async () => {
  socket?.close();
  await t?.stop();
});

/** what `act` made the site announce, once it has announced `count` changes */
async function announced(act: () => Promise<unknown>, count = 1): Promise<string[]> {
  const from = changes.length;
  await act();
  await eventually('the change announced', async () => changes.length >= from + count, 5000);
  // anything more would have arrived with it
  await new Promise((r) => setTimeout(r, 100));
  return changes.slice(from);
}

test('a rule created, changed and deleted is announced once each; a value that raises its alarm is not', async () => {
  const body = {
    name: 'Hot',
    severity: 'warning',
    gatewayId: GW,
    sensorId: SENSOR,
    method: 'over',
    threshold: 80,
  };
  let rule: Rule | undefined;
  assert.deepEqual(
    await announced(async () => (rule = (await t.api<Rule>('POST', '/api/v1/rules', body)).body)),
    ['rules'],
  );
  assert.deepEqual(
    await announced(() => t.api('PUT', `/api/v1/rules/${rule!.id}`, { ...body, threshold: 85 })),
    ['rules'],
  );
  const client = await t.connect(GW, { username: GW, password: key });
  const before = changes.length;
  await client.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [SENSOR]: [Date.now(), 95] }), { qos: 1 });
  await eventually(
    'the alarm raised',
    async () =>
      (await t.api<{ data: unknown[] }>('GET', `/api/v1/alarms?gatewayId=${GW}`)).body.data.length > 0,
    5000,
  );
  await client.endAsync();
  assert.equal(changes.length, before, 'an alarm is its own event, not a change of the rules');
  assert.deepEqual(await announced(() => t.api('DELETE', `/api/v1/rules/${rule!.id}`)), ['rules']);
});

test('a dashboard created, saved and deleted is announced each time', async () => {
  let made: Dashboard | undefined;
  assert.deepEqual(
    await announced(
      async () =>
        (made = (await t.api<Dashboard>('POST', '/api/v1/dashboards', { name: 'Hall', widgets: [] })).body),
    ),
    ['dashboards'],
  );
  assert.deepEqual(
    await announced(() => t.api('PUT', `/api/v1/dashboards/${made!.id}`, { name: 'Hall 2', widgets: [] })),
    ['dashboards'],
  );
  assert.deepEqual(await announced(() => t.api('DELETE', `/api/v1/dashboards/${made!.id}`)), ['dashboards']);
});
