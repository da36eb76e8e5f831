// One replicated site for a describe(): a 3-server ZooKeeper ensemble, a 3-server NATS JetStream cluster
// and three site processes (repl-cluster.ts), started before its tests and torn down after them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { startNatsCluster, type NatsCluster } from './nats.js';
import { ReplicatedSite } from './repl-cluster.js';
import { startZooKeeper, type ZkEnsemble } from './zookeeper.js';

export interface ReplicatedLab {
  site: ReplicatedSite;
  zk: ZkEnsemble;
  nats: NatsCluster;
}

/** registers the describe's before/after; `ready` gets the lab once its three nodes are started */
export function replicatedSiteLab(tmpPrefix: string, ready: (lab: ReplicatedLab) => void): void {
  let lab: ReplicatedLab | null = null;
  let zk: ZkEnsemble | undefined;
  let nats: NatsCluster | undefined;
  let tmp: string | undefined;
  before(async () => {
    [zk, nats] = await Promise.all([startZooKeeper({ servers: 3 }), startNatsCluster(3)]);
    tmp = await mkdtemp(path.join(os.tmpdir(), tmpPrefix));
    const site = await ReplicatedSite.create(tmp, zk, nats);
    lab = { site, zk, nats };
    await Promise.all(site.slots.map((s) => site.start(s)));
    ready(lab);
  });
  after(async () => {
    await lab?.site.stopAll();
    await Promise.all([zk?.teardown(), nats?.teardown()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });
}
