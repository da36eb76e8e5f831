// `demo: true` in the config starts the demo with the site; a site restarted on the same data dir
// resumes it: the same gateways (with new keys) connect again, the rules are the same ones, the past
// week is not written twice and the energy meters go on from where they were.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { DemoStatus } from '../../../src/shared/demo.js';
import type { GatewayView, Rule, SensorView } from '../../../src/shared/model.js';
import { PLANT } from '../../../src/main/demo/index.js';
import { eventually, startTestSite, type TestSite } from '../../support/site.js';

const dir = mkdtempSync(join(tmpdir(), 'edge-site-demo-'));
let t: TestSite | undefined;
after(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function connectedDemo(site: TestSite): Promise<void> {
  await eventually(
    'the demo running with every gateway connected',
    async () => {
      const status = (await site.api<DemoStatus>('GET', '/api/v1/demo')).body;
      const all = (await site.api<GatewayView[]>('GET', '/api/v1/gateways')).body;
      return (
        status.running && PLANT.every((g) => all.find((x) => x.id === g.id)?.connection.state === 'connected')
      );
    },
    10_000,
  );
}

const meter = async (site: TestSite): Promise<number> =>
  Number(
    (await site.api<SensorView>('GET', '/api/v1/gateways/demo-energy/sensors/demo-energy-a-kwh')).body.latest
      ?.value,
  );

const weekPoints = async (site: TestSite): Promise<number> => {
  const from = new Date(Date.now() - 8 * 24 * 3_600_000).toISOString();
  const res = await site.api<{ data: unknown[] }>(
    'GET',
    `/api/v1/gateways/demo-hall-env/sensors/demo-hall-env-south-temp/series?dataStart=${from}&interval=0&count=4000`,
  );
  return res.body.data.length / 2;
};

test('config demo: true starts it with the site; a restart resumes the same demo', async () => {
  t = await startTestSite({ demo: true }, dir);
  await connectedDemo(t);
  // the preset rules follow the past week (so its values raise no alarm)
  const rules = await eventually(
    'the preset rules',
    async () => {
      const ids = (await t!.api<Rule[]>('GET', '/api/v1/rules')).body.map((r) => r.id);
      return ids.length === 3 ? ids : null;
    },
    20_000,
  );
  await eventually('a meter reading', async () => (await meter(t!)) > 0);
  const kwh = await meter(t);
  const points = await weekPoints(t);
  assert.ok(points > 2000, `${points} points`);
  await t.stop();

  t = await startTestSite({ demo: true }, dir);
  await connectedDemo(t);
  assert.deepEqual(
    (await t.api<Rule[]>('GET', '/api/v1/rules')).body.map((r) => r.id),
    rules,
  );
  // live values only: a few more points, not a second week
  const again = await weekPoints(t);
  assert.ok(again >= points && again < points + 50, `${points} → ${again}`);
  await eventually('the meter goes on', async () => (await meter(t!)) >= kwh, 5000);
});
