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
import { clockAt, LANES, messageFor, messageTime, POINTS, sensorIds, T0 } from './disk-property-data.js';

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
  // a pass step applied in several slices: the exports below read between them
  compactApplySliceValues: 50,
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

/**
 * A paged export (cursor = last time + 1) while the store compacts and thins: every value acknowledged
 * before it started must be in its pages, unless thinned by the time it ended. A miss is reported on
 * stderr ("export missed …") for the parent to fail on.
 */
async function exportLoop(): Promise<void> {
  for (let round = 0; ; round++) {
    await sleep(100);
    const l = round % LANES;
    const last = next[l] - 1;
    if (last < 0) continue;
    const sensorId = sensorIds(l)[round % 4];
    const to = messageTime(last + 1, 0);
    let cursor = T0;
    const seen = new Set<number>();
    try {
      for (;;) {
        const page = store.query({ gatewayId: 'gw', sensorId, from: cursor, to, limit: 200 });
        for (const p of page) seen.add(p.time);
        if (page.length < 200) break;
        cursor = page[page.length - 1].time + 1;
        await new Promise((r) => setImmediate(r));
      }
    } catch {
      continue; // a read failing on a full disk is not what this checks
    }
    const before = store.thinnedRange('gw', sensorId)?.before ?? -Infinity;
    let missed = 0;
    for (let n = 0; n <= last; n++)
      for (let i = 0; i < POINTS; i++) {
        const t = messageTime(n, i);
        if (t >= before && !seen.has(t)) missed++;
      }
    if (missed > 0) process.stderr.write(`export missed ${missed} of ${sensorId} through message ${last}\n`);
  }
}
void exportLoop();
