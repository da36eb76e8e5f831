import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const requireHere = createRequire(import.meta.url);
/** better-sqlite3's entry, resolved here so the worker (plain JS, no loader hooks) can require it */
const SQLITE = requireHere.resolve('better-sqlite3');

// Plain JS so it runs the same from source (tsx) and from the build. A connection of its own, read-only:
// `VACUUM INTO` copies one consistent snapshot (one read transaction; in WAL mode the commit thread and
// the main thread keep writing meanwhile) into a compact new file.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.src, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(workerData.dest);
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String(err && err.message || err) });
} finally {
  db.close();
}
`;

/**
 * A consistent copy of a live SQLite database, made off the main thread so ingest and the console never
 * wait for it. Rejects with the database's own message (disk full, locked past the timeout…).
 */
export function snapshotDatabase(src: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { sqlite: SQLITE, src, dest } });
    let settled = false;
    worker.once('message', (m: { ok: boolean; message?: string }) => {
      settled = true;
      if (m.ok) resolve();
      else reject(new Error(`snapshot of ${src} failed: ${m.message ?? 'unknown error'}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`snapshot of ${src}: worker exited with code ${code}`));
    });
  });
}
