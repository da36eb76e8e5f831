import type { ConsumerMessages } from '@nats-io/jetstream';
import type { Logger } from '../logger/logger.js';
import { decodeControl, type JetStreamControlLog } from './control-log.js';
import type { ControlWriter } from './control-writer.js';

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

  constructor(
    private readonly log: JetStreamControlLog,
    private readonly writer: ControlWriter,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.round();
      } catch (err) {
        this.failures++;
        this.logger.warn({ err }, 'applying the control log paused; retrying');
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async round(): Promise<void> {
    const info = await this.log.info();
    if (info.state.last_seq < this.writer.position) {
      // the stream lost its tail (a whole-site power cut with nats-server 2.9) or was made again: every
      // append from here would be refused; say so, loudly (docs/cluster-replication.md)
      this.writer.lastError = `the control log ends at ${info.state.last_seq}, before this node's position ${this.writer.position}: site.db changes are refused until the stream is rebuilt`;
      this.logger.error(this.writer.lastError);
    }
    const consumer = await this.log.consumerFrom(this.writer.position + 1);
    const messages = await consumer.consume({ max_messages: 256 });
    this.messages = messages;
    try {
      for await (const msg of messages) {
        // checked in a loop: a write may open a new batch between the wake-up and this turn
        while (!this.writer.idle) await this.writer.whenIdle();
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
      this.messages = null;
    }
  }

  stop(): void {
    this.stopped = true;
    this.messages?.stop();
  }
}
