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
  seq: number;

  constructor(dataDir: string, stream: string) {
    this.file = join(dataDir, `replication-${stream}.json`);
    this.seq = this.read();
    this.saved = this.seq;
  }

  private read(): number {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { appliedSeq?: unknown };
      return typeof parsed.appliedSeq === 'number' && parsed.appliedSeq >= 0 ? parsed.appliedSeq : 0;
    } catch {
      return 0;
    }
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
    if (this.saved === this.seq) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ appliedSeq: this.seq, at: Date.now() }));
    renameSync(tmp, this.file);
    this.saved = this.seq;
  }
}
