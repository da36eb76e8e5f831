import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger/logger.js';
import type { SqliteDatabase } from '../storage/index.js';
import { decodeParams, installCapture, writtenTable, type LoggedStatement } from './capture.js';
import { ControlLogError, type ControlRecord, type JetStreamControlLog } from './control-log.js';
import { backupBeforeSnapshot, decodeSnapshot, replaceWithSnapshot } from './control-snapshot.js';

const MAX_RETRIED = 500;
const RETRY_MS = 2000;

interface Batch {
  id: number;
  statements: LoggedStatement[];
  done: Promise<number>;
  resolve: (seq: number) => void;
  reject: (err: Error) => void;
}

export interface ControlWriterEvents {
  /** batches were rolled back (no quorum, or another node wrote first): caches of these tables are stale */
  rolledBack: [tables: Set<string>, err: ControlLogError];
  /** records from the log were applied here: caches of these tables are stale */
  applied: [tables: Set<string>, seq: number];
  /** nothing open: the applier may go on */
  idle: [];
  /** a snapshot of `origin`'s control state replaced site.db's tables (the old file kept as `backup`) */
  snapshot: [origin: string, seq: number, backup: string | null];
}

/**
 * site.db as one replica of the control log. Every write to a logged table (capture.ts) joins a batch:
 * the first write opens a transaction, the batch closes on setImmediate and is appended after the
 * sequence this node last applied; a confirmed batch stays, and the transaction commits (with the new
 * position) when nothing more is queued; a refused one is rolled back with everything captured after it
 * (a savepoint per batch), so nothing changes anywhere. Writes made while a batch is appended join the
 * next batch in the same transaction. Records from other nodes are applied here in their own
 * transactions, only between pipelines, each with the position (exactly once across restarts).
 */
export class ControlWriter extends EventEmitter<ControlWriterEvents> {
  /** the log sequence site.db holds (in the open transaction: the last confirmed batch) */
  position: number;
  appended = 0;
  conflicts = 0;
  failures = 0;
  lastError: string | null = null;
  /**
   * The log ends before what site.db holds (a whole-site power cut before nats-server synced, or a
   * stream made again): `held` is the position site.db reached. Appends are refused until a snapshot
   * (control-keeper.ts) sets every node to one state again.
   */
  lostTail: { held: number; streamEnd: number } | null = null;
  /** the `at` of the record at `position` (0: not known): tells the same sequence in another history */
  positionAt = 0;
  private txOpen = false;
  private open: Batch | null = null;
  private readonly queue: Batch[] = [];
  private appending = false;
  private applying = false;
  private nextId = 1;
  private readonly prepare: (sql: string) => Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();
  /** `at` of this node's records whose append was not confirmed (the last 1 000 at most) */
  private readonly unconfirmed = new Set<number>();
  /** records of this node the log took after their append was reported as not confirmed */
  lateRecords = 0;
  /** timeline entries the log refused (a lost quorum is itself worth one): written again later */
  private readonly retry: LoggedStatement[] = [];
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly log: JetStreamControlLog,
    private readonly node: string,
    private readonly logger: Logger,
  ) {
    super();
    this.prepare = installCapture(db, {
      active: () => !this.applying,
      beforeWrite: () => this.beforeWrite(),
      written: (s) => this.open?.statements.push(s),
      mark: () => this.open?.statements.length ?? 0,
      truncate: (mark) => this.open?.statements.splice(mark),
    });
    const row = this.stmt('SELECT seq FROM control_position WHERE stream = ?').get(log.options.stream) as
      { seq: number } | undefined;
    this.position = row?.seq ?? 0;
    const at = this.stmt('SELECT seq FROM control_position WHERE stream = ?').get(this.atKey()) as
      { seq: number } | undefined;
    this.positionAt = at?.seq ?? 0;
  }

  /** the row beside the position that holds its record's time (no migration for one number) */
  private atKey(): string {
    return `${this.log.options.stream}#at`;
  }

  private stmt(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.prepare(sql)));
    return stmt;
  }

  /** no transaction of the writer is open */
  get idle(): boolean {
    return !this.txOpen;
  }

  whenIdle(): Promise<void> {
    return this.txOpen ? new Promise((r) => this.once('idle', r)) : Promise.resolve();
  }

  /** the newest batch (capturing or queued): a write made so far is in it or before it */
  pending(): Promise<number> | null {
    return (this.open ?? this.queue.at(-1))?.done ?? null;
  }

  private beforeWrite(): void {
    if (!this.txOpen) {
      this.db.exec('BEGIN IMMEDIATE');
      this.txOpen = true;
    }
    if (this.open) return;
    let resolve!: (seq: number) => void;
    let reject!: (err: Error) => void;
    const done = new Promise<number>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // nobody may wait for a batch (a rule's alarm): its failure is reported by the writer, not thrown
    done.catch(() => undefined);
    const batch: Batch = { id: this.nextId++, statements: [], done, resolve, reject };
    this.db.exec(`SAVEPOINT control_b${batch.id}`);
    this.open = batch;
    setImmediate(() => {
      if (this.open !== batch) return; // rolled back meanwhile
      this.open = null;
      this.queue.push(batch);
      this.pump();
    });
  }

  private pump(): void {
    if (this.appending) return;
    while (this.queue[0]?.statements.length === 0) this.queue.shift()!.resolve(this.position);
    const head = this.queue[0];
    if (!head) {
      if (!this.open) this.commit();
      return;
    }
    if (this.lostTail) {
      const { held, streamEnd } = this.lostTail;
      this.fail(
        head,
        new ControlLogError(
          `the control log ends at ${streamEnd}, before this node's position ${held} (it lost its last records): site.db changes are refused until a node writes a snapshot of its state`,
        ),
      );
      return;
    }
    this.appending = true;
    const record: ControlRecord = { origin: this.node, at: Date.now(), statements: head.statements };
    const at = record.at;
    this.log.append(record, this.position).then(
      (seq) => {
        this.appending = false;
        this.appended++;
        this.position = seq;
        this.positionAt = at;
        this.queue.shift();
        head.resolve(seq);
        this.pump();
      },
      (err: unknown) => {
        this.appending = false;
        const e = err instanceof ControlLogError ? err : new ControlLogError(String(err));
        // unconfirmed is not refused: a stream leader that took the record just before it lost its
        // quorum commits it once its followers are back (Raft). Every node then applies it, this one
        // too (its position is before it): the nodes agree, but the caller was told 503
        if (!e.conflict) {
          if (this.unconfirmed.size >= 1000) this.unconfirmed.clear();
          this.unconfirmed.add(at);
        }
        this.fail(head, e);
      },
    );
  }

  private commit(): void {
    // the site closed site.db on its way down: SQLite rolled the open transaction back
    if (!this.txOpen || !this.db.open) return;
    this.savePosition();
    this.db.exec('COMMIT');
    this.txOpen = false;
    this.emit('idle');
  }

  /** the head batch was refused: it and everything captured after it are undone; what was confirmed stays */
  private fail(head: Batch, err: ControlLogError): void {
    const undone = [...this.queue.splice(0), ...(this.open ? [this.open] : [])];
    this.open = null;
    if (this.db.open) this.db.exec(`ROLLBACK TO control_b${head.id}`);
    else this.txOpen = false;
    this.commit();
    if (err.conflict) this.conflicts++;
    else this.failures++;
    this.lastError = err.message;
    const tables = new Set<string>();
    for (const b of undone) {
      for (const s of b.statements) tables.add(writtenTable(s.sql) ?? '');
      b.reject(err);
    }
    this.logger.warn(
      { batches: undone.length, tables: [...tables], err: err.message },
      'site.db changes rolled back: the control log did not take them',
    );
    this.keepTimelineEntries(undone);
    this.emit('rolledBack', tables, err);
  }

  /**
   * A batch of nothing but new timeline entries is the site telling what happens (often: that the log
   * has no quorum): written again once the log takes writes, with its original times, instead of lost.
   * A batch with anything else is the caller's to repeat (a REST write answered 503, a rule's alarm).
   */
  private keepTimelineEntries(undone: Batch[]): void {
    for (const b of undone)
      if (b.statements.every((s) => /^\s*INSERT\s+INTO\s+timeline\b/i.test(s.sql)))
        this.retry.push(...b.statements);
    this.retry.splice(0, Math.max(0, this.retry.length - MAX_RETRIED));
    if (this.retry.length === 0 || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.idle || !this.log.connected) return this.keepTimelineEntries([]);
      const entries = this.retry.splice(0);
      // through the capture, as new writes: a new batch
      for (const s of entries) this.db.prepare(s.sql).run(...decodeParams(s.params));
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  stopRetrying(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private savePosition(): void {
    const save = this.stmt(
      'INSERT INTO control_position (stream, seq) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq',
    );
    save.run(this.log.options.stream, this.position);
    save.run(this.atKey(), this.positionAt);
  }

  /**
   * The log lost records site.db holds (call only when idle): read on from `from` (the stream's end,
   * or just before a snapshot written since) and write nothing until a snapshot is applied.
   */
  rewind(streamEnd: number, from = streamEnd): void {
    if (this.txOpen) throw new Error('rewind while a batch is open');
    // in memory only: a restart before the snapshot finds the same gap again
    if (from === streamEnd) this.lostTail = { held: this.lostTail?.held ?? this.position, streamEnd };
    this.position = from;
    this.positionAt = 0;
  }

  /** this node's own snapshot is in the log at `seq`: site.db already holds it */
  adoptOwnSnapshot(seq: number, at: number): void {
    this.lostTail = null;
    if (seq <= this.position) return;
    this.position = seq;
    this.positionAt = at;
    // an open batch commits the position with it (commit saves it)
    if (!this.txOpen) this.inOwnTransaction(() => this.savePosition());
  }

  private inOwnTransaction(fn: () => void): void {
    this.applying = true;
    try {
      this.db.transaction(fn)();
    } finally {
      this.applying = false;
    }
  }

  /** this node's own record, reported not confirmed, arrives from the log after all: it is applied, and said */
  private noteLateRecord(seq: number, record: ControlRecord): void {
    if (record.origin !== this.node || !this.unconfirmed.delete(record.at)) return;
    this.lateRecords++;
    this.lastError = `control record ${seq} of this node, answered as not confirmed (503 ES_NO_QUORUM), was taken by the log after all when its servers came back: it is applied on every node`;
    this.logger.warn({ seq, at: record.at }, this.lastError);
  }

  /**
   * Applies one record of the log (call only when idle): its statements and the new position in one
   * transaction. A record that cannot be applied (it would mean the replicas differ) is skipped with an
   * error, so one bad record does not stop every node for ever.
   */
  applyRecord(seq: number, record: ControlRecord): void {
    if (this.txOpen) throw new Error('applyRecord while a batch is open');
    if (seq <= this.position) return;
    if (record.snapshot !== undefined) return this.applySnapshot(seq, record);
    this.noteLateRecord(seq, record);
    const tables = new Set<string>();
    this.applying = true;
    try {
      this.db.transaction(() => {
        for (const s of record.statements) {
          this.stmt(s.sql).run(...decodeParams(s.params));
          tables.add(writtenTable(s.sql) ?? '');
        }
        this.position = seq;
        this.positionAt = record.at;
        this.savePosition();
      })();
    } catch (err) {
      this.failures++;
      this.lastError = `control record ${seq} from ${record.origin} not applied: ${(err as Error).message}`;
      this.logger.error({ seq, origin: record.origin, err }, this.lastError);
      this.db.transaction(() => {
        this.position = seq;
        this.positionAt = record.at;
        this.savePosition();
      })();
    } finally {
      this.applying = false;
    }
    this.emit('applied', tables, seq);
  }

  /**
   * A snapshot replaces every replicated table in one transaction with the position. A node that held
   * a state of its own keeps its site.db file as it was, next to it, named with the time.
   */
  private applySnapshot(seq: number, record: ControlRecord): void {
    let tables = new Set<string>();
    let backup: string | null = null;
    try {
      const snapshot = decodeSnapshot(record.snapshot!);
      backup = record.origin === this.node ? null : backupBeforeSnapshot(this.db);
      this.inOwnTransaction(() => {
        tables = replaceWithSnapshot(this.db, this.prepare, snapshot);
        this.position = seq;
        this.positionAt = record.at;
        this.savePosition();
      });
      this.lostTail = null;
      this.logger.warn({ seq, origin: record.origin, backup }, 'site.db replaced by a control snapshot');
    } catch (err) {
      this.failures++;
      this.lastError = `control snapshot ${seq} from ${record.origin} not applied: ${(err as Error).message}`;
      this.logger.error({ seq, origin: record.origin, err }, this.lastError);
      this.inOwnTransaction(() => {
        this.position = seq;
        this.positionAt = record.at;
        this.savePosition();
      });
      return;
    }
    this.emit('applied', tables, seq);
    this.emit('snapshot', record.origin, seq, backup);
  }
}
