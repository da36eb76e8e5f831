import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where this node is in the values log: the stream sequence applied to its own store, everything before
 * it included. Saved after the values are committed, so a crash in between re-applies a few records and
 * the store drops them as duplicates (idempotent per sensor and time): at least once, never a gap.
 */
export class ApplyPosition {
  private readonly file: string;
  private saved = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  seq = 0;
  /** the stream's creation time the sequence belongs to: a stream made again numbers from 1 again */
  streamCreated: string | null = null;

  constructor(dataDir: string, stream: string) {
    this.file = join(dataDir, `replication-${stream}.json`);
    this.read();
    this.saved = this.seq;
  }

  private read(): void {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as {
        appliedSeq?: unknown;
        streamCreated?: unknown;
      };
      if (typeof parsed.appliedSeq === 'number' && parsed.appliedSeq >= 0) this.seq = parsed.appliedSeq;
      if (typeof parsed.streamCreated === 'string') this.streamCreated = parsed.streamCreated;
    } catch {
      // no file yet: from the beginning of the log
    }
  }

  /**
   * Where to start in the stream as it is now. A stream made again (its creation time differs) or one
   * that lost its tail (a power cut of every server before their periodic sync: nats-server 2.9 reuses
   * the lost sequence numbers) is read again from the start of what this node may not hold: re-applying
   * is harmless (the store drops what it holds), skipping new records under old numbers is not.
   * Returns why it moved back, or null.
   */
  reconcile(stream: { created: string; lastSeq: number; firstSeq: number }): string | null {
    let why: string | null = null;
    if (this.streamCreated !== null && this.streamCreated !== stream.created) {
      why = `the stream was created again (${stream.created}); applying it from its first record`;
      this.seq = Math.max(0, stream.firstSeq - 1);
    } else if (this.seq > stream.lastSeq) {
      why = `the stream ends at ${stream.lastSeq}, before this node's position ${this.seq} (its servers lost their last records); applying again from there`;
      this.seq = stream.lastSeq;
    }
    this.streamCreated = stream.created;
    this.saved = -1;
    this.save();
    return why;
  }

  /** everything through `seq` is committed here; written at most every 200 ms (and on close) */
  advance(seq: number): void {
    if (seq <= this.seq) return;
    this.seq = seq;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.save();
    }, 200);
  }

  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.saved === this.seq) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({ appliedSeq: this.seq, streamCreated: this.streamCreated, at: Date.now() }),
    );
    renameSync(tmp, this.file);
    this.saved = this.seq;
  }

  /**
   * Saves for the last time: commits still settling when the node stops (the applier's window) are
   * not recorded, and are applied again at the next start (the store drops them). Without this their
   * save could run after the data directory is gone, as an uncaught error in a timer.
   */
  close(): void {
    this.save();
    this.closed = true;
  }
}
