import { EventEmitter } from 'node:events';
import type { ReplicationNodeView, ReplicationState, ReplicaView } from '../../shared/api.js';
import type { Role } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { SensorBatch } from '../series/types.js';
import { LogApplier, type ApplyTarget } from './applier.js';
import { ApplyPosition } from './position.js';
import type { ValuesRecord } from './record.js';
import { republishTail, type LocalValues } from './republish.js';
import { JetStreamValuesLog, ReplicationError } from './values-log.js';

export interface ReplicationOptions {
  servers: string[];
  stream: string;
  replicas: number;
  appendTimeoutMs: number;
  retentionHours?: number;
  node: string;
  dataDir: string;
  logger: Logger;
  now?: () => number;
}

export interface ReplicationEvents {
  /** values another node received, committed here */
  applied: [ValuesRecord];
  /** the state shown on the cluster page changed (sent each second while anything moves) */
  state: [ReplicationState];
  /** this node's values published again after the log lost its tail (republish.ts) */
  republished: [count: number];
}

const REPORT_EVERY_MS = 1000;
/** a stream replica silent this long (NATS sends Raft heartbeats every second) counts as gone */
const REPLICA_SILENT_MS = 5000;
/** a node that has not reported for this long is shown as not connected */
const REPORT_STALE_MS = 5000;

/**
 * The cluster's replicated values (issue #18): appends each acknowledged message to the JetStream log
 * (ingest awaits it before the PUBACK), applies the log to this node's store, reports where every node
 * is, and decides whether this node takes gateways: only the master does, and only once it has applied
 * the log through the end it saw when it became master (so a gateway that moves here continues after its
 * last acknowledged value and nothing it sent before is out of order).
 */
export class Replication extends EventEmitter<ReplicationEvents> {
  private readonly log: JetStreamValuesLog;
  private readonly position: ApplyPosition;
  private applier: LogApplier | null = null;
  private readonly reports = new Map<string, ReplicationNodeView>();
  private role: Role = 'standby';
  /** the log's end when this node became master; gateways wait until it is applied */
  private catchUpTo: number | null = null;
  private lastSeq = 0;
  private quorum: ReplicationState['quorum'] = 'unknown';
  private replicas: ReplicaView[] = [];
  private appended = 0;
  /** values this node published again after the log lost its tail, since start */
  republished = 0;
  private republishing = false;
  private appendFailures = 0;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;
  /** other reasons to refuse gateways (the control log still being applied on a new master) */
  readonly gates: Array<() => string | null> = [];

  constructor(
    private readonly options: ReplicationOptions,
    private readonly target: Omit<ApplyTarget, 'applied'> & { local?: LocalValues },
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.log = new JetStreamValuesLog({
      servers: options.servers,
      stream: options.stream,
      replicas: options.replicas,
      appendTimeoutMs: options.appendTimeoutMs,
      retentionHours: options.retentionHours ?? 24 * 7,
      logger: options.logger,
    });
    this.position = new ApplyPosition(options.dataDir, options.stream);
  }

  /** this node's name in the log's records and reports */
  get node(): string {
    return this.options.node;
  }

  /** connects in the background (the site starts without the log; gateways wait for it) */
  start(): void {
    void this.connect();
    this.timer = setInterval(() => void this.tick(), REPORT_EVERY_MS);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    while (!this.closed) {
      try {
        await this.log.open();
        break;
      } catch (err) {
        this.lastError = `replication servers: ${(err as Error).message}`;
        this.options.logger.warn({ err }, 'the replicated values log is not ready; retrying');
        await sleep(1000);
      }
    }
    if (this.closed) return;
    this.log.subscribeReports((report) => this.noteReport(report as ReplicationNodeView));
    this.applier = new LogApplier(
      this.log,
      this.position,
      this.options.node,
      { append: (...args) => this.target.append(...args), applied: (r) => this.emit('applied', r) },
      this.options.logger,
      () => void this.republish(),
    );
    void this.applier.run();
    await this.tick();
  }

  /**
   * Appends one acknowledged-to-be message (already committed here). Resolves once a quorum holds it;
   * throws ReplicationError otherwise: the caller sends no PUBACK.
   */
  async append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<void> {
    try {
      const seq = await this.log.append({ origin: this.options.node, gatewayId, receivedAt, batches });
      this.appended++;
      if (seq > this.lastSeq) this.lastSeq = seq;
    } catch (err) {
      this.appendFailures++;
      this.lastError = (err as Error).message;
      throw err instanceof ReplicationError ? err : new ReplicationError((err as Error).message);
    }
  }

  /**
   * The log ends before what this node applied (or was made again): this node's own store holds the
   * lost tail, so it goes back into the log. Retried until it succeeds (the log may have no quorum yet).
   */
  private async republish(): Promise<void> {
    const local = this.target.local;
    if (!local || this.republishing) return;
    this.republishing = true;
    try {
      while (!this.closed) {
        try {
          const count = await republishTail(
            this.log,
            local,
            this.options.node,
            this.options.retentionHours ?? 24 * 7,
            this.options.logger,
          );
          this.republished += count;
          this.emit('republished', count);
          return;
        } catch (err) {
          this.lastError = `re-publishing the lost tail: ${(err as Error).message}`;
          this.options.logger.warn({ err }, "re-publishing the values log's lost tail failed; retrying");
          await sleep(1000);
        }
      }
    } finally {
      this.republishing = false;
    }
  }

  /** follows the coordinator: on becoming master, gateways wait until the log is applied to its end */
  setRole(role: Role): void {
    const was = this.role;
    this.role = role;
    if (role === 'master' && was !== 'master') {
      this.catchUpTo = null;
      void this.markCatchUp();
    }
  }

  private async markCatchUp(): Promise<void> {
    while (!this.closed && this.role === 'master' && this.catchUpTo === null) {
      try {
        this.catchUpTo = (await this.log.info()).state.last_seq;
      } catch {
        await sleep(500);
      }
    }
  }

  /** why this node refuses a gateway now, or null (it takes it) */
  gatewayRefusal(): string | null {
    if (this.role !== 'master')
      return 'this node is a standby of a cluster: gateways connect to the site address, which the master holds';
    if (!this.log.connected) return 'the replicated values log is not reachable from this node';
    if (this.catchUpTo === null || this.position.seq < this.catchUpTo)
      return `this node is the new master and still applies the values log (${Math.max(0, (this.catchUpTo ?? 0) - this.position.seq)} records to go)`;
    if (this.quorum === 'lost')
      return 'the replicated values log has no quorum: values could not be acknowledged';
    for (const gate of this.gates) {
      const refusal = gate();
      if (refusal) return refusal;
    }
    return null;
  }

  /** applied through the log's end as last seen: reads on this node are complete */
  caughtUp(): boolean {
    // the consumer's pending count is fresher than lastSeq (read each second)
    return this.log.connected && this.position.seq >= this.lastSeq && (this.applier?.lagMessages ?? 1) === 0;
  }

  private async tick(): Promise<void> {
    if (!this.log.connected) return;
    try {
      const info = await this.log.info();
      this.lastSeq = info.state.last_seq;
      // a stream that lost records (or was made again) under a running consumer: it would wait past the end
      const made = this.position.streamCreated;
      if (info.state.last_seq < this.position.seq || (made !== null && made !== info.created))
        this.applier?.restart();
      const cluster = info.cluster;
      const replicas: ReplicaView[] = [];
      if (cluster?.leader)
        replicas.push({ name: cluster.leader, leader: true, current: true, lag: 0, activeMs: 0 });
      for (const r of cluster?.replicas ?? [])
        replicas.push({
          name: r.name,
          leader: false,
          current: r.current,
          lag: r.lag ?? 0,
          activeMs: r.active !== undefined ? Math.round(r.active / 1e6) : null,
        });
      this.replicas = replicas;
      // A replica that lags for a moment under load is shown (current: false) but does not make the
      // quorum lost; one the leader has not heard from for REPLICA_SILENT_MS is gone (a leader that lost
      // its followers keeps its title for a while before it steps down).
      const heard = replicas.filter(
        (r) => r.leader || (r.activeMs !== null && r.activeMs < REPLICA_SILENT_MS),
      );
      this.quorum =
        this.options.replicas === 1 || (cluster?.leader && heard.length > this.options.replicas / 2)
          ? 'ok'
          : 'lost';
    } catch (err) {
      this.quorum = 'lost';
      this.lastError = `replication servers: ${(err as Error).message}`;
    }
    const report = this.selfReport();
    this.noteReport(report);
    this.log.publishReport(this.options.node, report);
    this.emit('state', this.state());
  }

  private selfReport(): ReplicationNodeView {
    const applier = this.applier;
    const lagMessages = Math.max(0, this.lastSeq - this.position.seq);
    const oldest = applier?.lastReceivedAt ?? null;
    return {
      node: this.options.node,
      role: this.role,
      lastAppliedSeq: this.position.seq,
      lastAppliedAt: applier?.lastAppliedAt ?? null,
      lagMessages,
      lagSeconds: lagMessages > 0 && oldest !== null ? Math.max(0, (this.now() - oldest) / 1000) : 0,
      caughtUp: this.caughtUp(),
      connected: this.log.connected,
      reportedAt: this.now(),
    };
  }

  private noteReport(report: ReplicationNodeView): void {
    if (typeof report?.node !== 'string') return;
    this.reports.set(report.node, report);
  }

  state(): ReplicationState {
    const now = this.now();
    const nodes = [...this.reports.values()]
      .map((r) => (now - r.reportedAt > REPORT_STALE_MS ? { ...r, connected: false } : r))
      .sort((a, b) => a.node.localeCompare(b.node));
    return {
      engine: 'jetstream',
      stream: this.options.stream,
      connected: this.log.connected,
      server: this.log.server,
      quorum: this.log.connected ? this.quorum : 'unknown',
      replicas: this.replicas,
      lastSeq: this.lastSeq,
      nodes,
      appended: this.appended,
      appendFailures: this.appendFailures,
      applied: this.applier?.applied ?? 0,
      applyFailures: this.applier?.failures ?? 0,
      lastError: this.applier?.lastError ?? this.lastError,
      gatewayRefusal: this.gatewayRefusal(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.applier?.stop();
    this.position.close();
    await this.log.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
