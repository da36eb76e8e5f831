// A compressed past week, written when the demo first starts, so charts have shape at once. It goes
// the way every value goes: each gateway publishes it on its own `v/a/g/{gw}` topic at QoS 1, a day per
// message (as a real gateway sends what it kept while offline, merged), and waits for the PUBACK,
// which the site sends once the day is stored.
import type { SimulatedGateway, ValueBatch } from './gateway.js';
import type { PlantState } from './machines.js';

export interface HistoryOptions {
  /** the first instant of the history (e.g. a week ago) */
  from: number;
  /** exclusive end: live values start here */
  to: number;
  /** one analogue reading per sensor per step (5 min: 2 016 points per sensor for a week) */
  stepMs: number;
  /** how much one message holds */
  sliceMs?: number;
}

/** Builds one gateway's values for [from, to), in time order per sensor. */
export function historySlice(
  gateway: SimulatedGateway,
  plant: PlantState,
  from: number,
  to: number,
  stepMs: number,
): ValueBatch {
  const batch: ValueBatch = {};
  for (const sensor of gateway.spec.sensors) {
    const points: Array<number | string> = [];
    if (sensor.kind === 'event') {
      // an opening is a 1 and, a little later, a 0
      let closedUntil = from;
      for (const t of plant.events(sensor, from, to)) {
        if (t <= closedUntil) continue;
        const close = Math.min(t + 20_000 + (t % 100_000), to - 1);
        if (close <= t) continue;
        points.push(t, 1, close, 0);
        closedUntil = close;
      }
    } else if (sensor.kind !== 'relay') {
      for (let t = from; t < to; t += stepMs) {
        const value = plant.read(sensor, t);
        if (value !== null) points.push(t, value);
      }
    }
    if (points.length > 0) batch[sensor.id] = points;
  }
  return batch;
}

/** Writes the history of every gateway, gateways in parallel, each day after the one before. */
export async function writeHistory(
  gateways: readonly SimulatedGateway[],
  plant: PlantState,
  options: HistoryOptions,
): Promise<number> {
  const sliceMs = options.sliceMs ?? 24 * 3_600_000;
  let values = 0;
  await Promise.all(
    gateways.map(async (gateway) => {
      for (let from = options.from; from < options.to; from += sliceMs) {
        const to = Math.min(options.to, from + sliceMs);
        const batch = historySlice(gateway, plant, from, to, options.stepMs);
        for (const points of Object.values(batch)) values += points.length / 2;
        await gateway.publishValues(batch);
      }
    }),
  );
  return values;
}
