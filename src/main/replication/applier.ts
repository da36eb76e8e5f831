import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../logger/logger.js';
import type { SensorBatch } from '../series/types.js';
import { PULL_EXPIRES_MS } from './jetstream-stream.js';
import type { ApplyPosition } from './position.js';
import { decodeRecord, type ValuesRecord } from './record.js';
import type { JetStreamValuesLog } from './values-log.js';

export interface ApplyTarget {
  /** commit the values to this node's store (it drops what it already holds: same sensor and time) */
  append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<unknown>;
  /** values another node received, now committed here (the console's live view) */
  applied(record: ValuesRecord): void;
}

/** records applied concurrently: the store group-commits them, in the order they were appended */
const WINDOW = 256;

/**
 * Applies the log to this node's store, in log order, from the saved position: an ordered consumer (a
 * gap or a lost server makes the client recreate it at the right sequence). A record this node received
 * itself is already committed here (it was appended only after the local commit), so it only moves the
 * position. When a commit fails (a full disk), consuming stops and starts again later from the last
 * committed record: nothing after a failed record is applied before it.
 */
export class LogApplier {
  lagMessages = 0;
  lastAppliedAt: number | null = null;
  /** receivedAt of the newest applied record: the age of the oldest unapplied one is judged from it */
  lastReceivedAt: number | null = null;
  applied = 0;
  failures = 0;
  lastError: string | null = null;
  private messages: ConsumerMessages | null = null;
  private stopped = false;

  constructor(
    private readonly log: JetStreamValuesLog,
    private readonly position: ApplyPosition,
    private readonly node: string,
    private readonly target: ApplyTarget,
    private readonly logger: Logger,
    /** the stream lost records this node had applied, or was made again (republish.ts) */
    private readonly onTailLost: (why: string) => void = () => undefined,
  ) {}

  /** runs until stop(); each failed round (server lost, commit failed) waits and starts again */
  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.round();
      } catch (err) {
        this.failures++;
        this.lastError = (err as Error).message;
        this.logger.warn({ err }, 'applying the values log paused; retrying');
      }
      if (!this.stopped) await sleep(1000);
    }
  }

  private async round(): Promise<void> {
    const info = await this.log.info();
    const moved = this.position.reconcile({
      created: info.created,
      lastSeq: info.state.last_seq,
      firstSeq: info.state.first_seq,
    });
    if (moved) {
      this.lastError = moved;
      this.logger.warn({ stream: info.config.name }, moved);
      this.onTailLost(moved);
    }
    const consumer = await this.log.consumerFrom(this.position.seq + 1);
    const messages = await consumer.consume({ max_messages: WINDOW * 2, expires: PULL_EXPIRES_MS });
    this.messages = messages;
    const inflight: Array<{ seq: number; done: Promise<unknown> }> = [];
    try {
      for await (const msg of messages) {
        const done = this.applyOne(msg);
        // awaited in order by settle(); a rejection behind a failed head must not go unhandled
        done.catch(() => undefined);
        inflight.push({ seq: msg.seq, done });
        this.lagMessages = msg.info.pending;
        // settle the window when full, or as soon as the log has nothing more right now
        if (inflight.length >= WINDOW || msg.info.pending === 0) await this.settle(inflight);
        if (this.stopped) break;
      }
    } finally {
      messages.stop();
      this.messages = null;
    }
  }

  private applyOne(msg: JsMsg): Promise<unknown> {
    let record: ValuesRecord;
    try {
      record = decodeRecord(msg.data);
    } catch (err) {
      // a record no node can read would stop every node forever: count it, say so, and go on
      this.failures++;
      this.lastError = `record ${msg.seq} skipped: ${(err as Error).message}`;
      this.logger.error({ seq: msg.seq, err }, 'unreadable record in the values log skipped');
      return Promise.resolve();
    }
    this.lastReceivedAt = record.receivedAt;
    if (record.origin === this.node) return Promise.resolve();
    return this.target.append(record.gatewayId, record.batches, record.receivedAt).then(() => {
      this.applied++;
      this.target.applied(record);
    });
  }

  /** waits for the window in order; the position moves only over committed records */
  private async settle(inflight: Array<{ seq: number; done: Promise<unknown> }>): Promise<void> {
    while (inflight.length > 0) {
      const head = inflight[0];
      await head.done;
      inflight.shift();
      this.position.advance(head.seq);
      this.lastAppliedAt = Date.now();
    }
  }

  /** ends the current consumer: the next round reconciles the position with the stream again */
  restart(): void {
    this.messages?.stop();
  }

  stop(): void {
    this.stopped = true;
    this.messages?.stop();
    this.position.save();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
