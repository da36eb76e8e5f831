import { EventEmitter } from 'node:events';
import type { ValuePoint } from '../../shared/model.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Registry } from '../registry/index.js';
import type { ValueEvent } from '../rules/index.js';
import { describe, SeriesStoreError } from '../series/errors.js';
import { packedPoints, unpack, type PackedBatch } from '../series/packed.js';
import type { AppendOutcome, SensorBatch, SeriesStore } from '../series/types.js';
import { SensorPlans, type SensorPlan } from './sensor-plans.js';
import {
  coerceValue,
  decodePayload,
  fastGatewayPacked,
  mergeRepeated,
  fastSensorPacked,
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
  private readonly plans: SensorPlans;
  /**
   * Whether anyone would use a sensor's `values` event (null: every event is wanted). A packed message
   * emits events only for wanted sensors: at 100 values per message an event per value was much of
   * the broker thread's work, and of its garbage, with no rule to read it.
   */
  valuesWanted: ((gatewayId: string, sensorId: string, sensorType: string) => boolean) | null = null;

  constructor(
    private readonly registry: Registry,
    private readonly series: SeriesStore,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: IngestOptions,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.plans = new SensorPlans(registry);
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
    const fast = fastPacked(decoded.text, sensorId, receivedAt, this.plans.lastIds(gatewayId));
    const plan = fast && !fast.repeated ? this.plans.plan(gatewayId, fast.packed.sensorIds) : null;
    if (fast && plan?.allNumbers && noEmptySensor(fast.packed)) {
      const { packed } = fast;
      // the usual message: registered number sensors, plain numbers, no object per value until the commit
      await this.store(
        gatewayId,
        () => this.series.appendPacked(gatewayId, packed, receivedAt),
        () => unpack(packed),
        receivedAt,
      );
      return;
    }
    const parsed = fast ? objects(fast) : parseValues(decoded.text, sensorId, receivedAt);
    const batches = this.checked(gatewayId, topic, parsed);
    if (batches.length === 0) return;
    await this.store(
      gatewayId,
      () => this.series.append(gatewayId, batches, receivedAt),
      () => batches,
      receivedAt,
    );
  }

  /** The parsed message's valid points, per sensor; what is not valid is counted, logged and dropped. */
  private checked(gatewayId: string, topic: string, parsed: ParsedGatewayValues): SensorBatch[] {
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
    return batches;
  }

  /**
   * Appends (`append`) and resolves once committed (and replicated); `batches` gives the message's
   * valid points as objects, asked for only when they are needed (refused, replicated).
   */
  private async store(
    gatewayId: string,
    append: () => Promise<AppendOutcome>,
    batches: () => SensorBatch[],
    receivedAt: number,
  ): Promise<void> {
    let outcome;
    try {
      const refusal = this.options.refuseWhen?.();
      if (refusal !== null && refusal !== undefined) {
        throw new SeriesStoreError(refusal, undefined, INGEST_REFUSED);
      }
      outcome = await append();
    } catch (err) {
      this.storageError =
        err instanceof SeriesStoreError ? err : new SeriesStoreError(`series store: ${describe(err)}`, err);
      // as stored batches are, in time order (a message may list a sensor's points in any order)
      const sorted = batches().map((b) => ({ ...b, points: [...b.points].sort((x, y) => x.time - y.time) }));
      this.emitValues('refused', gatewayId, sorted);
      throw err;
    }
    this.storageError = null;
    this.metrics.recordCommit(outcome.accepted, this.now() - receivedAt);
    this.metrics.recordDropped(outcome.duplicates, outcome.outOfOrder);
    if (outcome.packed)
      this.emitPacked(gatewayId, outcome.packed, this.plans.plan(gatewayId, outcome.packed.sensorIds));
    else this.emitValues('values', gatewayId, outcome.stored);
    // committed here; acknowledged only once a quorum of the cluster's log holds it too
    if (this.options.replicate) await this.options.replicate(gatewayId, batches(), receivedAt);
  }

  /** commit what is queued without the coalescing delay (see ack-windows.ts) */
  hurry(): void {
    this.series.hurry();
  }

  /** `values` for a packed message stored whole: its points become objects only if a listener reads them */
  private emitPacked(gatewayId: string, p: PackedBatch, plan: SensorPlan): void {
    for (let i = 0; i < p.sensorIds.length; i++) {
      if (plan.types[i] === '') continue; // deleted meanwhile
      if (this.valuesWanted && !this.valuesWanted(gatewayId, p.sensorIds[i], plan.types[i])) continue;
      this.emit(
        'values',
        new PackedValueEvent(gatewayId, p.sensorIds[i], plan.types[i], plan.dataTypes[i], p, i),
      );
    }
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

function noEmptySensor(p: PackedBatch): boolean {
  for (let i = 0; i < p.sensorIds.length; i++) if (p.ends[i] === (i === 0 ? 0 : p.ends[i - 1])) return false;
  return true;
}

interface Fast {
  packed: PackedBatch;
  repeated: boolean;
}

/** The fast path for plain numbers (fast-values.ts), packed; null: the general parser decides. */
function fastPacked(
  text: string,
  sensorId: string | undefined,
  now: number,
  hint: readonly string[] | undefined,
): Fast | null {
  if (sensorId === undefined) return fastGatewayPacked(text, now, hint);
  const packed = fastSensorPacked(text, now, sensorId);
  return packed ? { packed, repeated: false } : null;
}

/** a fast-parsed message as the general parser gives it (a repeated sensor merged into its first) */
function objects(fast: Fast): ParsedGatewayValues {
  const sensors = unpack(fast.packed);
  return { sensors: fast.repeated ? mergeRepeated(sensors) : sensors, errors: [] };
}

/** The general parser with its error reports. */
function parseValues(text: string, sensorId: string | undefined, now: number): ParsedGatewayValues {
  if (sensorId === undefined) return parseGatewayValues(text, { now });
  const one = parseSensorValues(text, { now }, sensorId);
  return { sensors: [{ sensorId, points: one.points }], errors: one.errors };
}

/** A committed sensor's points from a packed message, made into objects when first read. */
class PackedValueEvent implements ValueEvent {
  private made: ValuePoint[] | null = null;

  constructor(
    readonly gatewayId: string,
    readonly sensorId: string,
    readonly sensorType: string,
    readonly dataType: 'series' | 'event',
    private readonly packed: PackedBatch,
    private readonly index: number,
  ) {}

  get points(): ValuePoint[] {
    this.made ??= packedPoints(this.packed, this.index);
    return this.made;
  }
}
