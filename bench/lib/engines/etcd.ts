// etcd 3.4 (Debian's etcd-server) as 3 members on loopback, driven through its gRPC gateway (HTTP/JSON,
// /v3/...) with plain fetch: no etcd client package is installed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { freePorts } from '../../../test/support/zookeeper.js';
import {
  Arrivals,
  latencyRun,
  Member,
  retry,
  throughputRun,
  watchRounds,
  type LogFigures,
  type LogOptions,
  type Payload,
  type WatchFigures,
} from './common.js';
import { countSyncs, type SyncCount } from './syncs.js';

export const ETCD = '/usr/bin/etcd';

export interface EtcdCluster {
  urls: string[];
  members: Member[];
  stop(): Promise<void>;
}

export async function startEtcd(root: string): Promise<EtcdCluster> {
  const ports = await freePorts(6);
  const client = ports.slice(0, 3).map((p) => `http://127.0.0.1:${p}`);
  const peer = ports.slice(3).map((p) => `http://127.0.0.1:${p}`);
  const initial = peer.map((u, i) => `e${i + 1}=${u}`).join(',');
  const members: Member[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = path.join(root, `etcd${i + 1}`);
    await mkdir(dir, { recursive: true });
    const args = [
      `--name=e${i + 1}`,
      `--data-dir=${path.join(dir, 'data')}`,
      `--listen-client-urls=${client[i]}`,
      `--advertise-client-urls=${client[i]}`,
      `--listen-peer-urls=${peer[i]}`,
      `--initial-advertise-peer-urls=${peer[i]}`,
      `--initial-cluster=${initial}`,
      '--initial-cluster-state=new',
      '--initial-cluster-token=edge-bench',
      '--log-level=error',
    ];
    members.push(new Member(`e${i + 1}`, ETCD, args, path.join(dir, 'log')));
  }
  return {
    urls: client,
    members,
    stop: async () => {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function call<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const put = (base: string, key: string, value: string | Buffer) =>
  call(`${base}/v3/kv/put`, { key: b64(key), value: b64(value) });

interface Status {
  dbSize: string;
  header: { revision: string };
}

export interface EtcdLogResult {
  rows: LogFigures[];
  /** per payload: growth of the backend file per put (no compaction: every revision is kept) */
  dbBytesPerPut: Record<string, number>;
  puts: number;
  /** the backend file at the end */
  dbSize: number;
  syncs?: SyncCount;
}

/** one key per batch (/values/<gateway>/<n>), put through member 1 */
export async function benchEtcdLog(
  cluster: EtcdCluster,
  payloads: Payload[],
  o: LogOptions,
): Promise<EtcdLogResult> {
  const base = cluster.urls[0];
  await retry('etcd quorum', () => put(base, '/ready', 'yes'));
  const dbSize = async () => Number((await call<Status>(`${base}/v3/maintenance/status`, {})).dbSize);
  const rows: LogFigures[] = [];
  const dbBytesPerPut: Record<string, number> = {};
  let id = 0;
  let puts = 0;
  let syncOp = (): Promise<unknown> => Promise.resolve();
  for (const p of payloads) {
    const op = () => put(base, `/values/000c29a1b2c3/${String(id++).padStart(12, '0')}`, p.bytes);
    const before = await dbSize();
    if (p.values === o.syncValues) syncOp = op;
    const latency = await latencyRun(op, o.latencyCount, o.latencyMs);
    const thr = await throughputRun(op, o.inflight, o.throughputMs);
    puts += latency.n + thr.ops;
    dbBytesPerPut[p.label] = Math.round(((await dbSize()) - before) / (latency.n + thr.ops));
    rows.push({
      engine: 'etcd 3.4 (3 members)',
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
        'etcd',
        cluster.members.map((m) => m.pid),
        o.dir,
        o.syncWrites,
        syncOp,
      )
    : undefined;
  return { rows, puts, dbSize: await dbSize(), dbBytesPerPut, syncs };
}

/** a watch stream on member 3 (the gateway's chunked JSON lines); puts and linearizable gets on member 1 / 3 */
export async function benchEtcdWatch(cluster: EtcdCluster, rounds: number): Promise<WatchFigures> {
  const key = '/control/rules/r1';
  await put(cluster.urls[0], key, 'v-start');
  const arrivals = new Arrivals();
  const abort = new AbortController();
  const res = await fetch(`${cluster.urls[2]}/v3/watch`, {
    method: 'POST',
    body: JSON.stringify({ create_request: { key: b64(key) } }),
    signal: abort.signal,
  });
  if (!res.body) throw new Error('etcd watch: no body');
  let markCreated = () => {};
  const created = new Promise<void>((r) => (markCreated = r));
  const reader = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          const msg = JSON.parse(line) as {
            result?: { created?: boolean; events?: Array<{ kv: { value?: string } }> };
          };
          if (msg.result?.created) markCreated();
          for (const e of msg.result?.events ?? [])
            arrivals.seen(Buffer.from(e.kv.value ?? '', 'base64').toString());
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  await created;
  const { put: putMs, watch } = await watchRounds(rounds, arrivals, (tag) => put(cluster.urls[0], key, tag));
  const get = await latencyRun(
    () => call(`${cluster.urls[2]}/v3/kv/range`, { key: b64(key) }),
    rounds,
    5_000,
  );
  abort.abort();
  await reader;
  return { engine: 'etcd 3.4', put: putMs, get, watch };
}
