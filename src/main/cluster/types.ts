import type { EventEmitter } from 'node:events';
import type { ClusterState } from '../../shared/api.js';

export type Role = 'master' | 'standby' | 'observer';

/**
 * What every shared config is: a JSON object. An application narrows it by passing a `validateConfig`
 * that returns its own type; the coordinator's `config` event and `getConfig()` then carry that type.
 */
export type SharedConfigLike = Record<string, unknown>;

/** The data a node publishes about itself (in its ephemeral znode, or in the embedded state). */
export interface NodeInfo {
  host: string;
  ports: { http: number; mqtt: number };
  version: string;
  started: number;
}

/** zkHelper-compatible options (shared/docs/cluster-coordination.md). */
export interface CoordinatorOptions<C extends SharedConfigLike = SharedConfigLike> {
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
  nodeInfo?: NodeInfo;
  /**
   * This node's data dir: the ZooKeeper session id/password are kept there (`zk-session.json`) so a
   * restarted master re-attaches to its session within sessionTimeout and keeps its position.
   */
  dataDir?: string;
  /** delay before re-joining after the session is lost / a join attempt failed (zkHelper: 5 000 ms) */
  retryDelay?: number;
  /** how long init() waits for the first connection to ZooKeeper (default 30 000 ms) */
  connectTimeout?: number;
  /**
   * Validates a shared config; returns the accepted config or throws. Default: any JSON object (then
   * C should be left at its default: nothing narrows the config).
   */
  validateConfig?: (config: unknown) => C;
}

/** Defaults shared by both implementations. */
export const DEFAULT_SESSION_TIMEOUT = 10_000;
export const DEFAULT_RETRY_DELAY = 5_000;

/** The data of an election's base znode. */
export interface ElectionData {
  master: string | null;
  epoch: number;
}

/** The events of an {@link ElectionObserver}. */
export interface ElectionObserverEvents {
  /** the members changed (debounced) */
  children: [path: string, nodes: string[], diff: { added: string[]; deleted: string[] }];
  /** the base data changed */
  data: [path: string, newValue: ElectionData | null, oldValue: ElectionData | null];
  master: [master: string | null];
}

/** Watches another application's election without taking part (zkHelper's `Observer`). */
export interface ElectionObserver extends EventEmitter<ElectionObserverEvents> {
  readonly path: string;
  getMaster(): string | null;
  getNodes(): string[];
  close(): void;
}

/** The events of a {@link Coordinator}, shared by both implementations. */
export interface CoordinatorEvents<C extends SharedConfigLike = SharedConfigLike> {
  /**
   * This node's acting role changed. 'standby' is emitted the moment the connection is SUSPENDED, before
   * any other node could be elected.
   */
  role: [role: Role, epoch: number];
  /** the elected master changed */
  master: [master: string | null];
  /** the shared config changed (validated; invalid ones are ignored) */
  config: [config: C];
  /** anything shown in the console changed */
  state: [state: ClusterState];
}

export interface Coordinator<C extends SharedConfigLike = SharedConfigLike> extends EventEmitter<
  CoordinatorEvents<C>
> {
  init(): Promise<void>;
  /** true only while this node holds the lowest ticket, the base data names it, and the session is connected */
  isMaster(): boolean;
  getMaster(): string | null;
  /** the current mastership epoch (monotonic); master-only writes are stamped with it */
  getEpoch(): number;
  getConfig(): C;
  setConfig(config: C): Promise<void>;
  state(): ClusterState;
  /**
   * Asks the coordination service whether `epoch` is still the current mastership of this node
   * (ZooKeeper: a synced read of the base znode). Master-only work checks it before committing.
   */
  checkEpoch(epoch: number): Promise<boolean>;
  /** watch another application's election (path = its basePath) */
  observe(path: string): ElectionObserver;
  /**
   * The ports this node's listeners really bound (a configured port 0 is only known once they are up):
   * published to the other nodes and the console in place of the configured ones.
   */
  announcePorts(ports: NodeInfo['ports']): void;
  close(): Promise<void>;
}

/** A service that only the acting master runs (rules engine, RPC scheduler, retention jobs). */
export interface MasterDuty {
  readonly name: string;
  start(epoch: number): void | Promise<void>;
  stop(): void | Promise<void>;
}
