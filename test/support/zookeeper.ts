import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's zookeeper package (3.8): the jar's manifest carries the rest of the class path. */
export const ZK_JAR = '/usr/share/java/zookeeper.jar';
export const JAVA = '/usr/bin/java';

export interface ZkServer {
  id: number;
  clientPort: number;
  /** "127.0.0.1:port" */
  address: string;
  running(): boolean;
  /** the server's process id while it runs */
  pid(): number | undefined;
  /** SIGTERM and wait for exit */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit */
  kill(): Promise<void>;
  /** start again (same config and data) and wait until it answers */
  start(): Promise<void>;
}

export interface ZkEnsemble {
  connectString: string;
  servers: ZkServer[];
  tickTime: number;
  /** the server currently in mode leader (or standalone) */
  leader(): Promise<ZkServer | null>;
  /** waits until a quorum serves requests */
  waitServing(timeoutMs?: number): Promise<void>;
  teardown(): Promise<void>;
}

/** Sends a four-letter word; resolves with the answer or null when nothing answers. */
export function fourLetter(port: number, word: string, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    const done = (v: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(buffer || null), timeoutMs);
    socket.on('connect', () => socket.write(word));
    socket.on('data', (d) => (buffer += d.toString()));
    socket.on('end', () => done(buffer));
    socket.on('error', () => done(null));
  });
}

/** distinct free loopback ports (held open together so they differ) */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function mode(port: number): Promise<string | null> {
  const answer = await fourLetter(port, 'srvr');
  const m = answer ? /Mode: (\w+)/.exec(answer) : null;
  return m ? m[1] : null;
}

/**
 * Starts a standalone ZooKeeper (servers: 1) or a 3-server ensemble on loopback ports, each with its own
 * zoo.cfg and dataDir in a temp dir. Teardown kills only the processes it started and removes the dir.
 */
export async function startZooKeeper(options: { servers: 1 | 3; tickTime?: number }): Promise<ZkEnsemble> {
  const n = options.servers;
  const tickTime = options.tickTime ?? 500;
  const root = await mkdtemp(path.join(os.tmpdir(), 'edge-zk-'));
  const ports = await freePorts(n * 3);
  const clientPorts = ports.slice(0, n);
  const procs = new Map<number, ChildProcess>();

  const configs: string[] = [];
  for (let i = 1; i <= n; i++) {
    const dir = path.join(root, `zk${i}`);
    const dataDir = path.join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const lines = [
      `tickTime=${tickTime}`,
      'initLimit=10',
      'syncLimit=5',
      `dataDir=${dataDir}`,
      `clientPort=${clientPorts[i - 1]}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      '4lw.commands.whitelist=*',
      'maxClientCnxns=0',
    ];
    if (n > 1) {
      for (let j = 1; j <= n; j++)
        lines.push(`server.${j}=127.0.0.1:${ports[n + (j - 1) * 2]}:${ports[n + (j - 1) * 2 + 1]}`);
      await writeFile(path.join(dataDir, 'myid'), `${i}\n`);
    }
    const cfg = path.join(dir, 'zoo.cfg');
    await writeFile(cfg, lines.join('\n') + '\n');
    configs.push(cfg);
  }

  const launch = (i: number) => {
    const child = spawn(
      JAVA,
      [
        '-Xmx128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Dzookeeper.jmx.log4j.disable=true',
        '-cp',
        ZK_JAR,
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        configs[i - 1],
      ],
      { stdio: 'ignore', detached: false },
    );
    procs.set(i, child);
  };

  const waitAnswer = async (port: number, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await fourLetter(port, 'ruok', 500)) === 'imok') return;
      await sleep(100);
    }
    throw new Error(`ZooKeeper on ${port} did not answer ruok`);
  };

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once('exit', () => r()));

  const servers: ZkServer[] = clientPorts.map((clientPort, idx) => {
    const id = idx + 1;
    const signal = async (sig: NodeJS.Signals) => {
      const child = procs.get(id);
      if (!child) return;
      procs.delete(id);
      child.kill(sig);
      await exited(child);
    };
    return {
      id,
      clientPort,
      address: `127.0.0.1:${clientPort}`,
      running: () => procs.has(id),
      pid: () => procs.get(id)?.pid,
      stop: () => signal('SIGTERM'),
      kill: () => signal('SIGKILL'),
      start: async () => {
        if (procs.has(id)) return;
        launch(id);
        await waitAnswer(clientPort);
      },
    };
  });

  const ensemble: ZkEnsemble = {
    connectString: servers.map((s) => s.address).join(','),
    servers,
    tickTime,
    async leader() {
      for (const s of servers) {
        if (!s.running()) continue;
        const m = await mode(s.clientPort);
        if (m === 'leader' || m === 'standalone') return s;
      }
      return null;
    },
    async waitServing(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const modes = await Promise.all(servers.filter((s) => s.running()).map((s) => mode(s.clientPort)));
        const serving = modes.filter((m) => m === 'leader' || m === 'follower' || m === 'standalone').length;
        if (modes.includes('standalone') || (modes.includes('leader') && serving >= Math.floor(n / 2) + 1))
          return;
        await sleep(100);
      }
      throw new Error('ZooKeeper ensemble is not serving');
    },
    async teardown() {
      await Promise.all(servers.map((s) => s.kill()));
      await rm(root, { recursive: true, force: true });
    },
  };

  try {
    for (let i = 1; i <= n; i++) launch(i);
    await Promise.all(clientPorts.map((p) => waitAnswer(p)));
    await ensemble.waitServing();
  } catch (err) {
    await ensemble.teardown();
    throw err;
  }
  return ensemble;
}
