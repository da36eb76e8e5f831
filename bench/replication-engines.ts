// The replication engine, chosen by measurement (issue 18): each candidate runs as a 3-member cluster on
// loopback ports with its own temp data dirs, one engine at a time, and is stopped and removed after.
// - values log: one MQTT message of 1 and of 50 values (~60 B / ~2 KB) per write; latency at one in
//   flight (p50/p99) and writes/s with 64 in flight, through member 1; for NATS, a durable pull consumer
//   on member 3 reading the stream back;
// - control state: a change written through member 1 until a watcher connected to member 3 sees it.
//   node --import tsx bench/replication-engines.ts [--seconds 3] [--latency-count 1000] [--rounds 200]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startZooKeeper, ZK_JAR } from '../test/support/zookeeper.js';
import {
  payload,
  round,
  type Latency,
  type LogFigures,
  type LogOptions,
  type WatchFigures,
} from './lib/engines/common.js';
import { benchEtcdLog, benchEtcdWatch, ETCD, startEtcd, type EtcdLogResult } from './lib/engines/etcd.js';
import { benchNatsKv, benchNatsLog, NATS_SERVER, startNats, type NatsLogResult } from './lib/engines/nats.js';
import { fsyncLatency, STRACE, type SyncCount } from './lib/engines/syncs.js';
import { benchZkLog, benchZkWatch } from './lib/engines/zk.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    'latency-count': { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '200' },
    'sync-writes': { type: 'string', default: '300' },
  },
});
const root = await mkdtemp(path.join(os.tmpdir(), 'edge-bench-engines-'));
const o: LogOptions = {
  latencyCount: Number(args['latency-count']),
  latencyMs: 4000,
  throughputMs: Number(args.seconds) * 1000,
  inflight: 64,
  syncWrites: existsSync(STRACE) ? Number(args['sync-writes']) : undefined,
  syncValues: 50,
  dir: root,
};
const rounds = Number(args.rounds);
// one MQTT message of 1 and of 50 values, and one local group commit's worth (20 such messages in one write)
const payloads = [payload(1), payload(50), payload(1000)];

const logRows: LogFigures[] = [];
const watchRows: WatchFigures[] = [];
let nats: Omit<NatsLogResult, 'rows'> | undefined;
let etcd: Omit<EtcdLogResult, 'rows'> | undefined;
const loadBefore = os.loadavg();
const started = performance.now();
const syncs: SyncCount[] = [];
let diskFsync: Latency | undefined;

try {
  diskFsync = fsyncLatency(root, 200);
  if (existsSync(NATS_SERVER)) {
    console.log('NATS JetStream: 3 members…');
    const cluster = await startNats(root);
    try {
      const { rows, ...rest } = await benchNatsLog(cluster, payloads, o);
      logRows.push(...rows);
      nats = rest;
      if (rest.syncs) syncs.push(rest.syncs);
      watchRows.push(await benchNatsKv(cluster, rounds));
    } finally {
      await cluster.stop();
    }
  }
  if (existsSync(ETCD)) {
    console.log('etcd: 3 members…');
    const cluster = await startEtcd(root);
    try {
      const { rows, ...rest } = await benchEtcdLog(cluster, payloads, o);
      logRows.push(...rows);
      etcd = rest;
      if (rest.syncs) syncs.push(rest.syncs);
      watchRows.push(await benchEtcdWatch(cluster, rounds));
    } finally {
      await cluster.stop();
    }
  }
  if (existsSync(ZK_JAR)) {
    console.log('ZooKeeper: 3 servers…');
    const zk = await startZooKeeper({ servers: 3 });
    try {
      const log = await benchZkLog(zk, payloads, o);
      logRows.push(...log.rows);
      if (log.syncs) syncs.push(log.syncs);
      // after the log, as for the others; but a values log can exhaust the servers' heaps (every znode
      // is held in memory), and then there is no watch to measure
      try {
        watchRows.push(await benchZkWatch(zk, rounds));
      } catch (err) {
        console.log(`ZooKeeper watch not measured: ${String(err)}`);
      }
    } finally {
      await zk.teardown();
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

const loadAfter = os.loadavg();
const ms = (l: { p50: number; p99: number }) => `${l.p50} / ${l.p99} ms`;
console.log('\nvalues log: a write through member 1, acknowledged by a quorum of 3');
console.table(
  logRows.map((r) => ({
    engine: r.engine,
    message: `${r.payload} (${r.payloadBytes} B)`,
    'p50 / p99 (1 in flight)': ms(r.latency),
    'writes/s (64 in flight)': r.error ? `${r.throughput} (failed)` : r.throughput,
    'values/s': r.throughput * r.values,
    'p50 / p99 (64 in flight)': ms(r.throughputLatency),
  })),
);
for (const r of logRows.filter((x) => x.error)) console.log(`${r.engine}, ${r.payload}: ${r.error}`);
if (nats)
  console.log(
    `NATS: stream leader ${nats.streamLeader}; durable pull consumer on ${nats.consume.member} read ` +
      `${nats.consume.messages} messages at ${nats.consume.perSecond}/s; stored ` +
      Object.entries(nats.bytesPerMessage)
        .map(([label, b]) => `${b} B per message of ${label}`)
        .join(', '),
  );
if (etcd) {
  const perPut = Object.entries(etcd.dbBytesPerPut).map(([label, b]) => `${b} B per put of ${label}`);
  // the reference load as batches: 10 000 values/s in 200 messages/s of 50 values
  const big = etcd.dbBytesPerPut[payloads[1].label];
  const hours = big > 0 ? round(2 ** 31 / (big * 200) / 3600, 1) : NaN;
  console.log(
    `etcd: ${etcd.puts} puts grew the backend to ${round(etcd.dbSize / 1e6, 1)} MB (${perPut.join(', ')}); ` +
      `at 200 messages/s of 50 values the default 2 GiB quota is full in ${hours} h`,
  );
}
if (diskFsync) console.log(`this disk: 2 KB write + fdatasync p50 / p99 ${ms(diskFsync)}`);
if (syncs.length) {
  console.log(
    `fsync-family calls per write (strace -c, ${syncs[0].writes} writes of 50 values at 1 in flight):`,
  );
  console.table(
    syncs.map((x) => ({
      engine: x.engine,
      'member 1': x.perWrite[0],
      'member 2': x.perWrite[1],
      'member 3': x.perWrite[2],
      ...(x.error ? { error: x.error } : {}),
    })),
  );
}
console.log('\ncontrol state: write through member 1, read and watch on member 3');
console.table(
  watchRows.map((r) => ({
    engine: r.engine,
    'write p50 / p99': ms(r.put),
    'read p50 / p99': ms(r.get),
    'seen by the watcher p50 / p99': ms(r.watch),
    rounds: r.watch.n,
  })),
);
const elapsed = round((performance.now() - started) / 1000, 1);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`\n${elapsed} s; load average ${load(loadBefore)} before, ${load(loadAfter)} after`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/replication-engines.json', import.meta.url),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
      loadAverage: { before: loadBefore, after: loadAfter },
      elapsedSeconds: elapsed,
      options: { ...o, rounds },
      log: logRows,
      nats,
      etcd,
      control: watchRows,
      diskFsync,
      syncs,
    },
    null,
    2,
  ) + '\n',
);
