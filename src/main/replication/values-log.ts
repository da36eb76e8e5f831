import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger/logger.js';
import { encodeRecord, recordId, type ValuesRecord } from './record.js';

export interface ValuesLogOptions {
  servers: string[];
  stream: string;
  replicas: number;
  appendTimeoutMs: number;
  /** how long the log keeps a value; a node down for longer is seeded again from a backup */
  retentionHours: number;
  logger: Logger;
}

/** An append that a quorum did not confirm: no PUBACK may be sent (the gateway sends the message again). */
export class ReplicationError extends Error {
  override name = 'ReplicationError';
  readonly code = 'ES_REPLICATION';
}

/** JetStream's de-duplication window: a gateway resends within seconds, a site node restarts in less. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * The site's values log on NATS JetStream: one stream, replicated by JetStream's own Raft group
 * (`num_replicas`), file storage. This class only connects, makes sure the stream exists and appends;
 * consuming is applier.ts. The connection retries forever: a site node outlives the log's servers.
 */
export class JetStreamValuesLog {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private closed = false;
  readonly subject: string;

  constructor(private readonly options: ValuesLogOptions) {
    this.subject = `${options.stream}.values`;
  }

  get connected(): boolean {
    return this.nc !== null && !this.nc.isClosed() && this.js !== null;
  }

  /** the server this node is connected to now */
  get server(): string | null {
    return this.nc?.getServer() ?? null;
  }

  /** Connects (waiting for a first server) and creates or updates the stream; retried by the caller. */
  async open(): Promise<void> {
    if (this.nc === null) {
      this.nc = await connect({
        servers: this.options.servers,
        name: 'edge-site',
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
      });
      void this.watchStatus(this.nc);
    }
    const jsm = await jetstreamManager(this.nc, { timeout: Math.max(this.options.appendTimeoutMs, 5000) });
    await this.ensureStream(jsm);
    this.jsm = jsm;
    this.js = jetstream(this.nc, { timeout: this.options.appendTimeoutMs });
  }

  private streamConfig(): Partial<StreamConfig> & { name: string } {
    return {
      name: this.options.stream,
      subjects: [this.subject],
      num_replicas: this.options.replicas,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      // the oldest values go first when the log is full, never the newest (an append never fails for age)
      discard: DiscardPolicy.Old,
      max_age: nanos(this.options.retentionHours * 3_600_000),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const config = this.streamConfig();
    try {
      const info = await jsm.streams.info(this.options.stream);
      if (info.config.num_replicas !== config.num_replicas || info.config.max_age !== config.max_age)
        await jsm.streams.update(this.options.stream, { ...info.config, ...config });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }

  /**
   * Appends one message's values; resolves once the stream's leader has it in a quorum of replicas
   * (JetStream acknowledges a replicated publish only after Raft commit). Throws ReplicationError.
   */
  async append(record: ValuesRecord): Promise<number> {
    const js = this.js;
    if (!js || this.closed) throw new ReplicationError('the replicated values log is not connected');
    try {
      const ack = await js.publish(this.subject, encodeRecord(record), {
        msgID: recordId(record),
        timeout: this.options.appendTimeoutMs,
      });
      return ack.seq;
    } catch (err) {
      throw new ReplicationError(
        `the replicated values log did not confirm the values (no quorum of ${this.options.stream}'s replicas answered): ${(err as Error).message}`,
      );
    }
  }

  async info(): Promise<StreamInfo> {
    if (!this.jsm) throw new ReplicationError('the replicated values log is not connected');
    return this.jsm.streams.info(this.options.stream);
  }

  /** an ordered consumer from `startSeq` (1 = the beginning of what the log still holds) */
  async consumerFrom(startSeq: number): Promise<Consumer> {
    if (!this.js) throw new ReplicationError('the replicated values log is not connected');
    return this.js.consumers.get(this.options.stream, {
      deliver_policy: 'by_start_sequence',
      opt_start_seq: Math.max(1, startSeq),
    });
  }

  /** core (not persisted) publish/subscribe for the nodes' reports of their replication state */
  publishReport(node: string, report: unknown): void {
    if (this.nc && !this.nc.isClosed())
      this.nc.publish(`${this.options.stream}.nodes.${reportToken(node)}`, JSON.stringify(report));
  }

  subscribeReports(onReport: (report: unknown) => void): Subscription | null {
    if (!this.nc) return null;
    return this.nc.subscribe(`${this.options.stream}.nodes.*`, {
      callback: (err, msg) => {
        if (err) return;
        try {
          onReport(msg.json());
        } catch {
          // a report this version cannot read is not worth more than a skip
        }
      },
    });
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        this.options.logger.warn(
          { status: status.type, server: status.server },
          'replication server connection',
        );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const nc = this.nc;
    this.nc = null;
    this.js = null;
    this.jsm = null;
    await nc?.close().catch(() => undefined);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}

/** a subject token from a node name ("pc-a:8080" → "pc-a_8080"): dots and wildcards are not allowed */
function reportToken(node: string): string {
  return node.replace(/[^A-Za-z0-9_-]/g, '_');
}
