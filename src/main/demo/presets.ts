// The demo's preset rules, in the rules engine's own shape (src/shared/rules.ts): what the story's
// events are meant to set off. Each targets a demo gateway, so deleting the demo's gateways would take
// them along even if their ids were lost.
import type { RuleInput } from '../../shared/api.js';
import { PRESS_A, STORY } from './plant.js';

export interface PresetOptions {
  /** the rules' timezone: "after hours" is local time there */
  timezone: string;
  /** the story clock's speed: the overheat hold (30 s) shrinks with it */
  speed: number;
}

export const OVERHEAT_THRESHOLD = 85;
export const OVERHEAT_HOLD_SECONDS = 30;
/** the plant works 06:00–22:00 on weekdays (signals.ts shiftLoad); after hours is the rest of the day */
export const AFTER_HOURS = { from: '22:00', to: '06:00' } as const;

export function presetRules(o: PresetOptions): RuleInput[] {
  const base = { desc: 'Demo site preset rule', status: 'activated' as const, timezone: o.timezone };
  return [
    {
      ...base,
      name: 'Press A motor overheating',
      severity: 'fatal',
      gatewayId: PRESS_A,
      sensorId: STORY.hotMotor.sensorId,
      sensorIds: [STORY.hotMotor.sensorId, `${PRESS_A}-m2-temp`],
      method: 'over',
      threshold: OVERHEAT_THRESHOLD,
      deadband: 5,
      holdSeconds: Math.max(1, Math.round(OVERHEAT_HOLD_SECONDS / o.speed)),
      actions: [
        {
          agent: 'timeline',
          method: {
            id: 'add',
            params: { message: '{{sensorName}} at {{value}} {{unit}}: line A relay switched off' },
          },
        },
        {
          agent: 'actuator',
          method: {
            id: 'controlActuator',
            params: { gatewayId: STORY.relay.gatewayId, sensorId: STORY.relay.sensorId, cmd: 'off' },
          },
        },
      ],
    },
    {
      ...base,
      name: 'Compressor room gateway offline',
      severity: 'warning',
      agent: 'gatewayStatus',
      gatewayId: STORY.dropout.gatewayId,
      sensorId: '',
      method: 'status',
      threshold: 0,
      statuses: ['off', 'err', 'expired'],
    },
    {
      ...base,
      name: 'Loading gate opened after hours',
      severity: 'warning',
      gatewayId: STORY.door.gatewayId,
      sensorId: STORY.door.sensorId,
      method: 'changed',
      threshold: 0,
      to: 1,
      conditions: [{ type: 'timeOfDay', ...AFTER_HOURS }],
    },
  ];
}
