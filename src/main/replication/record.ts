import { createHash } from 'node:crypto';
import type { SensorBatch } from '../series/types.js';

/**
 * One acknowledged MQTT message's values as they travel in the replicated log: the gateway, when the
 * receiving node took them, which node that was, and the valid points per sensor (after the checks of
 * ingest: every node stores exactly what the receiver accepted, without parsing the payload again).
 */
export interface ValuesRecord {
  /** the node that received the message and committed it locally before appending */
  origin: string;
  gatewayId: string;
  receivedAt: number;
  batches: SensorBatch[];
}

/** Version 1: JSON `{v, o, g, r, b: [[sensorId, [[time, value], …]], …]}`, compact and self-describing. */
interface WireRecord {
  v: 1;
  o: string;
  g: string;
  r: number;
  b: Array<[string, Array<[number, unknown]>]>;
}

export function encodeRecord(record: ValuesRecord): Uint8Array {
  const wire: WireRecord = {
    v: 1,
    o: record.origin,
    g: record.gatewayId,
    r: record.receivedAt,
    b: record.batches.map((b) => [b.sensorId, b.points.map((p) => [p.time, p.value])]),
  };
  return Buffer.from(JSON.stringify(wire));
}

/** Throws with a reason for a record this version cannot read (it is counted and skipped, never applied half). */
export function decodeRecord(data: Uint8Array): ValuesRecord {
  const wire = JSON.parse(
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'),
  ) as WireRecord;
  if (wire?.v !== 1 || typeof wire.g !== 'string' || typeof wire.o !== 'string' || !Array.isArray(wire.b))
    throw new Error(`not a version-1 values record`);
  return {
    origin: wire.o,
    gatewayId: wire.g,
    receivedAt: wire.r,
    batches: wire.b.map(([sensorId, points]) => ({
      sensorId,
      points: points.map(([time, value]) => ({ time, value: value as never })),
    })),
  };
}

/**
 * The JetStream de-duplication id (`Nats-Msg-Id`): the same gateway's same points give the same id,
 * whichever node received them and however often the gateway sent them, so a resend after a lost PUBACK
 * is stored once in the log too (within the stream's duplicate window; beyond it the stores' own
 * per-(sensor, time) check drops it).
 */
export function recordId(record: ValuesRecord): string {
  const hash = createHash('sha256');
  hash.update(record.gatewayId);
  for (const b of record.batches) {
    hash.update('\0' + b.sensorId);
    for (const p of b.points) hash.update(`\0${p.time}\0${JSON.stringify(p.value)}`);
  }
  return hash.digest('base64url');
}
