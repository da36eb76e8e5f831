/**
 * Compaction worker: the CPU-heavy half of compaction (decode log rows and open chunks, merge,
 * re-encode + deflate chunk blobs, compute rollup rows) on its own connection to the series file.
 * WAL gives it a consistent snapshot while the main connection keeps committing; it never writes.
 * The main thread applies each plan in one short transaction (compactor.ts applyPlan).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ChunkStore } from './chunks.js';
import { indexPass, planPassStep, planStep, type CompactorOptions, type PassIndex } from './compact-plan.js';
import { IngestLog } from './ingest-log.js';
import { packPlan } from './packed-plan.js';
import { RollupStore } from './rollup.js';
import type { WorkerReply, WorkerRequest } from './compact-client.js';

const { file } = workerData as { file: string };
const port = parentPort;
if (!port) throw new Error('compact-worker must run as a worker thread');

const db = new Database(file, { readonly: true });
db.pragma('busy_timeout = 5000');
const log = new IngestLog(db);
const chunks = new ChunkStore(db);
const rollups = new RollupStore(db);
const source = { log, chunks, rollups };
/** the current pass's index, built by its first step (valid while the store's epoch is unchanged) */
let passIndex: { epoch: number | undefined; index: PassIndex } | null = null;
const plan = db.transaction((req: WorkerRequest, opts: CompactorOptions) => {
  if (!req.pass) return planStep(source, () => true, req.cutoff ?? -Infinity, opts);
  if (passIndex?.index.maxLogId !== req.pass.maxLogId || passIndex.epoch !== req.epoch)
    passIndex = { epoch: req.epoch, index: indexPass(source, req.pass.maxLogId) };
  const step = planPassStep(source, () => true, req.pass, opts, passIndex.index);
  if (!step) passIndex = null;
  return step;
});

port.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const started = performance.now();
    const p = plan(req, req.opts);
    if (p) {
      const packed = packPlan(p);
      transfer = [packed.buffer, packed.rollups];
      reply = { id: req.id, packed, ms: performance.now() - started, heapBytes: heapBytes() };
    } else reply = { id: req.id, packed: null, ms: performance.now() - started, heapBytes: heapBytes() };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ ready: true });

function heapBytes(): number {
  return getHeapStatistics().total_physical_size;
}
