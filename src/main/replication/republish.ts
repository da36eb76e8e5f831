import type { Logger } from '../logger/logger.js';
import type { SensorBatch } from '../series/types.js';
import { decodeRecord } from './record.js';
import type { JetStreamValuesLog } from './values-log.js';

/** this node's committed values, read back for the log (services.ts: the registry's sensors and the store) */
export type LocalValues = (since: number) => Array<{ gatewayId: string; batches: SensorBatch[] }>;

/**
 * How far before the stream's last record the local values are published again. The tail a power cut
 * takes is what the servers had not synced (nats-server 2.9: up to 2 minutes); the margin covers that
 * with room for a gateway's clock and for values that arrived a little out of order.
 */
export const REPUBLISH_MARGIN_MS = 10 * 60_000;
/** points per re-published record: well under NATS's 1 MB payload with any value */
const POINTS_PER_RECORD = 2000;

/**
 * The stream lost its tail (a whole-site power cut before nats-server synced it) or was made again,
 * while this node's series.db still holds what it committed: publishes again every local value from a
 * little before the stream's last record (by the values' own times), so the other nodes get the lost
 * tail. Applying is idempotent per (sensor, time): the overlap is dropped by every store. Returns the
 * number of values published.
 */
export async function republishTail(
  log: JetStreamValuesLog,
  local: LocalValues,
  node: string,
  retentionHours: number,
  logger: Logger,
): Promise<number> {
  const info = await log.info();
  let since = Date.now() - retentionHours * 3_600_000;
  if (info.state.last_seq > 0) {
    const last = await log.lastRecord();
    if (last) {
      const record = decodeRecord(last);
      const earliest = Math.min(
        record.receivedAt,
        ...record.batches.flatMap((b) => b.points.map((p) => p.time)),
      );
      since = Math.max(since, earliest - REPUBLISH_MARGIN_MS);
    }
  }
  let count = 0;
  for (const { gatewayId, batches } of local(since)) {
    let chunk: SensorBatch[] = [];
    let size = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await log.append({ origin: node, gatewayId, receivedAt: Date.now(), batches: chunk });
      chunk = [];
      size = 0;
    };
    for (const batch of batches) {
      for (let i = 0; i < batch.points.length; i += POINTS_PER_RECORD) {
        const points = batch.points.slice(i, i + POINTS_PER_RECORD);
        chunk.push({ sensorId: batch.sensorId, points });
        size += points.length;
        count += points.length;
        if (size >= POINTS_PER_RECORD) await flush();
      }
    }
    await flush();
  }
  logger.warn({ values: count, since }, 're-published local values after the values log lost its tail');
  return count;
}
