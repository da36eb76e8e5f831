/**
 * Child process for crash.test.ts: appends messages with many in flight and prints the id of each
 * acknowledged one. The parent kills it with SIGKILL at random moments.
 * Usage: node --import tsx crash-child.ts <file> <firstMessageId>
 */
import { createSeriesStore } from '../../../src/main/series/index.js';
import { messageFor } from './crash-data.js';

const [file, first] = process.argv.slice(2);
const store = createSeriesStore({
  file,
  synchronous: 'NORMAL',
  commitIntervalMs: 2,
  // compact constantly, so kills land in the middle of compaction steps too
  compactEveryMs: 3,
  compactAfterMs: 0,
  compactWindowMs: 0,
  // worker-planned steps (the timer path) as small as the in-thread ones, so kills land in them often
  compactWorkerStepValues: 200,
  chunkMaxPoints: 40,
  compactStepValues: 200,
  // retention + incremental vacuum on every tick too; nothing expires (the data is from 2023), but the
  // passes and vacuum steps run between the kills
  maintenanceEveryMs: 1,
  retention: { rawDays: null, minuteDays: null },
});

let next = Number(first);
const IN_FLIGHT = 16;

function send(): void {
  const id = next++;
  store.append('gw', messageFor(id), Date.now()).then(
    () => {
      process.stdout.write(`${id}\n`);
      send();
    },
    (err: unknown) => {
      process.stderr.write(`append ${id} failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
for (let i = 0; i < IN_FLIGHT; i++) send();
