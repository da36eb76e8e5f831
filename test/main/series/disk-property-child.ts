/**
 * Child process for disk-property.test.ts: appends each lane's messages in order, one in flight per
 * lane, retrying a failed one (as a gateway resends what got no PUBACK), and prints `lane n` for each
 * acknowledged one. It plays the site's disk budget too: below THIN_FREE it thins (policy `thin`),
 * below RESERVE_FREE it refuses (sends nothing). The parent fills and frees the disk and kills it.
 * Usage: node --import tsx disk-property-child.ts <file> <policy thin|refuse> <next,next,…>
 */
import { dirname } from 'node:path';
import { createSeriesStore } from '../../../src/main/series/index.js';
import { freeBytes } from '../../support/small-disk.js';
import { clockAt, LANES, messageFor } from './disk-property-data.js';

export const THIN_FREE = 3 << 20;
export const RESERVE_FREE = 512 << 10;
export const KEEP_RAW_MS = 6 * 3_600_000;

const [file, policy, nextArg] = process.argv.slice(2);
const next = nextArg.split(',').map(Number);
if (next.length !== LANES) throw new Error(`expected ${LANES} lanes, got ${nextArg}`);
const dir = dirname(file);

const store = createSeriesStore({
  file,
  synchronous: 'NORMAL',
  commitIntervalMs: 2,
  compactEveryMs: 5,
  compactAfterMs: 0,
  compactWindowMs: 0,
  compactWorkerStepValues: 2000,
  compactStepValues: 2000,
  chunkMaxPoints: 200,
  maintenanceEveryMs: 50,
  retention: { rawDays: null, minuteDays: null },
  thinKeepRawMs: KEEP_RAW_MS,
  now: () => clockAt(next),
});

let free = freeBytes(dir);
const budget = setInterval(() => {
  free = freeBytes(dir);
  if (policy !== 'thin' || free >= THIN_FREE) return;
  try {
    const r = store.thinRaw();
    if (r.thinnedBefore !== null) process.stderr.write(`thinned ${r.deletedChunks} ${r.thinnedBefore}\n`);
    else process.stderr.write(`nothing to thin (refused ${r.refusedSeries})\n`);
  } catch (err) {
    // as the site's DiskThinner: a failed step is reported and tried again on the next check
    process.stderr.write(`thinRaw failed: ${String(err)}\n`);
  }
}, 50);
budget.unref();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function lane(l: number): Promise<void> {
  for (;;) {
    if (free < RESERVE_FREE) {
      await sleep(20);
      continue;
    }
    try {
      // received on the simulated clock: the compaction window is measured on it
      await store.append(`gw`, messageFor(l, next[l]), clockAt(next));
      process.stdout.write(`${l} ${next[l]}\n`);
      next[l]++;
      await sleep(3);
    } catch {
      // not acknowledged: the gateway keeps the message and sends it again
      await sleep(20);
    }
  }
}

for (let l = 0; l < LANES; l++) void lane(l);
