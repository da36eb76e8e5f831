import zookeeper from 'node-zookeeper-client';
import type { Client, Event, Stat } from 'node-zookeeper-client';

export const { CreateMode, Exception } = zookeeper;

export type Watcher = (event: Event) => void;

/** The error code of a ZooKeeper exception (or undefined for other errors). */
export function zkCode(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number')
    return error.code;
  return undefined;
}

export function isCode(error: unknown, code: number): boolean {
  return zkCode(error) === code;
}

/** Promise wrappers over node-zookeeper-client's callbacks. */
export class Zk {
  constructor(readonly client: Client) {}

  create(path: string, data: Buffer | null, mode: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.create(path, data ?? Buffer.alloc(0), mode, (err, p) => (err ? reject(err) : resolve(p)));
    });
  }

  mkdirp(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.mkdirp(path, (err) => (err ? reject(err) : resolve()));
    });
  }

  exists(path: string, watcher?: Watcher): Promise<Stat | null> {
    return new Promise((resolve, reject) => {
      const cb = (err: unknown, stat: Stat) => (err ? reject(err) : resolve(stat ?? null));
      if (watcher) this.client.exists(path, watcher, cb);
      else this.client.exists(path, cb);
    });
  }

  getData(path: string, watcher?: Watcher): Promise<{ data: Buffer | null; stat: Stat }> {
    return new Promise((resolve, reject) => {
      const cb = (err: unknown, data: Buffer, stat: Stat) => (err ? reject(err) : resolve({ data, stat }));
      if (watcher) this.client.getData(path, watcher, cb);
      else this.client.getData(path, cb);
    });
  }

  /** getData that answers null when the node does not exist */
  async tryGetData(path: string, watcher?: Watcher): Promise<{ data: Buffer | null; stat: Stat } | null> {
    try {
      return await this.getData(path, watcher);
    } catch (err) {
      if (isCode(err, Exception.NO_NODE)) return null;
      throw err;
    }
  }

  getChildren(path: string, watcher?: Watcher): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const cb = (err: unknown, children: string[]) => (err ? reject(err) : resolve(children));
      if (watcher) this.client.getChildren(path, watcher, cb);
      else this.client.getChildren(path, cb);
    });
  }

  setData(path: string, data: Buffer, version: number): Promise<Stat> {
    return new Promise((resolve, reject) => {
      this.client.setData(path, data, version, (err, stat) => (err ? reject(err) : resolve(stat)));
    });
  }

  remove(path: string, version: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.remove(path, version, (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Runs a transaction; resolves with the per-op results. Versions are set explicitly: the library's
   * Transaction turns version 0 into -1 (`version || -1`), which would make a write on a fresh znode blind.
   */
  multi(ops: TxOp[]): Promise<Array<{ type: number; path?: string; stat?: Stat }>> {
    return new Promise((resolve, reject) => {
      const tx = this.client.transaction();
      const raw = (tx as unknown as { ops: Array<{ version?: number }> }).ops;
      for (const op of ops) {
        if (op.op === 'check') tx.check(op.path, op.version);
        else if (op.op === 'setData') tx.setData(op.path, op.data, op.version);
        else if (op.op === 'remove') tx.remove(op.path, op.version);
        else tx.create(op.path, op.data, op.mode);
        if (op.op !== 'create') raw[raw.length - 1].version = op.version;
      }
      tx.commit((err, results) => (err ? reject(err) : resolve(results)));
    });
  }
}

export type TxOp =
  | { op: 'check'; path: string; version: number }
  | { op: 'setData'; path: string; data: Buffer; version: number }
  | { op: 'remove'; path: string; version: number }
  | { op: 'create'; path: string; data: Buffer; mode: number };

/** Sequence number of an ephemeral sequential ticket `n_0000000042` → 42 */
export function ticketSeq(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number.parseInt(m[1], 10) : Number.MAX_SAFE_INTEGER;
}

export function sortTickets(names: string[]): string[] {
  return [...names].sort((a, b) => ticketSeq(a) - ticketSeq(b));
}

export function sameSession(owner: Buffer | undefined, sessionId: Buffer): boolean {
  return !!owner && Buffer.compare(owner, sessionId) === 0;
}

/** The znodes of one application's election (zkHelper's layout). */
export interface ElectionPaths {
  /** the base znode; its data names the master and the epoch */
  base: string;
  /** `{base}/nodes`: one ephemeral znode per member */
  nodes: string;
  /** `{base}/votes`: the ephemeral sequential tickets */
  votes: string;
  /** the shared config */
  config: string;
}

export function electionPaths(basePath: string, configPath?: string): ElectionPaths {
  const base = basePath.replace(/\/+$/, '') || '/';
  return { base, nodes: `${base}/nodes`, votes: `${base}/votes`, config: configPath ?? `${base}/config` };
}

/**
 * Drops the client's socket. The library has no read timeout, so a silently cut link is only noticed by
 * our own timers; dropping the socket makes the library try the next server.
 */
export function destroySocket(client: Client): void {
  const cm = (client as unknown as { connectionManager?: { socket?: { destroy(): void } } })
    .connectionManager;
  cm?.socket?.destroy();
}
