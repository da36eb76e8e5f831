// Whole site processes in a 3-node cluster with the replicated values log: a gateway keeps publishing
// QoS 1 values while the master is killed with SIGKILL again and again; every acknowledged value must be
// on every node exactly once. Real parts: a 3-server ZooKeeper ensemble, a 3-server NATS JetStream
// cluster, site processes, an mqtt.js gateway that rotates through the nodes' addresses (the site address
// itself is tested in test/main/site-address).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { NATS_SERVER, startNatsCluster, type NatsCluster } from '../../support/nats.js';
import { ReplicatedSite, until } from '../../support/repl-cluster.js';
import { toolMissing } from '../../support/tools.js';
import { JAVA, startZooKeeper, ZK_JAR, type ZkEnsemble } from '../../support/zookeeper.js';

const skip = toolMissing('zookeeper', ZK_JAR, JAVA) || toolMissing('nats-server', NATS_SERVER);
const KILLS = Number(process.env.KILLS ?? 10);
const GW = 'c1u5a0000001';
const SENSOR = `${GW}-0-temperature`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 3-node site with the replicated values log', { skip, timeout: 600_000 }, () => {
  let zk: ZkEnsemble;
  let nats: NatsCluster;
  let tmp: string;
  let site: ReplicatedSite;

  before(async () => {
    [zk, nats] = await Promise.all([startZooKeeper({ servers: 3 }), startNatsCluster(3)]);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-repl-site-'));
    site = await ReplicatedSite.create(tmp, zk, nats);
  });

  after(async () => {
    await site?.stopAll();
    await Promise.all([zk?.teardown(), nats?.teardown()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test(`kill -9 of the master ${KILLS} times during QoS 1 ingest: every acknowledged value on every node once`, async () => {
    await Promise.all(site.slots.map((s) => site.start(s)));
    await site.register(GW, [{ id: SENSOR, type: 'temperature' }]);
    const first = await site.master();
    // a standby refuses the gateway with "server unavailable" and the reason
    const standby = site.slots.find((s) => s !== first)!;
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
      servers: site.slots.map((s) => ({ host: '127.0.0.1', port: s.mqttPort })),
      clientId: GW,
      clean: true,
      reconnectPeriod: 200,
      connectTimeout: 2000,
      // as the Thing+ gateway's older mqtt.js does: a refused CONNACK (a standby) is retried, on the next node
      reconnectOnConnackError: true,
    });
    gw.on('error', () => undefined);
    gw.on('connect', () => events.push(`connected ${Date.now()}`));
    gw.on('close', () => events.push(`closed ${Date.now()}`));
    const explain = (err: Error): never => {
      throw new Error(`${err.message}\n${events.join('\n')}\n${failures.join('\n')}\n${site.outputs()}`);
    };
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

    for (let kill = 1; kill <= KILLS; kill++) {
      const m = await site.master();
      const before = acked.size;
      await until('values acknowledged by this master', async () => acked.size >= before + 20).catch(explain);
      await site.kill(m);
      const next = await site.master();
      assert.notEqual(next.name, m.name);
      const afterKill = acked.size;
      // back as a standby while the gateway moves: it catches up from where it was killed
      const restarted = site.start(m);
      await until(`the gateway back on ${next.name}`, async () => acked.size >= afterKill + 20).catch(
        explain,
      );
      await restarted;
    }
    publishing = false;
    await publisher;
    await sleep(1000);
    gw.end(true);

    const expected = [...acked].sort((a, b) => a - b);
    for (const s of site.slots) {
      await until(`${s.name} caught up`, async () => {
        const state = await site.cluster(s);
        return state.replication?.nodes.find((x) => x.node === s.name)?.caughtUp ?? false;
      });
      const times = await site.storedTimes(s, GW, SENSOR);
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
