// Whole site processes in a 3-node cluster with the replicated values log: a gateway keeps publishing
// QoS 1 values while the master is killed with SIGKILL again and again; every acknowledged value must be
// on every node exactly once. Real parts: a 3-server ZooKeeper ensemble, a 3-server NATS JetStream
// cluster, site processes, an mqtt.js gateway that rotates through the nodes' addresses (the site address
// itself is tested in test/main/site-address).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import type { ClusterState } from '../../../src/shared/api.js';
import { NATS_SERVER, startNatsCluster, type NatsCluster } from '../../support/nats.js';
import { adminHeaders, spawnSite, type SiteProcess } from '../../support/site-process.js';
import { toolMissing } from '../../support/tools.js';
import { freePorts, JAVA, startZooKeeper, ZK_JAR, type ZkEnsemble } from '../../support/zookeeper.js';

const skip = toolMissing('zookeeper', ZK_JAR, JAVA) || toolMissing('nats-server', NATS_SERVER);
const KILLS = Number(process.env.KILLS ?? 10);
const GW = 'c1u5a0000001';
const SENSOR = `${GW}-0-temperature`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  check: () => Promise<T | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

interface NodeSlot {
  name: string;
  dir: string;
  config: string;
  httpPort: number;
  mqttPort: number;
  proc: SiteProcess | null;
}

describe('a 3-node site with the replicated values log', { skip, timeout: 600_000 }, () => {
  let zk: ZkEnsemble;
  let nats: NatsCluster;
  let tmp: string;
  const slots: NodeSlot[] = [];

  before(async () => {
    [zk, nats] = await Promise.all([startZooKeeper({ servers: 3 }), startNatsCluster(3)]);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-repl-site-'));
    const ports = await freePorts(6);
    for (const [i, x] of ['a', 'b', 'c'].entries()) {
      const dir = path.join(tmp, x);
      mkdirSync(dir, { recursive: true });
      const config = path.join(tmp, `${x}.json`);
      const cluster = {
        servers: zk.connectString.split(','),
        basePath: '/edge-site-repl',
        node: `site-${x}`,
        sessionTimeout: 2000,
        replication: { servers: nats.urls, appendTimeoutMs: 2000 },
      };
      writeFileSync(config, JSON.stringify({ cluster }));
      slots.push({
        name: `site-${x}`,
        dir,
        config,
        httpPort: ports[i]!,
        mqttPort: ports[3 + i]!,
        proc: null,
      });
    }
  });

  after(async () => {
    for (const s of slots) s.proc?.child.kill('SIGKILL');
    await Promise.all(slots.flatMap((s) => (s.proc ? [s.proc.exited] : [])));
    await Promise.all([zk?.teardown(), nats?.teardown()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** what the nodes said, for a failure's message */
  const outputs = () =>
    slots.map((s) => `--- ${s.name}\n${s.proc?.output().slice(-3000) ?? '(down)'}`).join('\n');

  async function start(slot: NodeSlot): Promise<void> {
    slot.proc = await spawnSite(slot.dir, [
      '--config',
      slot.config,
      '--http-port',
      String(slot.httpPort),
      '--mqtt-port',
      String(slot.mqttPort),
      '--mqtts-port',
      'off',
    ]);
  }

  async function api<T>(slot: NodeSlot, method: string, url: string, body?: unknown): Promise<T> {
    const base = slot.proc!.url;
    const res = await fetch(`${base}${url.replace(/^\//, '')}`, {
      method,
      headers: { ...(await adminHeaders(base)), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const live = () => slots.filter((s) => s.proc !== null);
  const cluster = (slot: NodeSlot) => api<ClusterState>(slot, 'GET', '/api/v1/cluster');
  async function master(): Promise<NodeSlot> {
    return until('a master that takes gateways', async () => {
      for (const s of live()) {
        const state = await cluster(s);
        if (state.role === 'master' && state.replication?.gatewayRefusal === null) return s;
      }
      return null;
    });
  }

  async function storedTimes(slot: NodeSlot): Promise<number[]> {
    const body = await api<{ data: unknown[] }>(
      slot,
      'GET',
      `/api/v1/gateways/${GW}/sensors/${SENSOR}/series?dataStart=0&dataEnd=${Date.now() + 3_600_000}&interval=0`,
    );
    const times: number[] = [];
    for (let i = 1; i < body.data.length; i += 2) times.push(Number(body.data[i]));
    return times;
  }

  test(`kill -9 of the master ${KILLS} times during QoS 1 ingest: every acknowledged value on every node once`, async () => {
    await Promise.all(slots.map((s) => start(s)));
    // control state is per node until it is replicated too: the gateway is registered on each
    for (const s of slots) {
      const keys = await api<Record<string, string>>(s, 'POST', '/api/v1/registerGatewayKey', {
        id: GW,
        modelId: '34',
        authType: 'apikey',
        legacyPlainTcp: true,
      });
      const res = await fetch(`${s.proc!.url}gateways/${GW}/sensors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', username: GW, apikey: keys[GW]! },
        body: JSON.stringify({
          reqId: SENSOR,
          name: 'temperature',
          type: 'temperature',
          category: 'sensor',
          network: 'jsonrpc',
          driverName: 'jsonrpcSensor',
          model: 'jsonrpcNumber',
        }),
      });
      assert.equal(res.status, 201, await res.text());
    }
    const first = await master();
    // a standby refuses the gateway with "server unavailable" and the reason
    const standby = slots.find((s) => s !== first)!;
    const refused = mqtt.connect(`mqtt://127.0.0.1:${standby.mqttPort}`, {
      clientId: GW,
      reconnectPeriod: 0,
    });
    const refusal = await new Promise<Error>((resolve) => refused.once('error', resolve));
    refused.end(true);
    assert.match(refusal.message, /Server unavailable/i);

    const acked = new Set<number>();
    const events: string[] = [];
    const failures: string[] = [];
    const gw: MqttClient = mqtt.connect({
      servers: slots.map((s) => ({ host: '127.0.0.1', port: s.mqttPort })),
      clientId: GW,
      clean: true,
      reconnectPeriod: 200,
      connectTimeout: 2000,
      // as the Thing+ gateway's older mqtt.js does: a refused CONNACK (a standby) is retried, on the next node
      reconnectOnConnackError: true,
    });
    gw.on('error', () => undefined);
    const t0 = Date.now() - 3_600_000;
    let n = 0;
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        const time = t0 + ++n * 10;
        gw.publish(`v/a/g/${GW}/s/${SENSOR}`, `${time},${(n % 500) / 10}`, { qos: 1 }, (err) => {
          if (!err) acked.add(time);
          else if (failures.length < 5) failures.push(err.message);
        });
        await sleep(15);
      }
    })();

    gw.on('connect', () => events.push(`connected ${Date.now()}`));
    gw.on('close', () => events.push(`closed ${Date.now()}`));
    for (let kill = 1; kill <= KILLS; kill++) {
      const m = await master();
      const before = acked.size;
      await until('values acknowledged by this master', async () => acked.size >= before + 20).catch(
        (err: Error) => {
          throw new Error(`${err.message}\n${events.join('\n')}\n${failures.join('\n')}\n${outputs()}`);
        },
      );
      m.proc!.child.kill('SIGKILL');
      await m.proc!.exited;
      m.proc = null;
      const next = await master();
      assert.notEqual(next.name, m.name);
      const afterKill = acked.size;
      // back as a standby while the gateway moves: it catches up from where it was killed
      const restarted = start(m);
      await until(`the gateway back on ${next.name}`, async () => acked.size >= afterKill + 20).catch(
        (err: Error) => {
          throw new Error(`${err.message}\n${events.join('\n')}\n${failures.join('\n')}\n${outputs()}`);
        },
      );
      await restarted;
    }
    publishing = false;
    await publisher;
    await until('the last PUBACKs', async () => gw.getLastMessageId() !== undefined && acked.size > 0);
    await sleep(1000);
    gw.end(true);

    const expected = [...acked].sort((a, b) => a - b);
    for (const s of slots) {
      await until(`${s.name} caught up`, async () => {
        const state = await cluster(s);
        return state.replication?.nodes.find((x) => x.node === s.name)?.caughtUp ?? false;
      });
      const times = await storedTimes(s);
      assert.equal(new Set(times).size, times.length, `${s.name} holds a value twice`);
      const held = new Set(times);
      const missing = expected.filter((t) => !held.has(t));
      assert.deepEqual(
        missing,
        [],
        `${s.name} lacks ${missing.length} of ${expected.length} acknowledged values`,
      );
    }
    assert.ok(expected.length > KILLS * 40, `${expected.length} values acknowledged`);
  });
});
