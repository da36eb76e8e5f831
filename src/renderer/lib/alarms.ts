// Pure helpers for the alarms page and the header's alarm count (no DOM, no React).
import type { Alarm, AlarmState, Severity } from '../../shared/model.js';

const SEVERITY_RANK: Record<Severity, number> = { fatal: 0, warning: 1, information: 2 };

export const isOpen = (a: Alarm): boolean => a.state !== 'cleared';

/** ISA-18.2 asks operators to take the worst first and, within a severity, the one waiting longest. */
export function sortOpen(alarms: readonly Alarm[]): Alarm[] {
  return [...alarms].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt - b.raisedAt || a.id - b.id,
  );
}

/** Still waiting for an operator: active or returned to normal, not acknowledged yet. */
export const needsAck = (a: Alarm): boolean => a.state === 'unack' || a.state === 'rtn_unack';

export interface AlarmSummary {
  /** open alarms nobody has acknowledged */
  unacked: number;
  /** the worst severity among those (null: none) */
  worst: Severity | null;
}

export function summarize(open: readonly Alarm[]): AlarmSummary {
  let unacked = 0;
  let worst: Severity | null = null;
  for (const a of open) {
    if (!needsAck(a)) continue;
    unacked += 1;
    if (worst === null || SEVERITY_RANK[a.severity] < SEVERITY_RANK[worst]) worst = a.severity;
  }
  return { unacked, worst };
}

/**
 * The summary with the replication problems a node sees but could not record yet (a lost quorum):
 * they need an operator's eye as much as an unacknowledged alarm, so they count and colour too.
 */
export function withUnrecorded(
  summary: AlarmSummary,
  problems: readonly { severity: Severity; recorded: boolean }[],
): AlarmSummary {
  let { unacked, worst } = summary;
  for (const p of problems) {
    if (p.recorded) continue;
    unacked += 1;
    if (worst === null || SEVERITY_RANK[p.severity] < SEVERITY_RANK[worst]) worst = p.severity;
  }
  return { unacked, worst };
}

/**
 * The open list after a live change: a cleared alarm leaves it, any other replaces its older copy or joins.
 * Changes are applied in arrival order, so the newest copy always wins.
 */
export function applyAlarm(open: readonly Alarm[], alarm: Alarm): Alarm[] {
  const rest = open.filter((a) => a.id !== alarm.id);
  return isOpen(alarm) ? [...rest, alarm] : rest;
}

/**
 * Whether a live change is a new fatal alarm an operator must hear: raised, or active again after a
 * return to normal (both arrive as `unack`); acknowledging or unshelving one is not news.
 */
export function isNewFatal(before: Alarm | undefined, after: Alarm): boolean {
  if (after.severity !== 'fatal' || after.state !== 'unack') return false;
  return before === undefined || before.state === 'rtn_unack';
}

/** Which operator actions apply (the site answers 409 when the facts behind the state say otherwise). */
export function actionsFor(a: Alarm, latched: boolean): Array<'ack' | 'shelve' | 'unshelve' | 'reset'> {
  const out: Array<'ack' | 'shelve' | 'unshelve' | 'reset'> = [];
  if (needsAck(a)) out.push('ack');
  if (a.state === 'shelved') out.push('unshelve');
  else if (a.state !== 'cleared' && a.state !== 'out_of_service') out.push('shelve');
  // a latched alarm is held until reset, which the site allows once the value is back to normal
  if (latched && (a.state === 'ack' || a.state === 'unack')) out.push('reset');
  return out;
}

/** The shelve form's minutes: a whole number from 1 to the site's maximum, else the message key. */
export function checkShelveMinutes(raw: string, max: number): { minutes: number } | { error: string } {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return { error: 'alarms.error.minutes' };
  const minutes = Number(text);
  if (minutes < 1 || minutes > max) return { error: 'alarms.error.minutesRange' };
  return { minutes };
}

export const STATE_CLASS: Record<AlarmState, string> = {
  unack: 'badge-bad',
  ack: 'badge-warn',
  rtn_unack: 'badge-info',
  cleared: 'badge-ok',
  shelved: 'badge-off',
  out_of_service: 'badge-none',
};
