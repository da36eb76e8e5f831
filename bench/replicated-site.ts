/**
 * Issue 18: the replicated site. (1) The failover gap: one gateway publishes QoS 1 every 10 ms through
 * the nodes' addresses in turn while the master is killed with SIGKILL N times; the gap is from its last
 * PUBACK before the kill to its first after (p50/p99). (2) Ingest with replication on (the master of a
 * 3-node site, values log on a 3-server NATS JetStream cluster) against the single-node default, the
 * same load in the same run: values/s and PUBACK p50/p99. (3) Control writes (a dashboard created
 * through the REST API, one at a time) on the single node, on the master and through a standby: the
 * answer's latency and how long until the other two nodes serve it (the issue: within 1 s).
 *
 *   node --import tsx bench/replicated-site.ts [--kills 20] [--gateways 20] [--sensors 50] [--points 10]
 *     [--seconds 20] [--control-writes 50]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { startNatsCluster } from '../test/support/nats.js';
import { ReplicatedSite, until } from '../test/support/repl-cluster.js';
import { adminHeaders, spawnSite } from '../test/support/site-process.js';
import { startZooKeeper } from '../test/support/zookeeper.js';
import { runLoad, type LoadGateway, type LoadResult } from './lib/load.js';

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    gateways: { type: 'string', default: '20' },
    sensors: { type: 'string', default: '50' },
    points: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    'control-writes': { type: 'string', default: '50' },
  },
});
const CONTROL_WRITES = Number(args['control-writes']);
const KILLS = Number(args.kills);
const GATEWAYS = Number(args.gateways);
const SENSORS = Number(args.sensors);
const load = {
  points: Number(args.points),
  seconds: Number(args.seconds),
  inflight: 1,
  rate: 0,
  gzip: false,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const gatewayIds = Array.from({ length: GATEWAYS }, (_, g) => `bench${String(g).padStart(7, '0')}`);
const sensorsOf = (id: string) => Array.from({ length: SENSORS }, (_, s) => `${id}-0-n${s}`);

async function failoverGaps(site: ReplicatedSite): Promise<number[]> {
  const GW = 'failover0001';
  const SENSOR = `${GW}-0-n0`;
  await site.register(GW, [{ id: SENSOR, type: 'number' }]);
  const acks: number[] = [];
  const gw = mqtt.connect({
    servers: site.slots.map((s) => ({ host: '127.0.0.1', port: s.mqttPort })),
    clientId: GW,
    reconnectPeriod: 100,
    connectTimeout: 2000,
    reconnectOnConnackError: true,
  });
  gw.on('error', () => undefined);
  let publishing = true;
  const t0 = Date.now() - 3_600_000;
  let n = 0;
  const publisher = (async () => {
    while (publishing) {
      gw.publish(`v/a/g/${GW}/s/${SENSOR}`, `${t0 + ++n * 10},${n % 100}`, { qos: 1 }, (err) => {
        if (!err) acks.push(Date.now());
      });
      await sleep(10);
    }
  })();
  const gaps: number[] = [];
  for (let i = 1; i <= KILLS; i++) {
    const master = await site.master(60_000);
    const seen = acks.length;
    await until('PUBACKs from this master', async () => acks.length >= seen + 50, 60_000);
    const killedAt = await site.kill(master);
    const before = acks.filter((t) => t <= killedAt);
    const lastBefore = before.at(-1)!;
    const restarted = site.start(master);
    const firstAfter = await until(
      'a PUBACK from the new master',
      async () => acks.find((t) => t > killedAt) ?? null,
      60_000,
    );
    gaps.push(firstAfter - lastBefore);
    process.stdout.write(`kill ${i}/${KILLS}: ${master.name}, gap ${firstAfter - lastBefore} ms\n`);
    await restarted;
  }
  publishing = false;
  await publisher;
  gw.end(true);
  return gaps.sort((a, b) => a - b);
}

/** registers the bench's gateways and sensors on `url`; their APIKEYs (they connect with them) */
async function registerOn(url: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const id of gatewayIds) {
    const res = await fetch(`${url}api/v1/registerGatewayKey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await adminHeaders(url)) },
      body: JSON.stringify({ id, modelId: '34', authType: 'apikey' }),
    });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`registering ${id} on ${url}: ${res.status} ${await res.text()}`);
    const key = ((await res.json()) as Record<string, string>)[id]!;
    keys.set(id, key);
    for (const sid of sensorsOf(id)) {
      await fetch(`${url}gateways/${id}/sensors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', username: id, apikey: key },
        body: JSON.stringify({ reqId: sid, type: 'number', name: sid }),
      });
    }
  }
  return keys;
}

/** one dashboard written `CONTROL_WRITES` times through `writer`; each is polled for on `readers` */
async function controlWrites(
  writer: string,
  readers: string[],
): Promise<{ answerMs: number[]; everywhereMs: number[] }> {
  const answerMs: number[] = [];
  const everywhereMs: number[] = [];
  const headers = { 'content-type': 'application/json', ...(await adminHeaders(writer)) };
  const readerHeaders = await Promise.all(readers.map((r) => adminHeaders(r)));
  for (let i = 0; i < CONTROL_WRITES; i++) {
    const started = performance.now();
    const res = await fetch(`${writer}api/v1/dashboards`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: `bench ${i}`, widgets: [] }),
    });
    if (res.status !== 201) throw new Error(`dashboard write: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    answerMs.push(performance.now() - started);
    await Promise.all(
      readers.map((r, k) =>
        pollUntil(`dashboard ${id} on ${r}`, async () => {
          const got = await fetch(`${r}api/v1/dashboards/${id}`, { headers: readerHeaders[k] });
          return got.status === 200;
        }),
      ),
    );
    everywhereMs.push(performance.now() - started);
  }
  return { answerMs: answerMs.sort((a, b) => a - b), everywhereMs: everywhereMs.sort((a, b) => a - b) };
}

/** as `until`, polling every 2 ms: the figure is a latency */
async function pollUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = performance.now() + 10_000;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

const latencyRow = (setup: string, r: { answerMs: number[]; everywhereMs: number[] }) => ({
  setup,
  writes: r.answerMs.length,
  'answer p50 ms': round1(quantile(r.answerMs, 0.5)),
  'answer p99 ms': round1(quantile(r.answerMs, 0.99)),
  'on every node p50 ms': r.everywhereMs.length ? round1(quantile(r.everywhereMs, 0.5)) : '—',
  'on every node p99 ms': r.everywhereMs.length ? round1(quantile(r.everywhereMs, 0.99)) : '—',
});
const round1 = (n: number) => Math.round(n * 10) / 10;

const loadGateways = (keys: Map<string, string>): LoadGateway[] =>
  gatewayIds.map((id) => ({ id, sensors: sensorsOf(id), username: id, password: keys.get(id) }));
const row = (name: string, r: LoadResult) => ({
  setup: name,
  'values/s': Math.round(r.ackedValues / r.elapsedSeconds),
  'PUBACK p50 ms': r.latencies.p50,
  'PUBACK p99 ms': r.latencies.p99,
});

const root = mkdtempSync(join(tmpdir(), 'edge-bench-repl-'));
const [zk, nats] = await Promise.all([startZooKeeper({ servers: 3 }), startNatsCluster(3)]);
const site = await ReplicatedSite.create(root, zk, nats, { logLevel: 'error' });
try {
  await Promise.all(site.slots.map((s) => site.start(s)));
  const gaps = await failoverGaps(site);

  // ingest: the single-node default first, then the replicated site's master, the same load
  const singleDir = join(root, 'single');
  mkdirSync(singleDir);
  const single = await spawnSite(singleDir, ['--log-level', 'error']);
  const singleKeys = await registerOn(single.url);
  const singleControl = await controlWrites(single.url, []);
  const singleResult = await runLoad({
    url: `mqtt://127.0.0.1:${single.mqttPort}`,
    gateways: loadGateways(singleKeys),
    ...load,
  });
  single.child.kill('SIGTERM');
  await single.exited;
  const master = await site.master(60_000);
  const standbys = site.live().filter((s) => s !== master);
  const urlOf = (s: (typeof site.slots)[number]) => s.proc!.url;
  const onMaster = await controlWrites(urlOf(master), standbys.map(urlOf));
  const throughStandby = await controlWrites(urlOf(standbys[0]!), [master, standbys[1]!].map(urlOf));
  // once, on the master: the control log brings the gateways to the other nodes
  const replKeys = await registerOn(master.proc!.url);
  const replResult = await runLoad({
    url: `mqtt://127.0.0.1:${master.mqttPort}`,
    gateways: loadGateways(replKeys),
    ...load,
  });

  const failover = {
    kills: gaps.length,
    'min ms': gaps[0],
    'p50 ms': quantile(gaps, 0.5),
    'p99 ms': quantile(gaps, 0.99),
    'max ms': gaps.at(-1),
  };
  console.log('\nfailover gap: last PUBACK on the old master → first on the new (sessionTimeout 2000 ms)');
  console.table([failover]);
  console.log(
    `\ningest: ${GATEWAYS} gateways × ${SENSORS} sensors × ${load.points} points per message, ${load.seconds} s`,
  );
  const ingest = [row('single node (default)', singleResult), row('3 nodes, replicated (R3)', replResult)];
  console.table(ingest);
  console.log(
    '\ncontrol writes: POST /api/v1/dashboards one at a time; "on every node": until the others serve it',
  );
  const control = [
    latencyRow('single node (default)', singleControl),
    latencyRow('3 nodes: on the master', onMaster),
    latencyRow('3 nodes: through a standby', throughStandby),
  ];
  console.table(control);
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('results/replicated-site.json', import.meta.url),
    JSON.stringify({ at: new Date().toISOString(), gaps, failover, ingest, control }, null, 2),
  );
} finally {
  await site.stopAll();
  await Promise.all([zk.teardown(), nats.teardown()]);
  await rm(root, { recursive: true, force: true });
}
