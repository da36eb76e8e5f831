import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logger/logger.js';
import type { CompactorOptions, PassCursor, StepPlan } from './compact-plan.js';
import { unpackPlan, type PackedPlan } from './packed-plan.js';
import { siblingScript, startSeriesWorker } from './thread.js';

export interface WorkerRequest {
  id: number;
  /** plain step: the oldest rows received by cutoff */
  cutoff?: number;
  /** or the next step of a pass */
  pass?: PassCursor;
  /**
   * the store's data epoch: bumped by every log/chunk change other than applying plans, so the worker
   * knows when what it learned about the pass (PassIndex) is out of date
   */
  epoch?: number;
  opts: CompactorOptions;
}

export type WorkerReply =
  { id: number; packed: PackedPlan | null; ms: number; heapBytes: number } | { id: number; error: string };

/** The request was lost with its worker (crash, already reported through onCrash, or close). */
export class WorkerGone extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WorkerGone';
  }
}

export interface PlanReply {
  plan: StepPlan | null;
  /** time the worker spent planning */
  ms: number;
  /** the worker's V8 heap after planning, committed bytes */
  heapBytes: number;
}

/**
 * V8 sizes a thread's young generation for throughput (up to 3 × 16 MiB semi-spaces) and lets its old
 * generation grow far ahead of what is live: a pass's garbage then stays resident. A small young
 * generation costs some more scavenges; the old-generation cap is far above a step's working set
 * (stepValues bounds it) and only stops a runaway plan (the worker crashes and is restarted).
 */
const COMPACTOR_HEAP_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };

export function workerUrl(): URL {
  return siblingScript('compact-worker');
}

/**
 * Owns the compaction worker: one request at a time, restarted after a crash (the caller counts and
 * reports crashes through `onCrash`). `usable` turns false after `maxCrashes` crashes in a row without
 * a completed request, and the store falls back to compacting on the main thread.
 */
export class CompactWorker {
  private worker: Worker | null = null;
  private pending: { id: number; resolve: (r: PlanReply) => void; reject: (e: Error) => void } | null = null;
  private nextId = 1;
  private crashesInRow = 0;
  private stopping = false;
  restarts = 0;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly onCrash: (err: Error) => void,
    private readonly maxCrashes = 5,
    /** tests: replace the worker script */
    private readonly url: URL = workerUrl(),
  ) {}

  get usable(): boolean {
    return !this.stopping && this.crashesInRow < this.maxCrashes;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** the running thread, for tests that kill it */
  get thread(): Worker | null {
    return this.worker;
  }

  private spawn(): Worker {
    const w = startSeriesWorker(this.url, {
      workerData: { file: this.file },
      resourceLimits: COMPACTOR_HEAP_LIMITS,
    });
    w.unref();
    w.on('message', (msg: WorkerReply | { ready: true }) => {
      if ('ready' in msg) return;
      const p = this.pending;
      if (!p || p.id !== msg.id) return;
      this.pending = null;
      if ('error' in msg) {
        p.reject(new Error(msg.error));
        return;
      }
      this.crashesInRow = 0;
      p.resolve({ plan: msg.packed && unpackPlan(msg.packed), ms: msg.ms, heapBytes: msg.heapBytes });
    });
    w.on('error', (err) => this.crashed(w, err));
    w.on('exit', (code) => this.crashed(w, new Error(`compaction worker exited with code ${code}`)));
    return w;
  }

  private crashed(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    const p = this.pending;
    this.pending = null;
    if (this.stopping) {
      p?.reject(new WorkerGone('compaction worker stopped'));
      return;
    }
    this.crashesInRow++;
    this.restarts++;
    this.logger.error({ err }, 'series: compaction worker crashed; it is restarted on the next tick');
    this.onCrash(err);
    p?.reject(new WorkerGone('compaction worker crashed', err));
  }

  plan(
    what: { cutoff: number } | { pass: PassCursor; epoch: number },
    opts: CompactorOptions,
  ): Promise<PlanReply> {
    if (this.pending) return Promise.reject(new Error('compaction worker is busy'));
    if (!this.usable) return Promise.reject(new Error('compaction worker is not usable'));
    return new Promise((resolve, reject) => {
      try {
        this.worker ??= this.spawn();
      } catch (err) {
        this.crashesInRow++;
        this.onCrash(err as Error);
        reject(new WorkerGone('compaction worker could not start', err));
        return;
      }
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      const req: WorkerRequest = { id, ...what, opts };
      this.worker.postMessage(req);
    });
  }

  async terminate(): Promise<void> {
    this.stopping = true;
    const w = this.worker;
    if (!w) return;
    await w.terminate();
    this.worker = null;
  }
}
