/**
 * Per group commit, the newest log row id, its received_at and the running count of values: lets a
 * compaction pass cover a bounded number of values (the oldest rows first) without reading the log.
 * Packed (lastLogId, receivedAt, valuesThrough) triplets; dropped as compaction deletes their rows.
 */
export class LogMarks {
  private buf = new Float64Array(3 * 1024);
  private head = 0;
  private n = 0;
  /** values through the newest mark, and through the last dropped one */
  private total = 0;
  private base = 0;

  add(lastLogId: number, receivedAt: number, values: number): void {
    this.total += values;
    if (3 * (this.head + this.n + 1) > this.buf.length) {
      const live = this.buf.subarray(3 * this.head, 3 * (this.head + this.n));
      const next = 2 * this.n + 16 > this.buf.length / 3 ? new Float64Array(this.buf.length * 2) : this.buf;
      next.set(live.slice());
      this.buf = next;
      this.head = 0;
    }
    const at = 3 * (this.head + this.n++);
    this.buf[at] = lastLogId;
    this.buf[at + 1] = receivedAt;
    this.buf[at + 2] = this.total;
  }

  /** values in the marked commits not yet dropped */
  get values(): number {
    return this.total - this.base;
  }

  get oldestReceivedAt(): number | null {
    return this.n > 0 ? this.buf[3 * this.head + 1] : null;
  }

  /**
   * The newest row id among the oldest marks received by `cutoff` whose values stay within `maxValues`
   * (at least the oldest mark, even when it alone holds more); null when no mark is that old.
   */
  passEnd(cutoff: number, maxValues: number): { maxLogId: number; values: number } | null {
    if (this.n === 0 || this.buf[3 * this.head + 1] > cutoff) return null;
    let i = this.head;
    while (
      i + 1 < this.head + this.n &&
      this.buf[3 * (i + 1) + 1] <= cutoff &&
      this.buf[3 * (i + 1) + 2] - this.base <= maxValues
    ) {
      i++;
    }
    return { maxLogId: this.buf[3 * i], values: this.buf[3 * i + 2] - this.base };
  }

  /** after rows ≤ maxId were deleted */
  dropThrough(maxId: number): void {
    while (this.n > 0 && this.buf[3 * this.head] <= maxId) {
      this.base = this.buf[3 * this.head + 2];
      this.head++;
      this.n--;
    }
  }
}
