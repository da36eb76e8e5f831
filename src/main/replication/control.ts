import type { ControlLogState } from '../../shared/api.js';
import { EventEmitter } from 'node:events';
import type { Role } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { SqliteDatabase } from '../storage/index.js';
import { ControlApplier } from './control-applier.js';
import { SnapshotKeeper } from './control-keeper.js';
import { JetStreamControlLog, type ControlLogError } from './control-log.js';
import { ControlWriter } from './control-writer.js';

export interface ControlOptions {
  servers: string[];
  /** the values stream's name; the control stream is `${stream}_CONTROL` */
  stream: string;
  replicas: number;
  appendTimeoutMs: number;
  node: string;
  logger: Logger;
}

export interface ControlEvents {
  /** site.db tables changed under the services (records applied, or own batches rolled back) */
  changed: [tables: Set<string>];
  /** own batches rolled back (no quorum, or another node wrote first) */
  rolledBack: [err: ControlLogError];
  /** this node wrote a snapshot of its state into the log (control-keeper.ts) */
  snapshotWritten: [seq: number, why: 'lost-tail' | 'seed'];
  /** another node's snapshot replaced this node's state; its old site.db was kept as `backup` */
  snapshotApplied: [origin: string, seq: number, backup: string | null];
}

export type ControlState = ControlLogState;

/**
 * The replicated control state (issue #18): site.db's logged writes go through the control log
 * (control-writer.ts), and every node applies it (control-applier.ts). Installed on the site.db handle
 * before any service prepares a statement.
 */
export class ControlReplication extends EventEmitter<ControlEvents> {
  readonly log: JetStreamControlLog;
  readonly writer: ControlWriter;
  private readonly applier: ControlApplier;
  readonly keeper: SnapshotKeeper;
  private role: Role = 'standby';
  private catchUpTo: number | null = null;
  private closed = false;

  constructor(
    db: SqliteDatabase,
    private readonly options: ControlOptions,
  ) {
    super();
    this.log = new JetStreamControlLog({ ...options, stream: `${options.stream}_CONTROL` });
    this.writer = new ControlWriter(db, this.log, options.node, options.logger);
    this.applier = new ControlApplier(this.log, this.writer, options.logger);
    this.keeper = new SnapshotKeeper(
      db,
      this.log,
      this.writer,
      options.node,
      () => this.role === 'master',
      options.logger,
      (seq, why) => this.emit('snapshotWritten', seq, why),
      () => this.applier.restart(),
    );
    this.writer.on('snapshot', (origin, seq, backup) => {
      if (origin !== options.node) this.emit('snapshotApplied', origin, seq, backup);
    });
    this.writer.on('applied', (tables) => this.emit('changed', tables));
    this.writer.on('rolledBack', (tables, err) => {
      this.emit('changed', tables);
      this.emit('rolledBack', err);
    });
  }

  start(): void {
    void (async () => {
      while (!this.closed) {
        try {
          await this.log.open();
          break;
        } catch (err) {
          this.options.logger.warn({ err }, 'the control log is not ready; retrying');
          await sleep(1000);
        }
      }
      if (this.closed) return;
      void this.applier.run();
      this.keeper.start();
    })();
  }

  /** a new master takes gateways only once it has applied the control log to the end it saw then */
  setRole(role: Role): void {
    const was = this.role;
    this.role = role;
    if (role !== 'master' || was === 'master') return;
    this.catchUpTo = null;
    void (async () => {
      while (!this.closed && this.role === 'master' && this.catchUpTo === null) {
        try {
          this.catchUpTo = (await this.log.info()).state.last_seq;
        } catch {
          await sleep(500);
        }
      }
    })();
  }

  /** why this (master) node cannot take gateways yet, or null */
  refusal(): string | null {
    if (this.role !== 'master') return null;
    if (this.catchUpTo === null || this.writer.position < this.catchUpTo)
      return `this node is the new master and still applies the control log (${Math.max(0, (this.catchUpTo ?? 0) - this.writer.position)} records to go)`;
    return null;
  }

  /** resolves true once site.db holds the log through `seq` (read your own writes), false after `ms` */
  async applied(seq: number, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (this.writer.position < seq) {
      if (Date.now() >= end) return false;
      await sleep(10);
    }
    return true;
  }

  state(): ControlState {
    return {
      stream: this.log.options.stream,
      position: this.writer.position,
      pending: this.applier.pending,
      appended: this.writer.appended,
      conflicts: this.writer.conflicts,
      failures: this.writer.failures,
      lastError: this.writer.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.applier.stop();
    this.keeper.stop();
    this.writer.stopRetrying();
    // a batch on its way (a rule's alarm at shutdown) gets its answer; a log that does not answer is not waited for
    await Promise.race([this.writer.whenIdle(), sleep(this.options.appendTimeoutMs + 1000)]);
    await this.log.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
