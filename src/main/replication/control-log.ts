import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type StreamInfo,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger/logger.js';
import type { LoggedStatement } from './capture.js';

/** One batch of site.db writes, as appended by the node that made them. */
export interface ControlRecord {
  origin: string;
  at: number;
  statements: LoggedStatement[];
}

export interface ControlLogOptions {
  servers: string[];
  /** the stream's name: the values stream's, with `_CONTROL` */
  stream: string;
  replicas: number;
  appendTimeoutMs: number;
  logger: Logger;
}

/** A batch the log refused or a quorum did not confirm: it was rolled back here (docs/errors.md ES_NO_QUORUM). */
export class ControlLogError extends Error {
  override name = 'ControlLogError';
  constructor(
    message: string,
    /** another write reached the log first (expected last sequence): not a lost quorum */
    readonly conflict = false,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeControl = (r: ControlRecord): Uint8Array => encoder.encode(JSON.stringify(r));

export function decodeControl(data: Uint8Array): ControlRecord {
  const r = JSON.parse(decoder.decode(data)) as ControlRecord;
  if (typeof r?.origin !== 'string' || !Array.isArray(r.statements)) throw new Error('not a control record');
  return r;
}

/**
 * The site's control log: a second JetStream stream on the values log's servers, replicated by its own
 * Raft group, file storage, no age limit (control changes are small and every one is needed to rebuild
 * site.db). Appends carry the sequence the writer last applied (`expect.lastSequence`): the log takes a
 * batch only from a node that has seen everything before it, so two writers never interleave blindly.
 */
export class JetStreamControlLog {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private closed = false;
  private readonly subject: string;
  private readyWaiters: Array<() => void> = [];

  constructor(readonly options: ControlLogOptions) {
    this.subject = `${options.stream}.records`;
  }

  get connected(): boolean {
    return this.nc !== null && !this.nc.isClosed() && this.js !== null;
  }

  async open(): Promise<void> {
    this.nc ??= await connect({
      servers: this.options.servers,
      name: 'edge-site-control',
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const jsm = await jetstreamManager(this.nc, { timeout: Math.max(this.options.appendTimeoutMs, 5000) });
    try {
      await jsm.streams.info(this.options.stream);
    } catch (err) {
      if (!/not found/i.test((err as Error).message)) throw err;
      await jsm.streams.add({
        name: this.options.stream,
        subjects: [this.subject],
        num_replicas: this.options.replicas,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.New,
      });
    }
    this.jsm = jsm;
    this.js = jetstream(this.nc, { timeout: this.options.appendTimeoutMs });
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  /** resolves once connected, or after `ms` (then append fails with the reason) */
  private async ready(ms: number): Promise<void> {
    if (this.connected || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** appends after `lastSeq`; resolves with the record's sequence once a quorum holds it */
  async append(record: ControlRecord, lastSeq: number): Promise<number> {
    await this.ready(this.options.appendTimeoutMs * 5);
    const js = this.js;
    if (!js || this.closed) throw new ControlLogError('the control log is not connected');
    try {
      const ack = await js.publish(this.subject, encodeControl(record), {
        expect: { lastSequence: lastSeq },
        timeout: this.options.appendTimeoutMs,
      });
      return ack.seq;
    } catch (err) {
      const message = (err as Error).message;
      if (/wrong last sequence/i.test(message))
        throw new ControlLogError(`another node wrote first (${message})`, true);
      throw new ControlLogError(
        `no quorum of ${this.options.stream}'s replicas confirmed the change: ${message}`,
      );
    }
  }

  async info(): Promise<StreamInfo> {
    if (!this.jsm) throw new ControlLogError('the control log is not connected');
    return this.jsm.streams.info(this.options.stream);
  }

  async consumerFrom(startSeq: number): Promise<Consumer> {
    if (!this.js) throw new ControlLogError('the control log is not connected');
    return this.js.consumers.get(this.options.stream, {
      deliver_policy: 'by_start_sequence',
      opt_start_seq: Math.max(1, startSeq),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.readyWaiters.splice(0)) wake();
    const nc = this.nc;
    this.nc = null;
    this.js = null;
    this.jsm = null;
    await nc?.close().catch(() => undefined);
  }
}
