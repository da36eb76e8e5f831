import type { EventEmitter } from 'node:events';
import type { ClusterState } from '../../shared/api.js';

export type Role = 'master' | 'standby' | 'observer';

/** zkHelper-compatible options (shared/docs/cluster-coordination.md). */
export interface CoordinatorOptions {
  /** this node's name, `{hostname}:{port}` */
  node: string;
  /** base znode of this application's election, e.g. "/edge-site" */
  basePath: string;
  /** znode holding the shared site config (JSON); default `${basePath}/config` */
  configPath?: string;
  /** ZooKeeper servers "host:port"; empty → embedded single-node coordinator */
  servers: string[];
  sessionTimeout?: number;
  retries?: number;
  /** watch the election without taking part (a monitoring-only PC) */
  observerOnly?: boolean;
  /** data published in this node's ephemeral znode */
  nodeInfo?: { host: string; ports: { http: number; mqtt: number }; version: string; started: number };
  /**
   * This node's data dir: the ZooKeeper session id/password are kept there (`zk-session.json`) so a
   * restarted master re-attaches to its session within sessionTimeout and keeps its position.
   */
  dataDir?: string;
  /** delay before re-joining after the session is lost / a join attempt failed (zkHelper: 5 000 ms) */
  retryDelay?: number;
  /** how long init() waits for the first connection to ZooKeeper (default 30 000 ms) */
  connectTimeout?: number;
  /** validates a shared config; returns the accepted config or throws. Default: any JSON object. */
  validateConfig?: (config: unknown) => Record<string, unknown>;
}

/** Defaults shared by both implementations. */
export const DEFAULT_SESSION_TIMEOUT = 10_000;
export const DEFAULT_RETRY_DELAY = 5_000;

/**
 * Watches another application's election without taking part (zkHelper's `Observer`).
 *  - 'children' (path: string, nodes: string[], diff: { added: string[]; deleted: string[] }): debounced
 *  - 'data' (path: string, newValue: ElectionData | null, oldValue: ElectionData | null): the base data changed
 *  - 'master' (master: string | null)
 */
export interface ElectionObserver extends EventEmitter {
  readonly path: string;
  getMaster(): string | null;
  getNodes(): string[];
  close(): void;
}

/** The data of an election's base znode. */
export interface ElectionData {
  master: string | null;
  epoch: number;
}

/**
 * The coordinator's typed events:
 *  - 'role' (role: Role, epoch: number): this node's acting role changed. 'standby' is emitted the moment
 *    the connection is SUSPENDED, before any other node could be elected.
 *  - 'master' (master: string | null): the elected master changed.
 *  - 'config' (config: Record<string, unknown>): the shared config changed (validated; invalid ones are ignored).
 *  - 'state' (state: ClusterState): anything shown in the console changed.
 */
export interface Coordinator extends EventEmitter {
  init(): Promise<void>;
  /** true only while this node holds the lowest ticket, the base data names it, and the session is connected */
  isMaster(): boolean;
  getMaster(): string | null;
  /** the current mastership epoch (monotonic); master-only writes are stamped with it */
  getEpoch(): number;
  getConfig(): Record<string, unknown>;
  setConfig(config: Record<string, unknown>): Promise<void>;
  state(): ClusterState;
  /**
   * Asks the coordination service whether `epoch` is still the current mastership of this node
   * (ZooKeeper: a synced read of the base znode). Master-only work checks it before committing.
   */
  checkEpoch(epoch: number): Promise<boolean>;
  /** watch another application's election (path = its basePath) */
  observe(path: string): ElectionObserver;
  close(): Promise<void>;
}

/** A service that only the acting master runs (rules engine, RPC scheduler, retention jobs). */
export interface MasterDuty {
  readonly name: string;
  start(epoch: number): void | Promise<void>;
  stop(): void | Promise<void>;
}
