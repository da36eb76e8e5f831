import type { AlarmState } from '../../shared/model.js';

/**
 * The stored facts an alarm's state is derived from. Keeping facts rather than only the state is what lets
 * shelving, out-of-service and latching compose: when a shelf ends, the state is whatever the facts say now.
 */
export interface AlarmFacts {
  /** the rule's condition as last evaluated for this sensor */
  conditionActive: boolean;
  /** a latched rule's alarm stays active until reset */
  latchedHold: boolean;
  acked: boolean;
  shelved: boolean;
  outOfService: boolean;
}

/** ISA-18.2: active/normal × acknowledged/not, unless suppressed (out of service) or shelved. */
export function deriveState(f: AlarmFacts): AlarmState {
  if (f.outOfService) return 'out_of_service';
  if (f.shelved) return 'shelved';
  const active = f.conditionActive || f.latchedHold;
  if (active) return f.acked ? 'ack' : 'unack';
  return f.acked ? 'cleared' : 'rtn_unack';
}

export type AlarmEvent =
  | { kind: 'condition'; active: boolean; latched: boolean }
  | { kind: 'ack' }
  | { kind: 'shelve' }
  | { kind: 'unshelve' }
  | { kind: 'reset' }
  | { kind: 'outOfService' }
  | { kind: 'inService' };

/** Why an operator's request does not apply to an alarm in its current state (→ 409). */
export class AlarmConflict extends Error {
  override name = 'AlarmConflict';
}

/**
 * The next facts after an event. Operator events that make no sense in the current state throw an
 * AlarmConflict; condition events never throw (the plant does what it does).
 */
export function applyEvent(f: AlarmFacts, e: AlarmEvent): AlarmFacts {
  const state = deriveState(f);
  switch (e.kind) {
    case 'condition':
      // A re-activation after a return to normal is a new excursion: it needs a new acknowledgement.
      if (e.active && !f.conditionActive && !f.latchedHold) {
        return { ...f, conditionActive: true, latchedHold: e.latched, acked: false };
      }
      return { ...f, conditionActive: e.active, latchedHold: f.latchedHold || (e.active && e.latched) };
    case 'ack':
      if (state !== 'unack' && state !== 'rtn_unack')
        throw new AlarmConflict(`an alarm in state ${state} cannot be acknowledged`);
      return { ...f, acked: true };
    case 'shelve':
      if (state === 'cleared' || state === 'out_of_service')
        throw new AlarmConflict(`an alarm in state ${state} cannot be shelved`);
      return { ...f, shelved: true };
    case 'unshelve':
      if (!f.shelved) throw new AlarmConflict(`the alarm is not shelved (state ${state})`);
      return { ...f, shelved: false };
    case 'reset':
      if (!f.latchedHold) throw new AlarmConflict('only a latched, still held alarm can be reset');
      // ISA-18.2: a latched alarm is reset once the process is back to normal, not while it is still out
      if (f.conditionActive)
        throw new AlarmConflict('the condition is still active; reset it once back to normal');
      return { ...f, latchedHold: false };
    case 'outOfService':
      return { ...f, outOfService: true };
    case 'inService':
      return { ...f, outOfService: false };
  }
}

export const OPEN_STATES: readonly AlarmState[] = ['unack', 'ack', 'rtn_unack', 'shelved', 'out_of_service'];
