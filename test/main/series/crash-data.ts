import type { SensorValue } from '../../../src/shared/model.js';
import type { SensorBatch } from '../../../src/main/series/index.js';

export const SENSORS = ['num', 'str', 'obj'];
const T0 = 1_700_000_000_000;

function valueFor(sensor: string, id: number, k: number): SensorValue {
  if (sensor === 'num') return id + k / 10;
  if (sensor === 'str') return `${id}.${k}`;
  return { id, k };
}

/** message `id`: two points per sensor at times T0 + 2·id and T0 + 2·id + 1 */
export function messageFor(id: number): SensorBatch[] {
  return SENSORS.map((sensorId) => ({
    sensorId,
    points: [0, 1].map((k) => ({ time: T0 + 2 * id + k, value: valueFor(sensorId, id, k) })),
  }));
}
