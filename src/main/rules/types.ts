import type { SensorValue, Severity, ValuePoint } from '../../shared/model.js';
import type { StatusValue } from '../../shared/rules.js';

/** What the rules engine sees: values just committed for one sensor, in time order. */
export interface ValueEvent {
  gatewayId: string;
  sensorId: string;
  sensorType: string;
  /** 'event' sensors (onoff, motion, door…) throttle at 15 s, series sensors at 5 min (protocol §9) */
  dataType: 'series' | 'event';
  points: ValuePoint[];
}

/**
 * The evaluation hook: the ingest path calls `onValues` after every commit. The threshold rule is the
 * first implementation; the full rules engine (conditions, actions, schedules) plugs in here too.
 */
export interface RuleEvaluator {
  onValues(event: ValueEvent): void;
}

/** A rule's condition for one sensor changed (or was re-evaluated as active for a latched rule). */
export interface RuleCondition {
  rule: { id: number; name: string; severity: Severity; latched: boolean };
  gatewayId: string;
  sensorId: string;
  active: boolean;
  value: number | string;
  /** the value's time */
  time: number;
}

/**
 * Where rule conditions go to become alarms (alarms/alarms.ts). Throttling never applies here: it limits
 * repeated actions, never an alarm's state.
 */
export interface ConditionSink {
  /** the condition as last stored, so the deadband holds across a restart or a change of master */
  conditionActive(ruleId: number, gatewayId: string, sensorId: string): boolean;
  onCondition(change: RuleCondition): void;
}

/** What rules know about the site's sensors and gateways (the registry and presence, behind one port). */
export interface SensorDirectory {
  exists(gatewayId: string, sensorId: string): boolean;
  gatewayExists(gatewayId: string): boolean;
  /** the sensors of a type on a gateway (a sensor-type rule's targets) */
  sensorsOfType(gatewayId: string, type: string): string[];
  typeOf(gatewayId: string, sensorId: string): string | undefined;
  /** the sensor's latest stored value (conditions on another sensor) */
  latest(gatewayId: string, sensorId: string): SensorValue | undefined;
  /** on / off (not connected) / err / expired */
  gatewayStatus(gatewayId: string): StatusValue | null;
  sensorStatus(gatewayId: string, sensorId: string): StatusValue | null;
  /** an actuator command with its options, against the catalogue (empty when fine) */
  commandProblems?(gatewayId: string, sensorId: string, cmd: string, options: unknown): string[];
}

/** A directory for code that only checks existence (tests, the release fixture). */
export function existenceOnly(exists: (gatewayId: string, sensorId: string) => boolean): SensorDirectory {
  return {
    exists,
    gatewayExists: () => true,
    sensorsOfType: () => [],
    typeOf: () => undefined,
    latest: () => undefined,
    gatewayStatus: () => null,
    sensorStatus: () => null,
  };
}
