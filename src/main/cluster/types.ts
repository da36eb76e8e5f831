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
  close(): Promise<void>;
}

/** A service that only the acting master runs (rules engine, RPC scheduler, retention jobs). */
export interface MasterDuty {
  readonly name: string;
  start(epoch: number): void | Promise<void>;
  stop(): void | Promise<void>;
}
