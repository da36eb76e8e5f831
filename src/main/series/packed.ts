import type { SensorBatch } from './types.js';

/**
 * One message's numeric points without an object per point (issue 19): sensor i's points are
 * times/values[start(i), ends[i]), in message order. Objects that wait for the group commit outlive
 * V8's young generation and are collected by full GCs (a third of the broker thread's time at 100 values
 * per message); three typed arrays per message do not. Made by the Thing+ fast parser
 * (broker/thingplus/fast-values.ts); points become objects again only after the commit, for the
 * listeners, where they die young.
 */
export interface PackedBatch {
  readonly sensorIds: readonly string[];
  readonly ends: Uint32Array;
  readonly times: Float64Array;
  readonly values: Float64Array;
}

export const packedStart = (p: PackedBatch, i: number): number => (i === 0 ? 0 : p.ends[i - 1]);

/** sensor i's points as objects */
export function packedPoints(p: PackedBatch, i: number): { time: number; value: number }[] {
  const end = p.ends[i];
  const start = packedStart(p, i);
  const points = new Array<{ time: number; value: number }>(end - start);
  for (let k = start; k < end; k++) points[k - start] = { time: p.times[k], value: p.values[k] };
  return points;
}

/** the points as objects, one batch per sensor (the general path, replication, refused values) */
export function unpack(p: PackedBatch): SensorBatch[] {
  return p.sensorIds.map((sensorId, i) => ({ sensorId, points: packedPoints(p, i) }));
}
