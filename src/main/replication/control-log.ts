import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { Logger } from '../logger/logger.js';
import type { LoggedStatement } from './capture.js';
import { JetStreamStream } from './jetstream-stream.js';

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
export class JetStreamControlLog extends JetStreamStream {
  private readonly subject: string;

  constructor(readonly options: ControlLogOptions) {
    super(options, 'edge-site-control');
    this.subject = `${options.stream}.records`;
  }

  protected notConnected(): Error {
    return new ControlLogError('the control log is not connected');
  }

  protected streamConfig(): Partial<StreamConfig> & { name: string } {
    return {
      name: this.options.stream,
      subjects: [this.subject],
      num_replicas: this.options.replicas,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
    };
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
}
