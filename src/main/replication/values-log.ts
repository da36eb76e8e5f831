import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger/logger.js';
import { JetStreamStream, subjectToken } from './jetstream-stream.js';
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
export class JetStreamValuesLog extends JetStreamStream {
  readonly subject: string;

  constructor(private readonly options: ValuesLogOptions) {
    super(options, 'edge-site');
    this.subject = `${options.stream}.values`;
  }

  protected notConnected(): Error {
    return new ReplicationError('the replicated values log is not connected');
  }

  protected override outdated(info: StreamInfo, config: Partial<StreamConfig>): boolean {
    return info.config.num_replicas !== config.num_replicas || info.config.max_age !== config.max_age;
  }

  protected streamConfig(): Partial<StreamConfig> & { name: string } {
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

  /** the newest record's data, or null when the stream holds none */
  async lastRecord(): Promise<Uint8Array | null> {
    if (!this.jsm) throw this.notConnected();
    const msg = await this.jsm.streams.getMessage(this.options.stream, { last_by_subj: this.subject });
    return msg?.data ?? null;
  }

  /** core (not persisted) publish/subscribe for the nodes' reports of their replication state */
  publishReport(node: string, report: unknown): void {
    this.publishJson(`${this.options.stream}.nodes.${subjectToken(node)}`, report);
  }

  subscribeReports(onReport: (report: unknown) => void): Subscription | null {
    return this.subscribeJson(`${this.options.stream}.nodes.*`, onReport);
  }
}
