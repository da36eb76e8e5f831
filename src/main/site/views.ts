import type { GatewayView, SensorView } from '../../shared/model.js';
import type { Presence } from '../presence/presence.js';
import type { Catalogue, Registry } from '../registry/index.js';
import type { SeriesStore } from '../series/types.js';

/** What the console sees of a gateway or sensor: its registration joined with live state. */
export class SiteViews {
  constructor(
    private readonly registry: Registry,
    private readonly catalogue: Catalogue,
    private readonly presence: Presence,
    private readonly series: SeriesStore,
  ) {}

  readonly gateway = (gatewayId: string): GatewayView => ({
    ...this.registry.requireGateway(gatewayId),
    connection: this.presence.connection(gatewayId),
    status: this.presence.gatewayStatus(gatewayId),
  });

  readonly sensor = (gatewayId: string, sensorId: string): SensorView => {
    const sensor = this.registry.getSensor(gatewayId, sensorId);
    return {
      ...sensor,
      unit: this.catalogue.sensorType(sensor.type)?.unit ?? '',
      latest: this.series.latest(gatewayId, sensorId),
      status: this.presence.sensorStatus(gatewayId, sensorId),
    };
  };
}
