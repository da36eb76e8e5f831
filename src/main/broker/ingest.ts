import { EventEmitter } from 'node:events';
import type { ValuePoint } from '../../shared/model.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Registry } from '../registry/index.js';
import type { ValueEvent } from '../rules/index.js';
import { describe, SeriesStoreError } from '../series/errors.js';
import type { SensorBatch, SeriesStore } from '../series/types.js';
import {
  coerceValue,
  decodePayload,
  fastGatewayValues,
  fastSensorValues,
  parseGatewayValues,
  parseSensorValues,
  type ParsedGatewayValues,
} from './thingplus/index.js';

/** A rejected part of a message; `points` is how many values it cost (0 for the message as a whole). */
interface Rejection {
  kind: string;
  message: string;
  points: number;
}

export interface IngestOptions {
  maxInflatedBytes: number;
  /**
   * Why values must be refused before they reach the store (the disk is down to the alarm reserve),
   * or null. Refused values get no PUBACK, so the gateway keeps and resends them.
   */
  refuseWhen?: () => string | null;
  /**
   * A cluster's replicated values log (src/main/replication): called after the local commit with every
   * valid point of the message (also those the store dropped as already held: a resend after a failed
   * append must reach the log); the PUBACK waits for it, and a rejection means no PUBACK.
   */
  replicate?: (gatewayId: string, batches: SensorBatch[], receivedAt: number) => Promise<void>;
}

/** Error code of a refusal by `refuseWhen` (not a failed write: the disk monitor must not read it as one). */
export const INGEST_REFUSED = 'ES_INGEST_REFUSED';

/**
 * Sensor values from `v/a/g/{gw}` and `v/a/g/{gw}/s/{sid}` (protocol §2–3): decode (gunzip), parse,
 * check each sensor is registered and each value fits its type, then append to the series store and
 * resolve only once committed, so the broker acknowledges (PUBACK) durable data only. Bad parts are
 * counted and shown; the valid parts of a batch are still stored.
 * Events: `values` for points committed; `refused` for valid points the store could not take (e.g. a
 * full disk: no PUBACK, the gateway sends them again), so alarms need not wait for storage.
 */
export class Ingest extends EventEmitter<{ values: [ValueEvent]; refused: [ValueEvent] }> {
  /**
   * the last append failed (e.g. disk full: `isNoSpace` reads its code) and none has succeeded since:
   * what /healthz and the disk monitor read
   */
  storageError: SeriesStoreError | null = null;

  constructor(
    private readonly registry: Registry,
    private readonly series: SeriesStore,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: IngestOptions,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async handle(
    gatewayId: string,
    topic: string,
    payload: Buffer,
    sensorId: string | undefined,
    receivedAt: number,
  ): Promise<void> {
    const decoded = decodePayload(payload, { maxInflatedBytes: this.options.maxInflatedBytes });
    if (!decoded.ok) {
      this.metrics.recordRejection({ gatewayId, topic }, [{ ...decoded.error, points: 0 }], true);
      return;
    }
    const parsed = parseValues(decoded.text, sensorId, receivedAt);
    const errors: Rejection[] = parsed.errors.map((e) => ({ kind: e.kind, message: e.message, points: 1 }));
    const batches: SensorBatch[] = [];
    for (const { sensorId: sid, points } of parsed.sensors) {
      if (points.length === 0) continue;
      const sensor = this.registry.findSensor(gatewayId, sid);
      if (!sensor) {
        errors.push({
          kind: 'sensor.unknown',
          message: `sensor ${sid} is not registered on gateway ${gatewayId} (${points.length} values dropped)`,
          points: points.length,
        });
        continue;
      }
      const typeDef = this.registry.catalogue.sensorType(sensor.type);
      // the common case, finite numbers for a number sensor, keeps the parser's points as they are
      if (typeDef?.type === 'number' && points.every(isFiniteNumber)) {
        batches.push({ sensorId: sid, points });
        continue;
      }
      const good: ValuePoint[] = [];
      for (const point of points) {
        const coerced = typeDef
          ? coerceValue(typeDef, point.value)
          : { ok: true as const, value: point.value };
        if (coerced.ok) good.push({ time: point.time, value: coerced.value });
        else
          errors.push({ kind: coerced.error.kind, message: `${sid}: ${coerced.error.message}`, points: 1 });
      }
      if (good.length > 0) batches.push({ sensorId: sid, points: good });
    }
    if (errors.length > 0) {
      this.metrics.recordRejection({ gatewayId, topic }, errors, batches.length === 0);
      this.logger.debug(
        { gatewayId, topic, errors: errors.length, first: errors[0]?.message },
        'rejected values',
      );
    }
    if (batches.length === 0) return;

    let outcome;
    try {
      const refusal = this.options.refuseWhen?.();
      if (refusal !== null && refusal !== undefined) {
        throw new SeriesStoreError(refusal, undefined, INGEST_REFUSED);
      }
      outcome = await this.series.append(gatewayId, batches, receivedAt);
    } catch (err) {
      this.storageError =
        err instanceof SeriesStoreError ? err : new SeriesStoreError(`series store: ${describe(err)}`, err);
      // as stored batches are, in time order (a message may list a sensor's points in any order)
      const sorted = batches.map((b) => ({ ...b, points: [...b.points].sort((x, y) => x.time - y.time) }));
      this.emitValues('refused', gatewayId, sorted);
      throw err;
    }
    this.storageError = null;
    this.metrics.recordCommit(outcome.accepted, this.now() - receivedAt);
    this.metrics.recordDropped(outcome.duplicates, outcome.outOfOrder);
    this.emitValues('values', gatewayId, outcome.stored);
    // committed here; acknowledged only once a quorum of the cluster's log holds it too
    if (this.options.replicate) await this.options.replicate(gatewayId, batches, receivedAt);
  }

  /** commit what is queued without the coalescing delay (see ack-windows.ts) */
  hurry(): void {
    this.series.hurry();
  }

  private emitValues(event: 'values' | 'refused', gatewayId: string, batches: readonly SensorBatch[]): void {
    for (const batch of batches) {
      const sensor = this.registry.findSensor(gatewayId, batch.sensorId);
      if (!sensor) continue;
      const typeDef = this.registry.catalogue.sensorType(sensor.type);
      this.emit(event, {
        gatewayId,
        sensorId: batch.sensorId,
        sensorType: sensor.type,
        dataType: typeDef?.chart?.dataType === 'event' ? 'event' : 'series',
        points: batch.points,
      });
    }
  }
}

const isFiniteNumber = (p: ValuePoint): boolean => typeof p.value === 'number' && Number.isFinite(p.value);

/** The fast path for plain numbers (fast-values.ts), else the general parser with its error reports. */
function parseValues(text: string, sensorId: string | undefined, now: number): ParsedGatewayValues {
  if (sensorId === undefined) return fastGatewayValues(text, now) ?? parseGatewayValues(text, { now });
  const fast = fastSensorValues(text, now);
  if (fast) return { sensors: [{ sensorId, points: fast }], errors: [] };
  const one = parseSensorValues(text, { now }, sensorId);
  return { sensors: [{ sensorId, points: one.points }], errors: one.errors };
}
