// A whole replicated site for tests and benches: site processes in cluster mode on a ZooKeeper ensemble,
// with the values log on a NATS JetStream cluster (both started by the caller), on fixed loopback ports
// so a restarted node answers where it did.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClusterState } from '../../src/shared/api.js';
import type { NatsCluster } from './nats.js';
import { adminHeaders, spawnSite, type SiteProcess } from './site-process.js';
import { freePorts, type ZkEnsemble } from './zookeeper.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
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

export interface SiteSlot {
  name: string;
  dir: string;
  config: string;
  httpPort: number;
  mqttPort: number;
  proc: SiteProcess | null;
  /** more command-line arguments for this node */
  args: string[];
}

export class ReplicatedSite {
  readonly slots: SiteSlot[] = [];

  private constructor() {}

  /** `names.length` nodes in `root` (not started); sessionTimeout of the election in ms */
  static async create(
    root: string,
    zk: ZkEnsemble,
    nats: NatsCluster,
    options: {
      names?: string[];
      sessionTimeout?: number;
      logLevel?: string;
      /** more for a node: config file entries and command-line arguments (HTTPS, certificates) */
      node?: (name: string) => { config?: Record<string, unknown>; args?: string[] };
    } = {},
  ): Promise<ReplicatedSite> {
    const site = new ReplicatedSite();
    const names = options.names ?? ['a', 'b', 'c'];
    const ports = await freePorts(names.length * 2);
    for (const [i, x] of names.entries()) {
      const dir = path.join(root, x);
      mkdirSync(dir, { recursive: true });
      const config = path.join(root, `${x}.json`);
      const cluster = {
        servers: zk.connectString.split(','),
        basePath: '/edge-site-repl',
        node: `site-${x}`,
        sessionTimeout: options.sessionTimeout ?? 2000,
        replication: { servers: nats.urls, appendTimeoutMs: 2000 },
      };
      const more = options.node?.(`site-${x}`) ?? {};
      writeFileSync(
        config,
        JSON.stringify({ cluster, logLevel: options.logLevel ?? 'warn', ...more.config }),
      );
      site.slots.push({
        name: `site-${x}`,
        dir,
        config,
        httpPort: ports[i]!,
        mqttPort: ports[names.length + i]!,
        proc: null,
        args: more.args ?? [],
      });
    }
    return site;
  }

  async start(slot: SiteSlot): Promise<void> {
    slot.proc = await spawnSite(slot.dir, [
      '--config',
      slot.config,
      '--http-port',
      String(slot.httpPort),
      '--mqtt-port',
      String(slot.mqttPort),
      '--mqtts-port',
      'off',
      ...slot.args,
    ]);
  }

  /** SIGKILL, as a power cut of that PC; returns when the process is gone */
  async kill(slot: SiteSlot): Promise<number> {
    const proc = slot.proc!;
    const at = Date.now();
    proc.child.kill('SIGKILL');
    await proc.exited;
    slot.proc = null;
    return at;
  }

  async stopAll(): Promise<void> {
    for (const s of this.slots) s.proc?.child.kill('SIGKILL');
    await Promise.all(this.slots.flatMap((s) => (s.proc ? [s.proc.exited] : [])));
  }

  live(): SiteSlot[] {
    return this.slots.filter((s) => s.proc !== null);
  }

  async api<T>(slot: SiteSlot, method: string, url: string, body?: unknown): Promise<T> {
    const base = slot.proc!.url;
    const res = await fetch(`${base}${url.replace(/^\//, '')}`, {
      method,
      headers: { ...(await adminHeaders(base)), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  cluster(slot: SiteSlot): Promise<ClusterState> {
    return this.api<ClusterState>(slot, 'GET', '/api/v1/cluster');
  }

  /** the node that is master and takes gateways (it has applied the log) */
  master(timeoutMs = 30_000): Promise<SiteSlot> {
    const seen = new Map<string, string>();
    return until(
      'a master that takes gateways',
      async () => {
        for (const s of this.live()) {
          const state = await this.cluster(s);
          if (state.role === 'master' && state.replication?.gatewayRefusal === null) return s;
          const r = state.replication;
          seen.set(s.name, `${state.role}: ${r?.gatewayRefusal ?? ''} control ${JSON.stringify(r?.control)}`);
        }
        return null;
      },
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${[...seen].map(([n, v]) => `${n} ${v}`).join('\n')}`);
    });
  }

  /**
   * Registers the gateway (plain TCP allowance, as the unchanged Thing+ gateway connects) and its sensors
   * once, on the master: the control log brings them to every node. Resolves once every live node has them.
   */
  async register(gatewayId: string, sensors: Array<{ id: string; type: string }>): Promise<string> {
    const master = await this.master();
    const keys = await this.api<Record<string, string>>(master, 'POST', '/api/v1/registerGatewayKey', {
      id: gatewayId,
      modelId: '34',
      authType: 'apikey',
      legacyPlainTcp: true,
    });
    for (const sensor of sensors) {
      const res = await fetch(`${master.proc!.url}gateways/${gatewayId}/sensors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', username: gatewayId, apikey: keys[gatewayId]! },
        body: JSON.stringify({
          reqId: sensor.id,
          name: sensor.id,
          type: sensor.type,
          category: 'sensor',
          network: 'jsonrpc',
          driverName: 'jsonrpcSensor',
          model: 'jsonrpcNumber',
        }),
      });
      if (res.status !== 201) throw new Error(`sensor ${sensor.id}: ${await res.text()}`);
    }
    for (const s of this.live())
      await until(`${gatewayId}'s sensors on ${s.name}`, async () => {
        const held = await this.api<Array<{ id: string }>>(s, 'GET', `/api/v1/gateways/${gatewayId}/sensors`);
        return sensors.every((x) => held.some((h) => h.id === x.id));
      });
    return keys[gatewayId]!;
  }

  /** a sensor's raw times on one node */
  async storedTimes(slot: SiteSlot, gatewayId: string, sensorId: string): Promise<number[]> {
    const body = await this.api<{ data: unknown[] }>(
      slot,
      'GET',
      `/api/v1/gateways/${gatewayId}/sensors/${sensorId}/series?dataStart=0&dataEnd=${Date.now() + 3_600_000}&interval=0`,
    );
    const times: number[] = [];
    for (let i = 1; i < body.data.length; i += 2) times.push(Number(body.data[i]));
    return times;
  }

  /** what the nodes said, for a failure's message */
  outputs(): string {
    return this.slots.map((s) => `--- ${s.name}\n${s.proc?.output().slice(-3000) ?? '(down)'}`).join('\n');
  }
}
