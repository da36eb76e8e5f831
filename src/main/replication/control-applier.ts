import type { ConsumerMessages } from '@nats-io/jetstream';
import type { Logger } from '../logger/logger.js';
import { decodeControl, type JetStreamControlLog } from './control-log.js';
import type { ControlWriter } from './control-writer.js';
import { PULL_EXPIRES_MS } from './jetstream-stream.js';

/**
 * Applies the control log to site.db in log order from the position saved in site.db: an ordered
 * consumer, one record per transaction, only while no batch of this node's own is open (a batch this
 * node appended is already here and is skipped by its sequence; one whose append failed after the log
 * took it is applied like anyone's: the log, not the local attempt, decides).
 */
export class ControlApplier {
  /** records the log holds beyond the last one delivered here */
  pending = 0;
  failures = 0;
  private messages: ConsumerMessages | null = null;
  private stopped = false;
  private generation = 0;
  private kick: (() => void) | null = null;

  constructor(
    private readonly log: JetStreamControlLog,
    private readonly writer: ControlWriter,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      const generation = ++this.generation;
      // a consumer that waits past a stream made again does not always end on stop(): restart() leaves it
      const restarted = new Promise<void>((resolve) => (this.kick = resolve));
      const round = this.round(generation);
      round.catch(() => undefined);
      try {
        await Promise.race([round, restarted]);
      } catch (err) {
        this.failures++;
        this.logger.warn({ err }, 'applying the control log paused; retrying');
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async round(generation: number): Promise<void> {
    const info = await this.log.info();
    if (generation !== this.generation) return;
    await this.reconcile(info.state.last_seq);
    const consumer = await this.log.consumerFrom(this.writer.position + 1);
    const messages = await consumer.consume({ max_messages: 256, expires: PULL_EXPIRES_MS });
    if (generation !== this.generation) return void messages.stop();
    this.messages = messages;
    try {
      for await (const msg of messages) {
        // checked in a loop: a write may open a new batch between the wake-up and this turn
        while (!this.writer.idle) await this.writer.whenIdle();
        if (generation !== this.generation) break;
        this.pending = msg.info.pending;
        if (msg.seq <= this.writer.position) continue;
        let record;
        try {
          record = decodeControl(msg.data);
        } catch (err) {
          this.failures++;
          this.logger.error({ seq: msg.seq, err }, 'unreadable control record skipped');
          record = { origin: '?', at: 0, statements: [] };
        }
        this.writer.applyRecord(msg.seq, record);
        if (this.stopped) break;
      }
    } finally {
      messages.stop();
      if (this.messages === messages) this.messages = null;
    }
  }

  /**
   * Whether the log still holds the history site.db applied: it may end before this node's position,
   * or hold other records under the same numbers (it lost its tail, a whole-site power cut with
   * nats-server 2.9, and took new records since; or it was made again). Then this node reads on from
   * the newest snapshot written after what it applied, or, with none, from the log's end, refusing
   * writes until a snapshot comes (control-keeper.ts writes it).
   */
  private async reconcile(end: number): Promise<void> {
    const { position, positionAt } = this.writer;
    if (position === 0 || this.writer.lostTail) return;
    const same = end >= position && (positionAt === 0 || (await this.log.recordAt(position)) === positionAt);
    if (same) return;
    while (!this.writer.idle) await this.writer.whenIdle();
    const snapshot = await this.log.lastSnapshot();
    if (snapshot && positionAt !== 0 && snapshot.at > positionAt) {
      this.writer.rewind(end, snapshot.seq - 1);
      this.logger.warn(
        { end, position, snapshot: snapshot.seq },
        'the control log lost records this node held; a snapshot written since sets it right',
      );
      return;
    }
    this.writer.rewind(Math.min(end, position));
    this.writer.lastError = `the control log ends at ${end}, before this node's position ${position} (or holds other records under it): site.db changes are refused until a node writes a snapshot of its state`;
    this.logger.error(this.writer.lastError);
  }

  /** ends the current consumer: the next round reads the stream's state again (it lost records) */
  restart(): void {
    this.messages?.stop();
    this.kick?.();
  }

  stop(): void {
    this.stopped = true;
    this.messages?.stop();
  }
}
