import { EventEmitter } from 'node:events';
import type { DiskMonitor, DiskState } from './disk-monitor.js';

/** What one thinning call did (the series store's thinRaw, or anything shaped like it). */
export interface ThinOutcome {
  deletedChunks: number;
  /** raw data before this time (epoch ms) is gone now; null: nothing was left to thin */
  thinnedBefore: number | null;
}

export interface ThinStep extends ThinOutcome {
  /** free space gained by this step (may be 0 until the file shrinks) */
  freedBytes: number;
  state: DiskState;
}

export interface DiskThinnerOptions {
  /** pause between two thinning calls: the event loop (ingest, API) runs in between; default 100 ms */
  stepDelayMs?: number;
  /** after "nothing left to thin", wait this long before trying again (compaction makes new chunks) */
  retryAfterMs?: number;
  /** called after every thinning call, before free space is measured again (e.g. a WAL checkpoint) */
  afterStep?: () => void;
}

/**
 * The disk budget's lever: while the monitor says `thinning` (or `full`), thins the oldest raw data one
 * call at a time, re-measuring free space between calls, until the monitor leaves that level (free space
 * back above the threshold plus its margin) or nothing is left to thin.
 */
export class DiskThinner extends EventEmitter<{
  step: [ThinStep];
  exhausted: [DiskState];
  error: [Error];
}> {
  private timer: NodeJS.Timeout | null = null;
  private exhaustedAt: number | null = null;
  private stopped = false;
  private readonly onChecked = (state: DiskState): void => this.kick(state);

  constructor(
    private readonly monitor: DiskMonitor,
    private readonly thin: () => ThinOutcome,
    private readonly options: DiskThinnerOptions = {},
  ) {
    super();
  }

  start(): void {
    this.stopped = false;
    this.monitor.on('checked', this.onChecked);
  }

  stop(): void {
    this.stopped = true;
    this.monitor.off('checked', this.onChecked);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** thinning is under way (a step is scheduled) */
  get running(): boolean {
    return this.timer !== null;
  }

  private static needs(state: DiskState): boolean {
    return state.level === 'thinning' || state.level === 'full';
  }

  private kick(state: DiskState): void {
    if (!DiskThinner.needs(state)) this.exhaustedAt = null; // the episode is over
    if (this.stopped || this.timer || !DiskThinner.needs(state)) return;
    if (this.exhaustedAt !== null && Date.now() - this.exhaustedAt < (this.options.retryAfterMs ?? 10_000))
      return;
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.step(), this.options.stepDelayMs ?? 100);
    this.timer.unref();
  }

  private step(): void {
    this.timer = null;
    if (this.stopped) return;
    // measured by the monitor without emitting `checked` back into kick()
    const before = this.monitor.measureNow();
    if (!DiskThinner.needs(before)) return;
    let outcome: ThinOutcome;
    try {
      outcome = this.thin();
      this.options.afterStep?.();
    } catch (err) {
      this.emit('error', err as Error);
      this.exhaustedAt = Date.now();
      return;
    }
    const after = this.monitor.measureNow();
    if (outcome.thinnedBefore === null) {
      if (this.exhaustedAt === null) this.emit('exhausted', after);
      this.exhaustedAt = Date.now();
      return;
    }
    this.exhaustedAt = null;
    this.emit('step', {
      ...outcome,
      freedBytes: Math.max(0, after.freeBytes - before.freeBytes),
      state: after,
    });
    if (DiskThinner.needs(after)) this.schedule();
  }
}
