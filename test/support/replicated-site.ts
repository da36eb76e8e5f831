// A site with the replicated values log on loopback, as its own process tree, for the browser: the e2e
// test (test/e2e/cluster-replication.e2e.js, one embedded node = always master) and the screenshots
// (test/support/cluster-screenshots.ts, three nodes on a ZooKeeper ensemble) start it.
//   node --import tsx test/support/replicated-site.ts [1|3]
// prints one line `READY {"url":…,"token":…,"nodes":[…]}` once the master takes gateways and every node
// has caught up with the log; SIGTERM (or stdin closing) stops every process it started.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClusterState } from '../../src/shared/api.js';
import { startNatsCluster, type NatsCluster } from './nats.js';
import { adminHeaders, spawnSite, type SiteProcess } from './site-process.js';
import { startZooKeeper, type ZkEnsemble } from './zookeeper.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ReplicatedSite {
  /** the master's console */
  url: string;
  /** the master's MQTT port (gateways) */
  mqttPort: number;
  /** an admin session there */
  token: string;
  nodes: Array<{ name: string; url: string }>;
  /** the NATS JetStream cluster under the log */
  nats: NatsCluster;
  /** SIGKILL one node, as a power cut of its PC would */
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function clusterState(url: string): Promise<ClusterState | null> {
  try {
    const res = await fetch(`${url}api/v1/cluster`, { headers: await adminHeaders(url) });
    return res.status === 200 ? ((await res.json()) as ClusterState) : null;
  } catch {
    return null;
  }
}

/** Starts a 3-server NATS JetStream cluster and `size` site nodes on it (3: with a ZooKeeper ensemble). */
export async function startReplicatedSite(size: 1 | 3): Promise<ReplicatedSite> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'edge-repl-console-'));
  let zk: ZkEnsemble | null = null;
  let nats: NatsCluster | null = null;
  const procs: SiteProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await Promise.all([zk?.teardown(), nats?.teardown()]);
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    [zk, nats] = await Promise.all([size === 3 ? startZooKeeper({ servers: 3 }) : null, startNatsCluster(3)]);
    const names = size === 3 ? ['site-a', 'site-b', 'site-c'] : ['site-a'];
    for (const name of names) {
      const dir = path.join(tmp, name);
      mkdirSync(dir, { recursive: true });
      const config = path.join(tmp, `${name}.json`);
      const cluster = {
        ...(zk
          ? { servers: zk.connectString.split(','), basePath: '/edge-site-console', sessionTimeout: 4000 }
          : {}),
        node: name,
        replication: { servers: nats.urls, appendTimeoutMs: 2000 },
      };
      writeFileSync(config, JSON.stringify({ cluster }));
      procs.push(await spawnSite(dir, ['--config', config, '--mqtts-port', 'off']));
    }
    const nodes = names.map((name, i) => ({ name, url: procs[i]!.url }));
    for (let tries = 0; ; tries++) {
      const states = await Promise.all(nodes.map((n) => clusterState(n.url)));
      const master = states.findIndex(
        (s) =>
          s?.role === 'master' && s.replication?.quorum === 'ok' && s.replication.gatewayRefusal === null,
      );
      const all = master >= 0 ? states[master]!.replication!.nodes : [];
      if (master >= 0 && all.length === size && all.every((n) => n.caughtUp && n.connected)) {
        const url = nodes[master]!.url;
        const token = (await adminHeaders(url)).authorization!.replace(/^Bearer /, '');
        const kill = async (name: string): Promise<void> => {
          const p = procs[names.indexOf(name)];
          if (!p || p.child.exitCode !== null) return;
          p.child.kill('SIGKILL');
          await p.exited;
        };
        return { url, mqttPort: procs[master]!.mqttPort, token, nodes, nats, kill, stop };
      }
      if (tries > 600)
        throw new Error(`no master with a quorum and caught-up nodes: ${JSON.stringify(states)}`);
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = process.argv[2] === '3' ? 3 : 1;
  const site = await startReplicatedSite(size);
  let stopping = false;
  const quit = (): void => {
    if (stopping) return;
    stopping = true;
    void site.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', quit);
  process.once('SIGINT', quit);
  process.stdin.on('end', quit);
  process.stdin.resume();
  console.log(
    `READY ${JSON.stringify({ url: site.url, mqttPort: site.mqttPort, token: site.token, nodes: site.nodes })}`,
  );
}
