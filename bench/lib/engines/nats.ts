// NATS JetStream (Debian's nats-server 2.9.10) as 3 routed members on loopback: an R3 file stream as
// the values log and an R3 KV bucket as control state.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { freePorts } from '../../../test/support/zookeeper.js';
import {
  Arrivals,
  latencyRun,
  Member,
  retry,
  watchRounds,
  throughputRun,
  type LogFigures,
  type LogOptions,
  type Payload,
  type WatchFigures,
} from './common.js';
import { countSyncs, type SyncCount } from './syncs.js';

export const NATS_SERVER = '/usr/sbin/nats-server';
const STREAM = 'VALUES';

export interface NatsCluster {
  urls: string[];
  members: Member[];
  stop(): Promise<void>;
}

export async function startNats(root: string): Promise<NatsCluster> {
  const ports = await freePorts(6);
  const client = ports.slice(0, 3);
  const route = ports.slice(3);
  const members: Member[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = path.join(root, `nats${i + 1}`);
    await mkdir(dir, { recursive: true });
    const routes = route.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`);
    const conf = [
      `server_name: n${i + 1}`,
      `listen: 127.0.0.1:${client[i]}`,
      `jetstream { store_dir: "${path.join(dir, 'js')}" }`,
      `cluster { name: edge, listen: 127.0.0.1:${route[i]}, routes: [${routes.join(', ')}] }`,
    ].join('\n');
    await writeFile(path.join(dir, 'nats.conf'), conf + '\n');
    members.push(
      new Member(`n${i + 1}`, NATS_SERVER, ['-c', path.join(dir, 'nats.conf')], path.join(dir, 'log')),
    );
  }
  const cluster: NatsCluster = {
    urls: client.map((p) => `127.0.0.1:${p}`),
    members,
    stop: async () => {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
  return cluster;
}

/** a client bound to one member: it does not follow the cluster's other addresses */
const connectTo = (url: string) =>
  retry(`nats ${url}`, () =>
    connect({ servers: [url], ignoreClusterUpdates: true, maxReconnectAttempts: 0 }),
  );

export interface NatsLogResult {
  rows: LogFigures[];
  consume: { messages: number; perSecond: number; member: string };
  streamLeader: string;
  /** per payload: stream bytes stored per message (the witness's disk, too) */
  bytesPerMessage: Record<string, number>;
  syncs?: SyncCount;
}

/**
 * Publishes each payload to an R3 file stream from a client on member 1 (Nats-Msg-Id set), at one in
 * flight (latency) and 64 in flight (throughput); then a durable pull consumer on member 3 reads the
 * whole stream back.
 */
export async function benchNatsLog(
  cluster: NatsCluster,
  payloads: Payload[],
  o: LogOptions,
): Promise<NatsLogResult> {
  const nc1 = await connectTo(cluster.urls[0]);
  const nc3 = await connectTo(cluster.urls[2]);
  try {
    const jsm = await retry('jetstream meta leader', () =>
      jetstreamManager(nc1).then(async (m) => (await m.getAccountInfo(), m)),
    );
    await retry('R3 stream', () =>
      jsm.streams.add({
        name: STREAM,
        subjects: ['values.>'],
        num_replicas: 3,
        storage: StorageType.File,
        duplicate_window: 120_000_000_000,
      }),
    );
    const js = jetstream(nc1);
    const rows: LogFigures[] = [];
    let id = 0;
    let syncOp = (): Promise<unknown> => Promise.resolve();
    const bytesPerMessage: Record<string, number> = {};
    for (const p of payloads) {
      const before = (await jsm.streams.info(STREAM)).state;
      const publish = () => js.publish('values.000c29a1b2c3', p.bytes, { msgID: `000c29a1b2c3-${id++}` });
      await publish(); // the stream's first write elects nothing new, but warms the client's inbox
      if (p.values === o.syncValues) syncOp = publish;
      const latency = await latencyRun(publish, o.latencyCount, o.latencyMs);
      const thr = await throughputRun(publish, o.inflight, o.throughputMs);
      const after = (await jsm.streams.info(STREAM)).state;
      bytesPerMessage[p.label] = Math.round(
        (after.bytes - before.bytes) / (after.messages - before.messages),
      );
      rows.push({
        engine: 'NATS JetStream R3 (file)',
        payload: p.label,
        payloadBytes: p.bytes.length,
        values: p.values,
        latency,
        throughput: thr.opsPerSecond,
        throughputLatency: thr.latency,
        error: thr.error,
      });
    }
    const syncs = o.syncWrites
      ? await countSyncs(
          'NATS JetStream',
          cluster.members.map((m) => m.pid),
          o.dir,
          o.syncWrites,
          syncOp,
        )
      : undefined;
    const info = await jsm.streams.info(STREAM);
    const total = info.state.messages;
    const jsm3 = await jetstreamManager(nc3);
    await jsm3.consumers.add(STREAM, { durable_name: 'node-3', ack_policy: AckPolicy.Explicit });
    const consumer = await jetstream(nc3).consumers.get(STREAM, 'node-3');
    const t0 = performance.now();
    let read = 0;
    const messages = await consumer.consume({ max_messages: 1000 });
    for await (const m of messages) {
      m.ack();
      if (++read >= total) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      rows,
      consume: { messages: read, perSecond: Math.round(read / seconds), member: 'n3' },
      streamLeader: info.cluster?.leader ?? '?',
      bytesPerMessage,
      syncs,
    };
  } finally {
    await nc1.close();
    await nc3.close();
  }
}

/**
 * Control state in an R3 KV bucket: put on member 1, get and watch on member 3; the watch figure is a
 * put's start on member 1 until the watcher on member 3 sees it.
 */
export async function benchNatsKv(cluster: NatsCluster, rounds: number): Promise<WatchFigures> {
  const nc1 = await connectTo(cluster.urls[0]);
  const nc3 = await connectTo(cluster.urls[2]);
  try {
    const kv1 = await retry('R3 KV bucket', () => new Kvm(nc1).create('control', { replicas: 3 }));
    const kv3 = await new Kvm(nc3).open('control');
    await kv1.put('rules.r1', 'v-start');
    const arrivals = new Arrivals();
    const watch = await kv3.watch({ key: 'rules.r1' });
    void (async () => {
      for await (const e of watch) arrivals.seen(e.string());
    })();
    const { put, watch: seenMs } = await watchRounds(rounds, arrivals, (tag) => kv1.put('rules.r1', tag));
    const get = await latencyRun(() => kv3.get('rules.r1'), rounds, 5_000);
    watch.stop();
    return { engine: 'NATS KV R3', put, get, watch: seenMs };
  } finally {
    await nc1.close();
    await nc3.close();
  }
}
