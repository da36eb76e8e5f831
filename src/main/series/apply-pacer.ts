/**
 * Sizes and spaces the main thread's compaction transactions. Each one holds the event loop and the
 * database's write lock, so every PUBACK due meanwhile waits for it: a slice is sized from the measured
 * cost per unit (values, or log rows) to last about `targetMs`, and is followed by a pause as long as it
 * took, so acks and group commits keep at least half of the main thread while a pass runs. A pass then
 * takes longer in wall time, never more work.
 */
export class ApplyPacer {
  private msPerUnit: number | null = null;

  constructor(
    private readonly targetMs: number,
    private readonly maxUnits: number,
    private readonly firstUnits = Math.min(maxUnits, 1000),
    private readonly minUnits = Math.min(maxUnits, 100),
  ) {}

  /** how many units the next transaction should take */
  next(): number {
    if (this.msPerUnit === null) return this.firstUnits;
    const units = Math.round(this.targetMs / Math.max(this.msPerUnit, 1e-6));
    return Math.max(this.minUnits, Math.min(this.maxUnits, units));
  }

  /** a transaction of `units` took `ms`; returns the pause (ms) before the next one */
  record(units: number, ms: number): number {
    if (units > 0) {
      const cost = ms / units;
      // smoothed: one slow slice (a checkpoint, a GC) should not shrink the next ones to nothing
      this.msPerUnit = this.msPerUnit === null ? cost : 0.7 * this.msPerUnit + 0.3 * cost;
    }
    return pauseAfter(ms);
  }
}

/** the pause after a main-thread transaction that took `ms`: as long, within [1, 250] ms */
export function pauseAfter(ms: number): number {
  return Math.min(Math.max(1, ms), 250);
}
