import type { ActionPorts } from '../actions/index.js';
import { validateActuatorCommand, type Broker, type GatewayLink } from '../broker/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { SensorDirectory } from '../rules/index.js';
import type { SeriesStore } from '../series/types.js';

/** What rule actions reach: the broker once started, the gateway RPC, and names for the templates. */
export function actionPorts(
  registry: Registry,
  brokerRef: { current: Broker | null },
  link: () => GatewayLink,
): ActionPorts {
  return {
    publish(topic, payload, qos) {
      if (!brokerRef.current) throw new Error('broker not started');
      brokerRef.current.publish(topic, payload, qos);
    },
    controlActuator: (gatewayId, sensorId, cmd, options) =>
      link().controlActuator(gatewayId, sensorId, cmd, options),
    names(gatewayId, sensorId) {
      const sensor = registry.findSensor(gatewayId, sensorId);
      return {
        sensorName: sensor?.name ?? sensorId,
        gatewayName: registry.getGateway(gatewayId)?.name ?? gatewayId,
        unit: (sensor && registry.catalogue.sensorType(sensor.type)?.unit) ?? '',
      };
    },
  };
}

/**
 * What rules read about sensors and gateways. A gateway not connected reads `off` whatever it last
 * reported; a connected one reads its reported status (`expired` once that is out of date).
 */
export function rulesDirectory(registry: Registry, presence: Presence, series: SeriesStore): SensorDirectory {
  return {
    exists: (gatewayId, sensorId) => registry.findSensor(gatewayId, sensorId) !== undefined,
    gatewayExists: (gatewayId) => registry.hasGateway(gatewayId),
    sensorsOfType: (gatewayId, type) =>
      registry.hasGateway(gatewayId)
        ? registry
            .listSensors(gatewayId)
            .filter((s) => s.type === type)
            .map((s) => s.id)
        : [],
    typeOf: (gatewayId, sensorId) => registry.findSensor(gatewayId, sensorId)?.type,
    latest: (gatewayId, sensorId) => series.latest(gatewayId, sensorId)?.value,
    gatewayStatus(gatewayId) {
      if (presence.connection(gatewayId).state !== 'connected') return 'off';
      return presence.gatewayStatus(gatewayId)?.status ?? presence.connection(gatewayId).mqttStatus ?? 'on';
    },
    sensorStatus: (gatewayId, sensorId) => presence.sensorStatus(gatewayId, sensorId)?.status ?? null,
    commandProblems(gatewayId, sensorId, cmd, options) {
      const sensor = registry.findSensor(gatewayId, sensorId);
      if (!sensor) return [];
      const def = registry.catalogue.sensorType(sensor.type) ?? { id: sensor.type };
      const check = validateActuatorCommand(def, cmd, options);
      return check.ok ? [] : check.errors;
    },
  };
}
