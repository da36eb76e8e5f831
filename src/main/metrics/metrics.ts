import { EventEmitter } from 'node:events';
import type { IngestStats, SiteError } from '../../shared/api.js';

const WINDOW_SECONDS = 10;
const RECENT_ERRORS = 200;
const LATENCY_SAMPLES = 4096;
const ERRORS_LISTED_PER_MESSAGE = 5;
/** errors are also counted per minute for an hour: the overview shows a rate, not a lifetime count */
const HOUR_MINUTES = 60;

/**
 * Site counters: ingest rates over a 10 s window, publish→commit latency percentiles, and every rejected
 * input counted by kind with the most recent ones kept for the console. Nothing bad is silent.
 */
export class Metrics extends EventEmitter<{ error: [SiteError] }> {
  private readonly valueBuckets = new Array<number>(WINDOW_SECONDS).fill(0);
  private readonly messageBuckets = new Array<number>(WINDOW_SECONDS).fill(0);
  private bucketSecond = 0;
  private latencies: number[] = [];
  private latencyCursor = 0;
  totalValues = 0;
  totalMessages = 0;
  rejectedMessages = 0;
  rejectedPoints = 0;
  duplicates = 0;
  outOfOrder = 0;
  private errorsTotal = 0;
  private readonly errorsByKind: Record<string, number> = {};
  private readonly recent: SiteError[] = [];
  private readonly errorMinutes = new Array<number>(HOUR_MINUTES).fill(0);
  private errorMinute = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  recordCommit(values: number, latencyMs: number): void {
    this.roll();
    const slot = this.bucketSecond % WINDOW_SECONDS;
    this.valueBuckets[slot] += values;
    this.messageBuckets[slot] += 1;
    this.totalValues += values;
    this.totalMessages += 1;
    if (this.latencies.length < LATENCY_SAMPLES) this.latencies.push(latencyMs);
    else this.latencies[this.latencyCursor++ % LATENCY_SAMPLES] = latencyMs;
  }

  recordDropped(duplicates: number, outOfOrder: number): void {
    this.duplicates += duplicates;
    this.outOfOrder += outOfOrder;
  }

  /** Any rejected input (a connection, a subscription, an RPC answer): counted by kind, listed, emitted. */
  recordError(error: Omit<SiteError, 'time'>, listed = true): void {
    this.errorsTotal += 1;
    this.errorsByKind[error.kind] = (this.errorsByKind[error.kind] ?? 0) + 1;
    this.rollMinutes();
    this.errorMinutes[this.errorMinute % HOUR_MINUTES] += 1;
    if (!listed) return;
    const full: SiteError = { time: this.now(), ...error };
    this.recent.unshift(full);
    if (this.recent.length > RECENT_ERRORS) this.recent.length = RECENT_ERRORS;
    this.emit('error', full);
  }

  /**
   * Rejected sensor data: a whole message (nothing in it was usable) or some points of it (the rest was
   * stored). Only the first few errors of one message are listed, so one bad batch cannot flood the list.
   */
  recordRejection(
    context: { gatewayId: string; topic: string },
    errors: ReadonlyArray<{ kind: string; message: string; points: number }>,
    wholeMessage: boolean,
  ): void {
    if (wholeMessage) this.rejectedMessages += 1;
    errors.forEach((error, index) => {
      if (!wholeMessage) this.rejectedPoints += error.points;
      this.recordError(
        { kind: error.kind, message: error.message, ...context },
        index < ERRORS_LISTED_PER_MESSAGE,
      );
    });
  }

  ingest(): IngestStats {
    this.roll();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number): number =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
    const sum = (b: number[]): number => b.reduce((a, n) => a + n, 0);
    return {
      valuesPerSecond: sum(this.valueBuckets) / WINDOW_SECONDS,
      messagesPerSecond: sum(this.messageBuckets) / WINDOW_SECONDS,
      totalValues: this.totalValues,
      totalMessages: this.totalMessages,
      rejectedMessages: this.rejectedMessages,
      rejectedPoints: this.rejectedPoints,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      commitLatencyP50: round(pct(0.5)),
      commitLatencyP99: round(pct(0.99)),
    };
  }

  errors(): { total: number; lastHour: number; byKind: Record<string, number>; recent: SiteError[] } {
    this.rollMinutes();
    return {
      total: this.errorsTotal,
      lastHour: this.errorMinutes.reduce((a, n) => a + n, 0),
      byKind: { ...this.errorsByKind },
      recent: this.recent.slice(0, 50),
    };
  }

  /** Zero the minutes of the hour that passed without errors (the current minute is the last one). */
  private rollMinutes(): void {
    const minute = Math.floor(this.now() / 60_000);
    const gap = Math.min(minute - this.errorMinute, HOUR_MINUTES);
    for (let i = 1; i <= gap; i += 1) this.errorMinutes[(this.errorMinute + i) % HOUR_MINUTES] = 0;
    if (gap > 0) this.errorMinute = minute;
  }

  /** Zero the buckets of the seconds that passed without traffic. */
  private roll(): void {
    const second = Math.floor(this.now() / 1000);
    if (second === this.bucketSecond) return;
    const gap = Math.min(second - this.bucketSecond, WINDOW_SECONDS);
    for (let i = 1; i <= gap; i += 1) {
      const slot = (this.bucketSecond + i) % WINDOW_SECONDS;
      this.valueBuckets[slot] = 0;
      this.messageBuckets[slot] = 0;
    }
    if (second - this.bucketSecond >= WINDOW_SECONDS) this.latencies = [];
    this.bucketSecond = second;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
