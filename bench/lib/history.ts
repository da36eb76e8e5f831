// Stored history for the benchmarks, written through the series store's own path (append, then
// compaction into chunks and rollups): a site's sensors at one value per second, two decimals.
import type { DurableSeriesStore } from '../../src/main/series/index.js';

export interface HistoryOptions {
  gateways: number;
  sensorsPerGateway: number;
  /** values per sensor, one per second from t0 */
  points: number;
  t0: number;
  /** gateway ids: `${prefix}${index}`, sensor ids `s${index}` */
  prefix: string;
}

const PER_MESSAGE = 60;

/** a plausible reading with two decimals: slow drift per sensor */
function historyReading(sensor: number, k: number): number {
  return Math.round((20 + 5 * Math.sin((k + sensor * 31) / 500)) * 100) / 100;
}

/**
 * Appends every sensor's points, a minute per message per gateway, compacting as it goes (the store's
 * timer is expected off); returns the number of points written. Prints a progress line every 200 minutes of data.
 */
export async function writeHistory(store: DurableSeriesStore, o: HistoryOptions): Promise<number> {
  let total = 0;
  const started = performance.now();
  for (let k = 0; k < o.points; k += PER_MESSAGE) {
    const n = Math.min(PER_MESSAGE, o.points - k);
    // every gateway's minute at once: one group commit for all of them, not one commit timer each
    await Promise.all(
      Array.from({ length: o.gateways }, (_, g) => {
        const batches = Array.from({ length: o.sensorsPerGateway }, (_, s) => ({
          sensorId: `s${s}`,
          points: Array.from({ length: n }, (_, j) => ({
            time: o.t0 + (k + j) * 1000,
            value: historyReading(g * o.sensorsPerGateway + s, k + j),
          })),
        }));
        total += o.sensorsPerGateway * n;
        return store.append(`${o.prefix}${g}`, batches, o.t0 + k * 1000);
      }),
    );
    if ((k / PER_MESSAGE) % 6 === 5) store.compact({ all: true });
    if ((k / PER_MESSAGE) % 200 === 199) {
      const s = (performance.now() - started) / 1000;
      console.log(`history: ${(total / 1e6).toFixed(1)} M points in ${s.toFixed(0)} s`);
    }
  }
  store.compact({ all: true });
  await store.flush();
  return total;
}
