/**
 * Commit thread for store.test.ts: the first thread started for a file (marker file next to it) dies
 * on its first commit without replying, as a crash mid-transaction would; later ones are the real one.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const marker = `${(workerData as { file: string }).file}.commit-crashed`;
if (!fs.existsSync(marker)) {
  fs.writeFileSync(marker, '');
  parentPort!.on('message', () => process.exit(3));
} else {
  await import('../../../src/main/series/commit-thread.js');
}
