/**
 * Worker script for worker.test.ts: crashes the first time it runs for a file (marker file next to
 * it), then behaves as the real compaction worker.
 */
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';

const marker = `${(workerData as { file: string }).file}.crashed`;
if (!fs.existsSync(marker)) {
  fs.writeFileSync(marker, '');
  throw new Error('flaky worker: crash on purpose');
}
await import('../../../src/main/series/compact-worker.js');
