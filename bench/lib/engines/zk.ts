// ZooKeeper 3.8 (Debian's, already the site's coordinator) as a 3-server ensemble on loopback
// (test/support/zookeeper.ts): sequential znodes as a values log, setData and watches as control state.
import zookeeper, { type Client } from 'node-zookeeper-client';
import { CreateMode, Zk } from '../../../src/main/cluster/zk-util.js';
import { fourLetter, type ZkEnsemble } from '../../../test/support/zookeeper.js';
import {
  Arrivals,
  latencyRun,
  throughputRun,
  watchRounds,
  withTimeout,
  type LogFigures,
  type LogOptions,
  type Payload,
  type WatchFigures,
} from './common.js';
import { countSyncs, type SyncCount } from './syncs.js';

async function connectTo(address: string): Promise<Client> {
  const client = zookeeper.createClient(address, { sessionTimeout: 10_000, retries: 0 });
  const connected = new Promise<void>((r) => client.once('connected', () => r()));
  client.connect();
  await withTimeout(connected, 20_000, `zookeeper ${address}`);
  return client;
}

/** persistent sequential znodes under /values, created through server 1 */
export async function benchZkLog(
  zk: ZkEnsemble,
  payloads: Payload[],
  o: LogOptions,
): Promise<{ rows: LogFigures[]; syncs?: SyncCount }> {
  const client = await connectTo(zk.servers[0].address);
  try {
    const z = new Zk(client);
    await z.mkdirp('/values');
    const rows: LogFigures[] = [];
    let syncOp = (): Promise<unknown> => Promise.resolve();
    for (const p of payloads) {
      const op = () => z.create('/values/b-', p.bytes, CreateMode.PERSISTENT_SEQUENTIAL);
      if (p.values === o.syncValues) syncOp = op;
      const latency = await latencyRun(op, o.latencyCount, o.latencyMs);
      const thr = await throughputRun(op, o.inflight, o.throughputMs);
      if (thr.error) {
        // which servers still answer, and with how much heap, says why it gave up
        const answers = await Promise.all(zk.servers.map((s) => fourLetter(s.clientPort, 'ruok', 2000)));
        thr.error += `; servers answering ruok: ${answers.filter((a) => a === 'imok').length}/3`;
      }
      rows.push({
        engine: 'ZooKeeper 3.8 (3 servers)',
        payload: p.label,
        payloadBytes: p.bytes.length,
        values: p.values,
        latency,
        throughput: thr.opsPerSecond,
        throughputLatency: thr.latency,
        error: thr.error,
      });
    }
    const pids = zk.servers.map((s) => s.pid() ?? -1);
    const syncs = o.syncWrites ? await countSyncs('ZooKeeper', pids, o.dir, o.syncWrites, syncOp) : undefined;
    return { rows, syncs };
  } finally {
    client.close();
  }
}

/** setData through server 1; a getData watch (re-armed after each event) on server 3 */
export async function benchZkWatch(zk: ZkEnsemble, rounds: number): Promise<WatchFigures> {
  const c1 = await connectTo(zk.servers[0].address);
  const c3 = await connectTo(zk.servers[2].address);
  try {
    const z1 = new Zk(c1);
    const z3 = new Zk(c3);
    const key = '/control/rules-r1';
    await z1.mkdirp('/control');
    await z1.create(key, Buffer.from('v-start'), CreateMode.PERSISTENT);
    await z3.getData(key); // server 3 has applied the create before the watch is armed
    const arrivals = new Arrivals();
    // a ZooKeeper watch fires once and carries no data: the watcher reads the value and re-arms
    const arm = async (): Promise<void> => {
      const { data } = await z3.getData(key, () => void arm().catch(() => undefined));
      arrivals.seen(data?.toString() ?? '');
    };
    await arm();
    const { put, watch } = await watchRounds(rounds, arrivals, (tag) =>
      z1.setData(key, Buffer.from(tag), -1),
    );
    const get = await latencyRun(() => z3.getData(key), rounds, 5_000);
    return { engine: 'ZooKeeper 3.8', put, get, watch };
  } finally {
    c1.close();
    c3.close();
  }
}
