import type { Committer } from './commit-writer.js';

/**
 * The store's one rule for main-thread writes besides the group commit: wait for the commit in flight
 * (SQLite has one write lock, and the writer thread must never wait on the event loop), and, when the
 * write changes chunks or log rows, invalidate every compaction plan made before it. A worker plans
 * from a snapshot; the generation tells the scheduler that a plan it gets back was made from data that
 * has changed since (the plan is discarded and made again).
 */
export class WriteLock {
  private gen = 0;

  constructor(private readonly committer: Committer) {}

  /** bumped by every chunk/log change other than applying a worker plan */
  get generation(): number {
    return this.gen;
  }

  /** a write that keeps plans valid (applying a plan, deleting rows a finished pass left) */
  run<T>(write: () => T): T {
    this.committer.waitIdle();
    return write();
  }

  /** a write that changes what plans were made from (thinning, deleting a sensor, an in-thread step) */
  runInvalidating<T>(write: () => T): T {
    this.committer.waitIdle();
    this.gen++;
    return write();
  }

  /** plans made before now are stale (the log rows a pass covered are gone from the readers' view) */
  invalidate(): void {
    this.gen++;
  }
}
