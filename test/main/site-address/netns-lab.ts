// A small LAN in network namespaces for the site address: a bridge namespace (the switch, and the
// ZooKeeper server on 10.77.0.5), site nodes on 10.77.0.11… (each its own namespace, interface eth0),
// and a client namespace (10.77.0.50). Only a process can enter a namespace: ZooKeeper, the sites and the
// client run under `ip netns exec`. Optionally (startNats) the replication engine: three nats-servers with
// JetStream in the bridge namespace on 10.77.0.6–8, beside ZooKeeper: like ZooKeeper they are the site's
// infrastructure (on a real site, one per PC plus a witness), and a test that kills a site process or
// cuts a node's namespace off then hits the site alone, never a third of the engine's quorum with it.
// Everything made here is removed by teardown().
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_NODE_FLAGS } from '../../../scripts/site-flags.js';
import { NATS_SERVER, writeNatsConfig, type NatsMember } from '../../support/nats.js';
import { ip } from '../../support/netns.js';
import { JAVA, ZK_JAR } from '../../support/zookeeper.js';

export const ZK_IP = '10.77.0.5';
/** a 3-server ensemble's addresses on the bridge (client port 2181 on each); the first is ZK_IP */
export const ZK_IPS = [ZK_IP, '10.77.0.3', '10.77.0.4'];
export const CLIENT_IP = '10.77.0.50';
export const VIP = '10.77.0.100';
/** the nats-servers' addresses on the bridge (client port 4222, routes 6222 on each) */
export const NATS_IPS = ['10.77.0.6', '10.77.0.7', '10.77.0.8'];
const ENTRY = fileURLToPath(new URL('../../../src/main/index.ts', import.meta.url));
const CLIENT = fileURLToPath(new URL('./netns-client.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ADMIN_PASSWORD = 'vip-admin-password';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** runs a command inside a namespace; resolves with its stdout (never rejects: status in the result) */
export function nsRun(ns: string, cmd: string[], timeoutMs = 20_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, ...cmd],
      { timeout: timeoutMs, encoding: 'utf8' },
      (err, out, stderr) =>
        resolve({
          code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0,
          out: err ? out + stderr : out,
        }),
    );
  });
}

/** One site process in its namespace; its JSON log lines are kept. */
export class NodeProc {
  readonly lines: Array<Record<string, unknown>> = [];
  private out = '';
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly ns: string,
    readonly ip: string,
    readonly child: ChildProcess,
  ) {
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    let partial = '';
    child.stdout!.on('data', (d: string) => {
      this.out += d;
      partial += d;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.startsWith('{')) continue;
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          /* not a log line */
        }
      }
    });
    child.stderr!.on('data', (d: string) => (this.out += d));
    this.exited = new Promise((r) => child.once('exit', () => r()));
  }

  output(): string {
    return this.out;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** the `at` of this node's "site address taken/released" log lines */
  addressEvents(): Array<{ what: 'taken' | 'released'; at: number; epoch: number }> {
    return this.lines
      .filter((l) => l.siteAddress === 'taken' || l.siteAddress === 'released')
      .map((l) => ({
        what: l.siteAddress as 'taken' | 'released',
        at: l.at as number,
        epoch: l.epoch as number,
      }));
  }

  /** GET an /api/v1 path on this node's console (loopback in its namespace), signed in as admin */
  async api<T>(apiPath: string): Promise<T> {
    return (await this.apis([apiPath]))[0] as T;
  }

  /** several GETs in one process (starting node in a namespace is the slow part) */
  async apis(paths: string[]): Promise<unknown[]> {
    const script = `
      const base = 'http://127.0.0.1:8080/api/v1';
      const login = await fetch(base + '/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: process.argv[1] }) });
      const { token } = await login.json();
      const out = [];
      for (const path of process.argv.slice(2)) {
        const res = await fetch(base + path, { headers: { authorization: 'Bearer ' + token } });
        out.push(await res.json());
      }
      process.stdout.write(JSON.stringify(out));`;
    const cmd = [process.execPath, '--input-type=module', '-e', script, ADMIN_PASSWORD, ...paths];
    const { code, out } = await nsRun(this.ns, cmd);
    if (code !== 0) throw new Error(`${this.name} GET ${paths.join(' ')} failed (${code}): ${out}`);
    return JSON.parse(out) as unknown[];
  }

  /** a write on this node's /api/v1 (signed in as admin); resolves with the status and the parsed answer */
  async send<T>(method: string, apiPath: string, body: unknown): Promise<{ status: number; body: T }> {
    const script = `
      const [password, method, path, body] = process.argv.slice(1);
      const base = 'http://127.0.0.1:8080/api/v1';
      const login = await fetch(base + '/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }) });
      const { token } = await login.json();
      const res = await fetch(base + path, { method, body,
        headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' } });
      process.stdout.write(JSON.stringify({ status: res.status, body: await res.json().catch(() => null) }));`;
    const cmd = [process.execPath, '--input-type=module', '-e', script, ADMIN_PASSWORD, method, apiPath];
    const { code, out } = await nsRun(this.ns, [...cmd, JSON.stringify(body)]);
    if (code !== 0) throw new Error(`${this.name} ${method} ${apiPath} failed (${code}): ${out}`);
    return JSON.parse(out) as { status: number; body: T };
  }

  kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

export interface Lab {
  bridge: string;
  client: string;
  nodes: Array<{ name: string; ns: string; ip: string; mac: string }>;
  dir: string;
  /** one ZooKeeper server (ZK_IP), or an ensemble of `servers` on ZK_IPS; sites started afterwards use them */
  startZooKeeper(servers?: number): Promise<void>;
  /** the addresses of startZooKeeper()'s servers (empty before it) */
  zkIps: string[];
  /** three clustered nats-servers in the bridge namespace; sites started afterwards replicate their values */
  startNats(): Promise<void>;
  /** the client URLs of startNats()'s servers (empty before it) */
  natsUrls: string[];
  startSite(index: number): Promise<NodeProc>;
  /** the namespaces whose eth0 carries the site address now */
  holders(): Promise<string[]>;
  /** a process in a namespace (stdout and stderr piped), killed by teardown if still running */
  spawnIn(ns: string, argv: string[]): ChildProcess;
  startClient(): { child: ChildProcess; events: Array<{ t: number; event: string; detail?: string }> };
  teardown(): Promise<void>;
}

/** Builds the namespaces (prefix must be unique per run); start ZooKeeper and sites separately. */
export async function buildLab(prefix: string, nodeCount: number): Promise<Lab> {
  const bridge = `${prefix}-br`;
  const client = `${prefix}-cl`;
  const names = Array.from({ length: nodeCount }, (_, i) => String.fromCharCode(97 + i));
  const nodes = names.map((n, i) => ({
    name: `node-${n}`,
    ns: `${prefix}-${n}`,
    ip: `10.77.0.${11 + i}`,
    mac: '',
  }));
  const children: ChildProcess[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'edge-vip-'));
  const made: string[] = [];
  /** answers a TCP connect from inside a namespace */
  /** what the last failed look answered (a timeout's message says it) */
  let lastLook = '';
  const tcpOpen = async (ns: string, host: string, port: number) => {
    const look = await nsRun(ns, ['bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`], 5000);
    if (look.code !== 0) lastLook = `exit ${look.code}: ${look.out.trim()}`;
    return look.code === 0;
  };
  const lab: Lab = {
    bridge,
    client,
    nodes,
    dir,
    zkIps: [],
    startZooKeeper: async (servers = 1) => {
      const ips = ZK_IPS.slice(0, servers);
      for (const host of ips.slice(1)) ip('-n', bridge, 'addr', 'add', `${host}/24`, 'dev', 'br0');
      const javaArgs = ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', ZK_JAR];
      const main = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
      for (const [i, host] of ips.entries()) {
        const data = path.join(dir, `zk${i + 1}`);
        await mkdir(data, { recursive: true });
        const cfg = path.join(dir, `zoo${i + 1}.cfg`);
        const lines = ['tickTime=500', 'initLimit=10', 'syncLimit=5', `dataDir=${data}`, 'clientPort=2181'];
        lines.push(`clientPortAddress=${host}`, 'admin.enableServer=false', '4lw.commands.whitelist=*');
        if (servers > 1) {
          // an ensemble: each server on its own bridge address, quorum and election ports on it
          await writeFile(path.join(data, 'myid'), `${i + 1}\n`);
          lines.push(...ips.map((h, j) => `server.${j + 1}=${h}:2888:3888`));
        }
        await writeFile(cfg, lines.join('\n') + '\n');
        children.push(
          spawn('ip', ['netns', 'exec', bridge, JAVA, ...javaArgs, main, cfg], { stdio: 'ignore' }),
        );
      }
      // every server answers ruok, and one (standalone or a quorum's leader) serves
      const ask = (host: string, word: string) =>
        nsRun(
          bridge,
          ['bash', '-c', `exec 3<>/dev/tcp/${host}/2181 && printf ${word} >&3 && timeout 1 cat <&3`],
          2000,
        );
      const deadline = Date.now() + 60_000;
      for (;;) {
        const answers = await Promise.all(ips.map((h) => ask(h, 'srvr')));
        if (answers.every((a) => /Mode: (standalone|leader|follower)/.test(a.out))) break;
        if (Date.now() > deadline)
          throw new Error(
            `ZooKeeper in the bridge namespace not serving: ${answers.map((a) => a.out.slice(0, 80)).join(' | ')}`,
          );
        await sleep(200);
      }
      lab.zkIps = ips;
    },
    natsUrls: [],
    startNats: async () => {
      const members: NatsMember[] = NATS_IPS.map((host) => ({ host, port: 4222, routePort: 6222 }));
      const root = path.join(dir, 'nats');
      for (const host of NATS_IPS) ip('-n', bridge, 'addr', 'add', `${host}/24`, 'dev', 'br0');
      // All started before any is waited for: a clustered JetStream server waits for its routes before it
      // listens for clients ("Waiting for routing to be established…"), so started one by one, the first
      // one could wait on the ones not started yet.
      const logs: string[] = [];
      for (const i of members.keys()) {
        const cfg = await writeNatsConfig(root, members, i);
        // its own words kept: a server that does not listen says why in the error below
        logs.push(path.join(root, `n${i + 1}.log`));
        const out = openSync(logs[i]!, 'a');
        children.push(
          spawn('ip', ['netns', 'exec', bridge, NATS_SERVER, '-c', cfg], { stdio: ['ignore', out, out] }),
        );
      }
      const deadline = Date.now() + 60_000;
      for (const [i, m] of members.entries()) {
        while (!(await tcpOpen(bridge, m.host, m.port))) {
          if (Date.now() > deadline) {
            const said = readFileSync(logs[i]!, 'utf8').split('\n').slice(-15).join('\n');
            const addrs = await nsRun(bridge, ['ip', '-o', 'addr'], 2000);
            throw new Error(
              `nats-server on ${m.host}:${m.port} did not listen (the last look: ${lastLook}); it said:\n${said}\nthe bridge's addresses:\n${addrs.out}`,
            );
          }
          await sleep(200);
        }
      }
      lab.natsUrls = members.map((m) => `nats://${m.host}:${m.port}`);
    },
    startSite: async (index) => {
      const node = nodes[index]!;
      const dataDir = path.join(dir, node.name);
      await mkdir(dataDir, { recursive: true });
      // ZooKeeper's session timeout 4 s: the address's lease is then 1 s (site-address/index.ts)
      const config = {
        cluster: { sessionTimeout: 4000, siteAddress: { address: `${VIP}/24`, interface: 'eth0' } },
      };
      await writeFile(path.join(dataDir, 'config.json'), JSON.stringify(config));
      const args = [...SITE_NODE_FLAGS, '--import', 'tsx', ENTRY, '--data-dir', dataDir];
      args.push(
        '--zk-servers',
        lab.zkIps.map((h) => `${h}:2181`).join(','),
        '--zk-base-path',
        '/edge-vip',
        '--node-name',
        node.name,
      );
      args.push('--mqtt-port', '1883', '--mqtts-port', 'off', '--http-port', '8080');
      args.push(
        '--gateway-http-port',
        '8081',
        '--gateway-https-port',
        'off',
        '--mdns',
        'off',
        '--log-level',
        'info',
      );
      if (lab.natsUrls.length > 0) args.push('--replication-servers', lab.natsUrls.join(','));
      const child = spawn('ip', ['netns', 'exec', node.ns, process.execPath, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, EDGE_SITE_ADMIN_PASSWORD: ADMIN_PASSWORD },
      });
      children.push(child);
      const proc = new NodeProc(node.name, node.ns, node.ip, child);
      const deadline = Date.now() + 120_000;
      while (!/Console: \S+\s+MQTT: port \d+/.test(proc.output())) {
        if (!proc.alive()) throw new Error(`${node.name} exited before it was up:\n${proc.output()}`);
        if (Date.now() > deadline) throw new Error(`${node.name} not up in time:\n${proc.output()}`);
        await sleep(100);
      }
      return proc;
    },
    holders: async () => {
      // `ip -n`: one process per look (the sampler looks every 50 ms)
      const show = (ns: string) =>
        new Promise<string>((resolve) =>
          execFile(
            'ip',
            ['-n', ns, '-o', '-4', 'addr', 'show', 'dev', 'eth0'],
            { encoding: 'utf8' },
            (_e, out) => resolve(out),
          ),
        );
      const shown = await Promise.all(nodes.map((n) => show(n.ns)));
      return nodes.filter((_, i) => shown[i]!.includes(` ${VIP}/`)).map((n) => n.name);
    },
    spawnIn: (ns, argv) => {
      const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    startClient: () => {
      const child = lab.spawnIn(client, [process.execPath, '--import', 'tsx', CLIENT, VIP]);
      const events: Array<{ t: number; event: string; detail?: string }> = [];
      let partial = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        partial += d;
        const parts = partial.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) if (line) events.push(JSON.parse(line) as (typeof events)[number]);
      });
      return { child, events };
    },
    teardown: async () => {
      await Promise.all(
        children.map((c) =>
          c.exitCode !== null || c.signalCode !== null
            ? Promise.resolve()
            : new Promise<void>((r) => {
                c.once('exit', () => r());
                c.kill('SIGKILL');
              }),
        ),
      );
      for (const ns of made.reverse()) spawnSync('ip', ['netns', 'del', ns]);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const ns of [bridge, client, ...nodes.map((n) => n.ns)]) {
      ip('netns', 'add', ns);
      made.push(ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('-n', bridge, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', bridge, 'link', 'set', 'br0', 'up');
    ip('-n', bridge, 'addr', 'add', `${ZK_IP}/24`, 'dev', 'br0');
    const ends = [...nodes.map((n) => ({ ns: n.ns, ip: n.ip })), { ns: client, ip: CLIENT_IP }];
    ends.forEach((end, i) => {
      const port = `p${i}`;
      ip('-n', bridge, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', end.ns);
      ip('-n', bridge, 'link', 'set', port, 'master', 'br0');
      ip('-n', bridge, 'link', 'set', port, 'up');
      ip('-n', end.ns, 'addr', 'add', `${end.ip}/24`, 'dev', 'eth0');
      ip('-n', end.ns, 'link', 'set', 'eth0', 'up');
    });
    for (const n of nodes) {
      const shown = spawnSync('ip', ['-n', n.ns, '-o', 'link', 'show', 'eth0'], { encoding: 'utf8' }).stdout;
      n.mac = /link\/ether ([0-9a-f:]+)/.exec(shown)?.[1] ?? '';
    }
  } catch (err) {
    await lab.teardown();
    throw err;
  }
  return lab;
}

/** the client namespace's neighbour entry for the site address: the MAC it sends to */
export async function clientNeighbour(lab: Lab): Promise<string | null> {
  const { out } = await nsRun(lab.client, ['ip', 'neigh', 'show', VIP, 'dev', 'eth0']);
  return /lladdr ([0-9a-f:]+)/.exec(out)?.[1] ?? null;
}
