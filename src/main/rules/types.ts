import type { ValuePoint } from '../../shared/model.js';

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
