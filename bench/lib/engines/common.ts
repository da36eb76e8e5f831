// Shared pieces of bench/replication-engines.ts: payloads, timed loops, percentiles, child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Payload {
  label: string;
  values: number;
  bytes: Buffer;
}

/**
 * One MQTT message of a Thing+ gateway as the site would replicate it: the gateway and its message
 * number (the dedupe id), then per sensor its time and value.
 */
export function payload(values: number): Payload {
  const gw = '000c29a1b2c3';
  const t = 1_764_662_400_000;
  const series: Record<string, [number, number]> = {};
  for (let s = 0; s < values; s++)
    series[`${gw}-t${String(s).padStart(2, '0')}`] = [t, Math.round(2000 + 500 * Math.sin(s)) / 100];
  const bytes = Buffer.from(JSON.stringify({ g: gw, n: 123456, v: series }));
  const label = values > 50 ? `${values / 50} × 50 values` : `${values} value${values === 1 ? '' : 's'}`;
  return { label, values, bytes };
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
}

export function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { n: sorted.length, p50: round(q(0.5)), p99: round(q(0.99)) };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** one operation at a time, `count` times or until `maxMs` is spent; latency of each (ms) */
export async function latencyRun(op: (i: number) => Promise<unknown>, count: number, maxMs: number) {
  const samples: number[] = [];
  const end = performance.now() + maxMs;
  for (let i = 0; i < count && performance.now() < end; i++) {
    const t0 = performance.now();
    await op(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/**
 * `inflight` workers, each one operation at a time, for `ms`; operations completed per second. The first
 * failure stops every worker and is reported (an engine that gives up under the load is a result too).
 */
export async function throughputRun(
  op: (i: number) => Promise<unknown>,
  inflight: number,
  ms: number,
): Promise<{ opsPerSecond: number; ops: number; latency: Latency; error?: string }> {
  let next = 0;
  let error: string | undefined;
  const samples: number[] = [];
  const start = performance.now();
  const end = start + ms;
  const worker = async () => {
    while (performance.now() < end && error === undefined) {
      const t0 = performance.now();
      try {
        await op(next++);
      } catch (err) {
        error ??= `${String(err)} after ${samples.length} writes`;
        return;
      }
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  const seconds = (performance.now() - start) / 1000;
  return {
    opsPerSecond: Math.round(samples.length / seconds),
    ops: samples.length,
    latency: percentiles(samples),
    error,
  };
}

/** retries `fn` until it resolves (servers electing a leader answer errors until then) */
export async function retry<T>(what: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await sleep(200);
    }
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms (${String(last)})`);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the time a watched change was seen: the watcher side calls `seen(tag)`, the writer
 * side awaits `expect(tag)` (registered before the write, so a fast event is not missed).
 */
export class Arrivals {
  private waiting = new Map<string, (t: number) => void>();
  expect(tag: string): Promise<number> {
    return withTimeout(
      new Promise<number>((resolve) => this.waiting.set(tag, resolve)),
      10_000,
      `watch event ${tag}`,
    );
  }
  seen(tag: string) {
    const resolve = this.waiting.get(tag);
    if (!resolve) return;
    this.waiting.delete(tag);
    resolve(performance.now());
  }
}

/** a member process whose output goes to a log file in its own dir; stop() kills only this child */
export class Member {
  private child: ChildProcess;
  constructor(
    readonly name: string,
    command: string,
    args: string[],
    logFile: string,
  ) {
    const fd = openSync(logFile, 'a');
    this.child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
  }
  get pid(): number {
    return this.child.pid ?? -1;
  }
  get exited() {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
  async stop() {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

/**
 * `rounds` changes one after the other: each write's own latency, and the time from the write's start
 * until the watcher (on another member) reported it.
 */
export async function watchRounds(
  rounds: number,
  arrivals: Arrivals,
  write: (tag: string) => Promise<unknown>,
): Promise<{ put: Latency; watch: Latency }> {
  const putMs: number[] = [];
  const watchMs: number[] = [];
  const end = performance.now() + 15_000;
  // the first rounds warm the client and the servers' JIT (ZooKeeper's JVM starts cold), unmeasured
  const warmup = 100;
  for (let i = 0; i < rounds + warmup && performance.now() < end; i++) {
    const tag = `v${i}`;
    const seen = arrivals.expect(tag);
    const t0 = performance.now();
    await write(tag);
    const written = performance.now();
    const arrived = await seen;
    if (i < warmup) continue;
    putMs.push(written - t0);
    watchMs.push(arrived - t0);
  }
  return { put: percentiles(putMs), watch: percentiles(watchMs) };
}

export interface LogOptions {
  latencyCount: number;
  latencyMs: number;
  throughputMs: number;
  inflight: number;
  /** when set, that many more writes of the last payload with strace counting each member's fsyncs */
  syncWrites?: number;
  /** the payload (by its values) written in the strace phase */
  syncValues: number;
  /** scratch dir for strace's output */
  dir: string;
}

export interface LogFigures {
  engine: string;
  payload: string;
  payloadBytes: number;
  /** values per write */
  values: number;
  latency: Latency;
  throughput: number;
  throughputLatency: Latency;
  /** the throughput run stopped at this failure */
  error?: string;
}

export interface WatchFigures {
  engine: string;
  put: Latency;
  get: Latency;
  watch: Latency;
}
