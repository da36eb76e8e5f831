import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger/logger.js';
import {
  WRITER_BUSY,
  WRITER_IDLE,
  type CommitReply,
  type CommitRequest,
  type CommitThreadData,
  type NewSeriesRow,
} from './commit-protocol.js';
import { SeriesStoreError } from './errors.js';
import { groupCommit } from './ingest-log.js';
import { siblingScript, startSeriesWorker } from './thread.js';
import type { Synchronous } from './db.js';

export type CommitRows = CommitRequest['rows'];

export type CommitResult =
  | {
      logIds: number[];
      /** the transaction's own time, where it ran on another thread */
      ms?: number;
      /** that thread's V8 heap */
      heapBytes?: number;
    }
  | { error: Error };

/**
 * Runs the store's group commits. One commit at a time: `send` may only be called while `idle`, and
 * `done` is called exactly once per send (on the main thread). Main-thread write transactions
 * (compaction, retention, deletes) must first call `waitIdle()` so that they never contend with a
 * commit for SQLite's write lock.
 */
export interface Committer {
  readonly idle: boolean;
  readonly mode: 'thread' | 'inline';
  /** writer threads restarted after a crash (0 inline) */
  readonly restarts: number;
  send(rows: CommitRows, series: NewSeriesRow[], done: (r: CommitResult) => void): void;
  /** blocks until the commit in flight (if any) finished and its `done` ran */
  waitIdle(): void;
  /** a WAL checkpoint when nothing is being committed */
  checkpoint(): void;
  close(): Promise<void>;
}

/** The commit on the calling thread (tests of SQLite faults on the main connection, tools). */
export class InlineCommitter implements Committer {
  readonly idle = true;
  readonly mode = 'inline';
  readonly restarts = 0;
  private readonly commit: (rows: CommitRows, series: NewSeriesRow[], floor: number) => number[];
  /** one above the last log id handed out (groupCommit: ids are never given twice) */
  private floor = 0;

  constructor(db: Database.Database) {
    this.commit = groupCommit(db);
  }

  send(rows: CommitRows, series: NewSeriesRow[], done: (r: CommitResult) => void): void {
    let result: CommitResult;
    try {
      const logIds = this.commit(rows, series, this.floor);
      if (logIds.length > 0) this.floor = logIds[logIds.length - 1]! + 1;
      result = { logIds };
    } catch (err) {
      result = { error: err as Error };
    }
    done(result);
  }

  waitIdle(): void {}

  checkpoint(): void {
    // SQLite's own wal_autocheckpoint runs on this connection
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** An error carrying SQLite's code across the thread boundary (SeriesStoreError reads `code`). */
class CommitThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'CommitThreadError';
  }
}

const WAIT_LIMIT_MS = 30_000;

/**
 * The commit on the writer thread (commit-thread.ts). A crashed thread fails the commit in flight
 * (its transaction rolled back with the thread's connection, so nothing of it is stored and nothing
 * was acknowledged) and is started again for the next one.
 */
export class ThreadCommitter implements Committer {
  readonly mode = 'thread';
  private worker: Worker | null = null;
  private replies: MessagePort | null = null;
  private readonly state = new SharedArrayBuffer(4);
  private readonly flag = new Int32Array(this.state);
  private inFlight: { id: number; done: (r: CommitResult) => void } | null = null;
  private nextId = 1;
  /** one above the last log id handed out (groupCommit: ids are never given twice) */
  private floor = 0;
  private closing = false;
  restarts = 0;

  constructor(
    private readonly file: string,
    private readonly synchronous: Synchronous,
    private readonly logger: Logger,
    private readonly checkpointEveryMs = 1000,
    private readonly url: URL = siblingScript('commit-thread'),
  ) {}

  get idle(): boolean {
    return this.inFlight === null;
  }

  /** the running thread (tests kill it) */
  get thread(): Worker | null {
    return this.worker;
  }

  private start(): Worker {
    const channel = new MessageChannel();
    const data: CommitThreadData & { replies: MessagePort } = {
      file: this.file,
      synchronous: this.synchronous,
      state: this.state,
      checkpointEveryMs: this.checkpointEveryMs,
      replies: channel.port2,
    };
    const w = startSeriesWorker(this.url, {
      workerData: data,
      transferList: [channel.port2],
      // it holds one commit's rows at a time (their bodies are outside the V8 heap): see compact-client
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 },
    });
    w.unref();
    channel.port1.unref();
    channel.port1.on('message', (reply: CommitReply) => this.settle(reply));
    w.on('error', (err) => this.crashed(w, err));
    w.on('exit', (code) => this.crashed(w, new Error(`commit thread exited with code ${code}`)));
    this.replies = channel.port1;
    return w;
  }

  private settle(reply: CommitReply): void {
    const p = this.inFlight;
    if (!p || p.id !== reply.id) return;
    this.inFlight = null;
    this.worker?.unref();
    // kept here, not in the thread: a writer started again after a crash must not go below it either
    if ('logIds' in reply && reply.logIds.length > 0) this.floor = reply.logIds[reply.logIds.length - 1]! + 1;
    p.done(
      'error' in reply
        ? { error: new CommitThreadError(reply.error, reply.code) }
        : { logIds: reply.logIds, ms: reply.ms, heapBytes: reply.heapBytes },
    );
  }

  private crashed(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.replies?.close();
    this.replies = null;
    Atomics.store(this.flag, 0, WRITER_IDLE);
    const p = this.inFlight;
    this.inFlight = null;
    if (!this.closing) {
      this.restarts++;
      this.logger.error({ err }, 'series: commit thread crashed; it is started again for the next commit');
    }
    p?.done({ error: new SeriesStoreError(`commit thread stopped: ${err.message}`, err) });
  }

  send(rows: CommitRows, series: NewSeriesRow[], done: (r: CommitResult) => void): void {
    if (this.inFlight) throw new Error('a commit is already in flight');
    try {
      this.worker ??= this.start();
    } catch (err) {
      done({ error: new SeriesStoreError('commit thread could not start', err) });
      return;
    }
    const id = this.nextId++;
    this.inFlight = { id, done };
    // an idle thread must not keep the process alive, one owing a reply must
    this.worker.ref();
    Atomics.store(this.flag, 0, WRITER_BUSY);
    const req: CommitRequest = { id, rows, series, floor: this.floor };
    this.worker.postMessage(req);
  }

  waitIdle(): void {
    if (!this.inFlight) return;
    const deadline = performance.now() + WAIT_LIMIT_MS;
    while (Atomics.load(this.flag, 0) === WRITER_BUSY) {
      if (performance.now() > deadline)
        throw new SeriesStoreError('the commit thread did not finish its commit in time');
      Atomics.wait(this.flag, 0, WRITER_BUSY, 100);
    }
    // the reply is on its way (posted right after the flag): take it now instead of from the event loop
    while (this.inFlight && this.replies) {
      const m = receiveMessageOnPort(this.replies);
      if (m) this.settle(m.message as CommitReply);
      else if (performance.now() > deadline)
        throw new SeriesStoreError('the commit thread did not reply in time');
      else Atomics.wait(this.flag, 0, WRITER_IDLE, 1);
    }
  }

  checkpoint(): void {
    if (this.inFlight || !this.worker) return;
    this.worker.postMessage({ checkpoint: true });
  }

  async close(): Promise<void> {
    this.closing = true;
    const w = this.worker;
    if (!w) return;
    // nothing is in flight here: the store drains its queue before closing
    await w.terminate();
  }
}
