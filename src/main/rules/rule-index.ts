import type { Rule } from '../../shared/model.js';
import { sensorKey } from '../../shared/sensor-key.js';

/**
 * The activated rules by what wakes them, so a value costs a map lookup, never a scan of all rules:
 * by sensor, by (gateway, sensor type), by gateway for status rules, plus the timer-driven ones.
 */
export class RuleIndex {
  private readonly bySensor = new Map<string, Rule[]>();
  private readonly byType = new Map<string, Rule[]>();
  private readonly gatewayStatus = new Map<string, Rule[]>();
  /** noData rules (checked by a timer) */
  readonly silent: Rule[] = [];
  /** schedule rules (croner jobs) */
  readonly scheduled: Rule[] = [];

  constructor(rules: readonly Rule[]) {
    for (const rule of rules) {
      if (rule.status !== 'activated') continue;
      const agent = rule.agent ?? 'sensorValue';
      if (agent === 'schedule') this.scheduled.push(rule);
      else if (agent === 'gatewayStatus') push(this.gatewayStatus, rule.gatewayId, rule);
      else {
        if (rule.method === 'noData') this.silent.push(rule);
        if (rule.sensorType) push(this.byType, sensorKey(rule.gatewayId, rule.sensorType), rule);
        else for (const s of targetsOf(rule)) push(this.bySensor, sensorKey(rule.gatewayId, s), rule);
      }
    }
  }

  /** the sensorValue / sensorStatus rules watching a sensor */
  forSensor(gatewayId: string, sensorId: string, sensorType: string | undefined): Rule[] {
    return this.forSensorKey(sensorKey(gatewayId, sensorId), gatewayId, sensorType);
  }

  /** the same, with the sensor's key already made (the value path makes it once per event) */
  forSensorKey(key: string, gatewayId: string, sensorType: string | undefined): Rule[] {
    const own = this.bySensor.get(key) ?? [];
    if (this.byType.size === 0) return own;
    const typed = sensorType ? (this.byType.get(sensorKey(gatewayId, sensorType)) ?? []) : [];
    return typed.length === 0 ? own : own.length === 0 ? typed : [...own, ...typed];
  }

  /** some sensorValue / sensorStatus rule watches the sensor (the value path may skip the others) */
  watches(gatewayId: string, sensorId: string, sensorType: string | undefined): boolean {
    if (this.bySensor.size === 0 && this.byType.size === 0) return false;
    return this.forSensor(gatewayId, sensorId, sensorType).length > 0;
  }

  forGateway(gatewayId: string): Rule[] {
    return this.gatewayStatus.get(gatewayId) ?? [];
  }
}

/** the sensors a rule names (a sensor-type rule names none: its targets are looked up) */
export function targetsOf(rule: Pick<Rule, 'sensorIds' | 'sensorId'>): string[] {
  return rule.sensorIds ?? (rule.sensorId ? [rule.sensorId] : []);
}

function push(map: Map<string, Rule[]>, key: string, rule: Rule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}
