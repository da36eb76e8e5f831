import { EventEmitter } from 'node:events';
import { statfsSync } from 'node:fs';
import type { DiskLevel, DiskReading } from '../../shared/api.js';

/**
 * ok: free ≥ warn · low: below the warning threshold · thinning: below the thinning threshold (the site
 * deletes its oldest raw values until free space is back above it plus a margin) · full: writes fail or
 * free space is below the critical level (only the alarm reserve keeps the timeline writing).
 */
export type { DiskLevel };

export interface DiskThresholds {
  /** below this: warn */
  warnFreeBytes: number;
  /** below this: thin the oldest raw data (must be < warnFreeBytes) */
  thinFreeBytes: number;
  /** below this: full (the site can no longer keep its alarm reserve); default 0 */
  fullFreeBytes?: number;
}

export interface DiskState extends DiskReading {
  /** thinning, once started, goes on until free space reaches this (hysteresis) */
  thinUntilFreeBytes: number;
}

export interface DiskMonitorOptions {
  /** statfs period; default 10 s */
  checkEveryMs?: number;
  /** true while writes to the data dir fail for lack of space (e.g. series ingest gets SQLITE_FULL) */
  writesFailing?: () => boolean;
  /** tests: a different measurement */
  measure?: (dir: string) => { freeBytes: number; totalBytes: number };
}

const CHECK_EVERY_MS = 10_000;
/** the most thinning overshoots its threshold by (it stops at threshold + this) */
const MAX_HYSTERESIS_BYTES = 64 * 1024 * 1024;

const RANK: Record<DiskLevel, number> = { ok: 0, low: 1, thinning: 2, full: 3 };

function statfsFree(dir: string): { freeBytes: number; totalBytes: number } {
  const stats = statfsSync(dir);
  return {
    freeBytes: Number(stats.bavail) * Number(stats.bsize),
    totalBytes: Number(stats.blocks) * Number(stats.bsize),
  };
}

/**
 * Watches the free space of the data dir's filesystem. `low` / `recovered` are said once per episode
 * (an operator hears about a filling disk before the site has to refuse data); `level` on every change
 * of level; `checked` after every measurement (the disk budget's thinner listens to it).
 */
export class DiskMonitor extends EventEmitter<{
  low: [DiskState];
  recovered: [DiskState];
  level: [DiskState, DiskLevel];
  checked: [DiskState];
}> {
  private current: DiskState;
  private measuredAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly thresholds: Required<DiskThresholds>;
  private readonly thinUntil: number;

  constructor(
    private readonly dir: string,
    thresholds: DiskThresholds | number,
    private readonly options: DiskMonitorOptions = {},
  ) {
    super();
    const t = typeof thresholds === 'number' ? { warnFreeBytes: thresholds, thinFreeBytes: 0 } : thresholds;
    this.thresholds = { fullFreeBytes: 0, ...t };
    const margin = Math.max(0, this.thresholds.warnFreeBytes - this.thresholds.thinFreeBytes) / 2;
    this.thinUntil = this.thresholds.thinFreeBytes + Math.min(MAX_HYSTERESIS_BYTES, margin);
    this.current = this.measure(undefined);
  }

  start(): void {
    if (this.current.low) this.emit('low', this.current);
    if (this.current.level !== 'ok') this.emit('level', this.current, 'ok');
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** measured now (statfs is cheap), so the overview is never stale; transitions are emitted from here too */
  state(): DiskState {
    return this.check();
  }

  /**
   * Free space is below the alarm reserve (fullFreeBytes) by the last measurement, re-measured when
   * that is older than `maxAgeMs` (default 0: every call while below, one statfs of a few µs per refused
   * message, so values are taken again the moment space returns). Above the reserve it costs nothing.
   * Failing writes alone do not count (the next write is the probe).
   */
  belowReserve(maxAgeMs = 0): boolean {
    const below = (): boolean => this.current.freeBytes < this.thresholds.fullFreeBytes;
    if (!below()) return false;
    const now = performance.now();
    if (now - this.measuredAt >= maxAgeMs) this.measureNow();
    return below();
  }

  check(): DiskState {
    this.measureNow();
    this.emit('checked', this.current);
    return this.current;
  }

  /** measures and emits level transitions, but not `checked` (for the thinner between its own steps) */
  measureNow(): DiskState {
    this.measuredAt = performance.now();
    const previous = this.current;
    this.current = this.measure(previous);
    if (this.current.low && !previous.low) this.emit('low', this.current);
    if (!this.current.low && previous.low) this.emit('recovered', this.current);
    if (this.current.level !== previous.level) this.emit('level', this.current, previous.level);
    return this.current;
  }

  private measure(previous: DiskState | undefined): DiskState {
    const { freeBytes, totalBytes } = (this.options.measure ?? statfsFree)(this.dir);
    const { warnFreeBytes, thinFreeBytes, fullFreeBytes } = this.thresholds;
    const wasThinning = previous !== undefined && RANK[previous.level] >= RANK.thinning;
    let level: DiskLevel = 'ok';
    if (freeBytes < warnFreeBytes) level = 'low';
    // hysteresis: once thinning, go on until free space is a margin above the threshold
    if (freeBytes < thinFreeBytes || (wasThinning && freeBytes < this.thinUntil && level !== 'ok'))
      level = 'thinning';
    if (freeBytes < fullFreeBytes || this.options.writesFailing?.() === true) level = 'full';
    return {
      freeBytes,
      totalBytes,
      level,
      low: level !== 'ok',
      warnFreeBytes,
      thinFreeBytes,
      thinUntilFreeBytes: this.thinUntil,
    };
  }
}
