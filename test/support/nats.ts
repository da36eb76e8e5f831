// A real NATS JetStream cluster on loopback for the replication tests (Debian's nats-server).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './zookeeper.js';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsServer {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL, as a power cut of that PC would */
  kill(): Promise<void>;
}

export interface NatsCluster {
  servers: NatsServer[];
  /** every client URL, for the site's `cluster.replication.servers` */
  urls: string[];
  teardown(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** one member of a NATS cluster: where it takes clients and where its cluster routes meet */
export interface NatsMember {
  host: string;
  port: number;
  routePort: number;
}

/**
 * Writes member `i`'s config (JetStream on, routes to every member) and its store dir under
 * `root/n<i+1>`; returns the config file's path. Shared by the loopback cluster below and the
 * namespace lab (test/main/site-address/netns-lab.ts).
 */
export async function writeNatsConfig(root: string, members: NatsMember[], i: number): Promise<string> {
  const dir = path.join(root, `n${i + 1}`);
  await mkdir(dir, { recursive: true });
  const me = members[i]!;
  const routes = members.map((m) => `nats-route://${m.host}:${m.routePort}`).join(', ');
  const lines = [
    `server_name: n${i + 1}`,
    `listen: ${me.host}:${me.port}`,
    `jetstream { store_dir: "${dir}" }`,
    `cluster { name: edge, listen: ${me.host}:${me.routePort}, routes: [${routes}] }`,
  ];
  const file = path.join(dir, 'nats.conf');
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

/**
 * Starts `size` nats-servers with JetStream, clustered by routes on loopback, each with its own store dir
 * in a temp dir. Teardown kills only the processes it started and removes the dir.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'edge-nats-'));
  const ports = await freePorts(size * 2);
  const clientPorts = ports.slice(0, size);
  const routePorts = ports.slice(size);
  const procs = new Map<number, ChildProcess>();
  const configs: string[] = [];
  const members = clientPorts.map((port, i) => ({ host: '127.0.0.1', port, routePort: routePorts[i]! }));
  for (let i = 0; i < size; i++) configs.push(await writeNatsConfig(root, members, i));
  const launch = async (i: number): Promise<void> => {
    const child = spawn(NATS_SERVER, ['-c', configs[i]], { stdio: 'ignore' });
    procs.set(i, child);
    child.once('exit', () => {
      if (procs.get(i) === child) procs.delete(i);
    });
    for (let t = 0; t < 100 && !(await portOpen(clientPorts[i])); t++) await sleep(100);
  };
  const servers: NatsServer[] = clientPorts.map((port, i) => ({
    name: `n${i + 1}`,
    port,
    url: `nats://127.0.0.1:${port}`,
    running: () => procs.has(i),
    start: () => (procs.has(i) ? Promise.resolve() : launch(i)),
    kill: async () => {
      const child = procs.get(i);
      if (!child) return;
      procs.delete(i);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  }));
  await Promise.all(servers.map((s) => s.start()));
  return {
    servers,
    urls: servers.map((s) => s.url),
    teardown: async () => {
      await Promise.all(servers.map((s) => s.kill()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
