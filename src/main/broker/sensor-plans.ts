import type { Registry } from '../registry/index.js';

/** A message's sensors, in its order, as the ingest path needs them. */
export interface SensorPlan {
  readonly sensorIds: readonly string[];
  readonly types: readonly string[];
  readonly dataTypes: readonly ('series' | 'event')[];
  /** every sensor is registered and of a number type: plain numbers need no check per value */
  readonly allNumbers: boolean;
}

interface Cached extends SensorPlan {
  readonly version: number;
}

/**
 * A gateway's sensors resolved once, not twice per value (registry lookup and type, for the check and
 * again for the events): a gateway names the same sensors in the same order message after message, so
 * the plan of its last message is kept and reused while the sensor list is the same (the fast parser
 * hands out the same canonical id strings) and the registry has not changed a sensor since.
 */
export class SensorPlans {
  private version = 0;
  private readonly byGateway = new Map<string, Cached>();

  constructor(private readonly registry: Registry) {
    const changed = (): void => {
      this.version++;
    };
    registry.on('sensor', changed);
    registry.on('sensorDeleted', changed);
    registry.on('gatewayDeleted', (id) => {
      this.version++;
      this.byGateway.delete(id);
    });
  }

  /** the sensor ids of the gateway's last message (the parser's hint), if known */
  lastIds(gatewayId: string): readonly string[] | undefined {
    return this.byGateway.get(gatewayId)?.sensorIds;
  }

  plan(gatewayId: string, sensorIds: readonly string[]): SensorPlan {
    const cached = this.byGateway.get(gatewayId);
    if (cached && cached.version === this.version && sameIds(cached.sensorIds, sensorIds)) return cached;
    const n = sensorIds.length;
    const types = new Array<string>(n);
    const dataTypes = new Array<'series' | 'event'>(n);
    let allNumbers = true;
    for (let i = 0; i < n; i++) {
      const sensor = this.registry.findSensor(gatewayId, sensorIds[i]);
      const typeDef = sensor && this.registry.catalogue.sensorType(sensor.type);
      types[i] = sensor?.type ?? '';
      dataTypes[i] = typeDef?.chart?.dataType === 'event' ? 'event' : 'series';
      if (typeDef?.type !== 'number') allNumbers = false;
    }
    const plan = { sensorIds, types, dataTypes, allNumbers, version: this.version };
    // only gateways with a registration reach ingest, so this is bounded by the registered gateways
    this.byGateway.set(gatewayId, plan);
    return plan;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
