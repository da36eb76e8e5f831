// Screenshots of the cluster page's Replication card (docs/screenshots/cluster-*.png) on a 3-node site
// (ZooKeeper ensemble, 3-server NATS JetStream cluster, three site processes on loopback): the master with
// every node caught up; a standby, which takes no gateways; the master once a node is killed (its row a
// warning: not reporting, and its alarm on the alarms page and the overview), then once two of the three
// NATS servers are killed (no quorum: the overview's reason, the alarms page's "not yet recorded"). Headless
// Chromium at 1440 and 390 px, English and Korean. After `npm run build`:
// node --import tsx test/support/cluster-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { ClusterState } from '../../src/shared/api.js';
import { headlessChromium, openInLanguage, saveScreenshot } from './browser.js';
import { startReplicatedSite } from './replicated-site.js';
import { adminHeaders } from './site-process.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GW = '0a1b2c3d4e18';
const SENSOR = `${GW}-0-pressure`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(headers ?? (await adminHeaders(base))),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** one gateway's 30 values through the log, so the nodes have something applied */
async function ingest(site: { url: string; mqttPort: number }): Promise<void> {
  const keys = (await call(site.url, 'POST', 'api/v1/registerGatewayKey', {
    id: GW,
    modelId: '34',
    name: 'Line 1 press',
  })) as Record<string, string>;
  const apiKey = keys[GW]!;
  await call(
    site.url,
    'POST',
    `gateways/${GW}/sensors`,
    {
      reqId: SENSOR,
      name: 'Hydraulic pressure',
      type: 'number',
      category: 'sensor',
      network: 'jsonrpc',
      driverName: 'jsonrpcSensor',
      model: 'jsonrpcNumber',
    },
    { username: GW, apikey: apiKey },
  );
  const gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${site.mqttPort}`, {
    clientId: GW,
    username: GW,
    password: apiKey,
    clean: true,
    reconnectPeriod: 0,
  });
  const start = Date.now() - 30_000;
  for (let i = 0; i < 30; i++)
    await gateway.publishAsync(
      `v/a/g/${GW}/s/${SENSOR}`,
      `${start + i * 1000},${(180 + Math.sin(i / 3) * 4).toFixed(1)}`,
      { qos: 1 },
    );
  await gateway.endAsync();
}

async function shoot(
  driver: Awaited<ReturnType<typeof headlessChromium>>,
  url: string,
  name: string,
  page = 'cluster',
): Promise<void> {
  const token = (await adminHeaders(url)).authorization!.replace(/^Bearer /, '');
  await driver.get(`${url}healthz`);
  await driver.manage().addCookie({ name: 'edge_session', value: token, path: '/', httpOnly: true });
  for (const lang of ['en', 'ko'])
    for (const width of [1440, 390]) {
      await openInLanguage(driver, `${url}${page}`, {
        lang,
        width,
        height: page !== 'cluster' ? (width > 500 ? 1000 : 1800) : width > 500 ? 1700 : 3600,
        settleMs: 2000,
      });
      await saveScreenshot(driver, OUT, `${name}-${lang}-${width}.png`);
    }
}

const driver = await headlessChromium();
mkdirSync(OUT, { recursive: true });
const site = await startReplicatedSite(3);
try {
  await ingest(site);
  await sleep(2500);
  await shoot(driver, site.url, 'cluster-replication');
  const standby = site.nodes.find((n) => n.url !== site.url)!;
  await shoot(driver, standby.url, 'cluster-replication-standby');
  const victim = site.nodes.find((n) => n.url !== site.url && n !== standby)!;
  await site.kill(victim.name);
  // the master counts a node silent after its report is 5 s old
  for (let i = 0; i < 100; i++) {
    const state = (await call(site.url, 'GET', 'api/v1/cluster')) as ClusterState;
    // and its alarm recorded (the master writes it through the control log)
    const late = state.replication?.problems?.find((p) => p.subject === victim.name);
    if (late?.recorded) break;
    await sleep(200);
  }
  await shoot(driver, site.url, 'cluster-replication-node-down');
  await shoot(driver, site.url, 'alarms-replication-node-down', 'alarms');
  await shoot(driver, site.url, 'overview-replication-node-down', 'overview');
  // two of the three NATS servers gone: the stream has no quorum, nothing can be acknowledged
  await Promise.all(site.nats.servers.slice(1).map((s) => s.kill()));
  for (let i = 0; ; i++) {
    const state = (await call(site.url, 'GET', 'api/v1/cluster')) as ClusterState;
    if (state.replication?.quorum === 'lost') break;
    if (i > 150) throw new Error(`the quorum was not lost: ${JSON.stringify(state.replication)}`);
    await sleep(200);
  }
  await shoot(driver, site.url, 'cluster-replication-no-quorum');
  // shown from the node's own state, not yet recorded (the control log cannot take it)
  await shoot(driver, site.url, 'alarms-replication-no-quorum', 'alarms');
  await shoot(driver, site.url, 'overview-replication-no-quorum', 'overview');
} finally {
  await site.stop();
  await driver.quit();
}
