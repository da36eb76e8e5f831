/**
 * The series store's writer: runs each group commit (new series rows + log rows, one transaction,
 * fsync'd under synchronous=FULL) on its own thread and connection, so the broker's event loop never
 * waits for the disk. The store sends one commit at a time and keeps queueing meanwhile, so the next
 * commit carries everything that arrived during this one.
 *
 * Checkpoints are taken here too, after the reply is sent: PASSIVE mode copies WAL frames into the
 * database file without taking the write lock, so neither the next commit nor the main thread's
 * compaction waits for it (wal_autocheckpoint would run it inside COMMIT, before the reply).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { groupCommit } from './ingest-log.js';
import {
  WRITER_IDLE,
  type CheckpointRequest,
  type CommitReply,
  type CommitRequest,
  type CommitThreadData,
} from './commit-protocol.js';

const { file, synchronous, state, checkpointEveryMs, replies } = workerData as CommitThreadData & {
  replies: MessagePort;
};
const port = parentPort;
if (!port) throw new Error('commit-thread must run as a worker thread');
const flag = new Int32Array(state);

const db = new Database(file);
db.pragma(`synchronous = ${synchronous}`);
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const commit = groupCommit(db);

let lastCheckpoint = performance.now();
let heapCheckedAt = 0;
let heap = 0;

/** v8.getHeapStatistics() allocates: read it once a second, not per commit */
function heapBytes(): number {
  const now = performance.now();
  if (now - heapCheckedAt >= 1000) {
    heapCheckedAt = now;
    heap = getHeapStatistics().total_physical_size;
  }
  return heap;
}

function checkpoint(): void {
  lastCheckpoint = performance.now();
  try {
    // frames a reader's older snapshot still needs are left for a later checkpoint
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY from another checkpointer: the next one catches up
  }
}

port.on('message', (req: CommitRequest | CheckpointRequest) => {
  if ('checkpoint' in req) {
    if (performance.now() - lastCheckpoint >= checkpointEveryMs) checkpoint();
    return;
  }
  const started = performance.now();
  let reply: CommitReply;
  try {
    const logIds = commit(req.rows, req.series, req.floor);
    reply = { id: req.id, logIds, ms: performance.now() - started, heapBytes: heapBytes() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    reply = {
      id: req.id,
      error: err instanceof Error ? err.message : String(err),
      code: typeof code === 'string' ? code : undefined,
    };
  }
  Atomics.store(flag, 0, WRITER_IDLE);
  Atomics.notify(flag, 0);
  replies.postMessage(reply);
  if (performance.now() - lastCheckpoint >= checkpointEveryMs) checkpoint();
});
