// The data of disk-property.test.ts, shared with its child: lanes of sensors, one message in flight
// per lane, so what a lane has stored is always a prefix 0..n of its messages.
import type { SensorBatch } from '../../../src/main/series/index.js';

export const LANES = 3;
export const SENSORS_PER_LANE = 4;
/** a message holds this many points per sensor, POINT_MS apart: MESSAGE_MS of history */
export const POINTS = 10;
export const POINT_MS = 60_000;
export const MESSAGE_MS = POINTS * POINT_MS;
/** the first message's first point: midnight UTC, so day buckets start with the data */
export const T0 = Date.UTC(2026, 0, 1);

export const sensorIds = (lane: number): string[] =>
  Array.from({ length: SENSORS_PER_LANE }, (_, k) => `l${lane}s${k}`);

export const messageTime = (n: number, i: number): number => T0 + n * MESSAGE_MS + i * POINT_MS;

/** message `n` of `lane`: POINTS points per sensor of the lane */
export function messageFor(lane: number, n: number): SensorBatch[] {
  return sensorIds(lane).map((sensorId, k) => ({
    sensorId,
    points: Array.from({ length: POINTS }, (_, i) => ({
      time: messageTime(n, i),
      value: ((n * POINTS + i) % 997) + k / 4,
    })),
  }));
}

/** the simulated clock: the newest message time the child has sent, so old days become thinnable */
export const clockAt = (nextMessages: readonly number[]): number =>
  T0 + Math.max(...nextMessages) * MESSAGE_MS;
