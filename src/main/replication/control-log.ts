import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import type { Logger } from '../logger/logger.js';
import type { LoggedStatement } from './capture.js';
import { JetStreamStream, subjectToken } from './jetstream-stream.js';

/** One batch of site.db writes, as appended by the node that made them. */
export interface ControlRecord {
  origin: string;
  at: number;
  statements: LoggedStatement[];
  /** a snapshot of the origin's whole replicated state (control-snapshot.ts), replacing every node's */
  snapshot?: string;
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
export class JetStreamControlLog extends JetStreamStream {
  private readonly subject: string;
  /** snapshots have their own subject: the newest one is found without reading the stream */
  private readonly snapshots: string;

  constructor(readonly options: ControlLogOptions) {
    super(options, 'edge-site-control');
    this.subject = `${options.stream}.records`;
    this.snapshots = `${options.stream}.snapshots`;
  }

  protected notConnected(): Error {
    return new ControlLogError('the control log is not connected');
  }

  protected override outdated(info: StreamInfo): boolean {
    return !info.config.subjects?.includes(this.snapshots);
  }

  /** the sequence and time of the newest snapshot the stream holds, or null */
  async lastSnapshot(): Promise<{ seq: number; at: number } | null> {
    if (!this.jsm) throw this.notConnected();
    try {
      const msg = await this.jsm.streams.getMessage(this.options.stream, { last_by_subj: this.snapshots });
      return msg ? { seq: msg.seq, at: decodeControl(msg.data).at } : null;
    } catch {
      return null; // none: the server answers "no message found"
    }
  }

  /** the `at` of the record at `seq` (to tell whether it is the one this node applied), or null */
  async recordAt(seq: number): Promise<number | null> {
    if (!this.jsm) throw this.notConnected();
    try {
      const msg = await this.jsm.streams.getMessage(this.options.stream, { seq });
      return msg ? decodeControl(msg.data).at : null;
    } catch {
      return null;
    }
  }

  protected streamConfig(): Partial<StreamConfig> & { name: string } {
    return {
      name: this.options.stream,
      subjects: [this.subject, this.snapshots],
      num_replicas: this.options.replicas,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
    };
  }

  /** core (not persisted) publish/subscribe: the nodes' control positions (control-keeper.ts) */
  publishCore(token: string, data: unknown): void {
    this.publishJson(`${this.options.stream}.positions.${subjectToken(token)}`, data);
  }

  subscribeCore(onData: (data: unknown) => void): { unsubscribe(): void } | null {
    return this.subscribeJson(`${this.options.stream}.positions.*`, onData);
  }

  /** the most a message may hold on the server this node is connected to */
  get maxPayload(): number {
    return this.nc?.info?.max_payload ?? 1024 * 1024;
  }

  /** appends after `lastSeq`; resolves with the record's sequence once a quorum holds it */
  async append(record: ControlRecord, lastSeq: number): Promise<number> {
    await this.ready(this.options.appendTimeoutMs * 5);
    const js = this.js;
    if (!js || this.closed) throw new ControlLogError('the control log is not connected');
    try {
      const subject = record.snapshot === undefined ? this.subject : this.snapshots;
      const ack = await js.publish(subject, encodeControl(record), {
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
}
