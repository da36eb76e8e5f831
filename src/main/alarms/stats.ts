import type { AlarmStats } from '../../shared/api.js';
import type { Alarm } from '../../shared/model.js';

export const HOUR_MS = 3_600_000;
/** ISA-18.2 / EEMUA 191: more than 10 alarms in 10 minutes is a flood an operator cannot handle */
export const FLOOD_WINDOW_MS = 10 * 60_000;
export const FLOOD_MORE_THAN = 10;
/** the same alarm raised this often within a minute is chattering */
export const CHATTER_WINDOW_MS = 60_000;
export const CHATTER_AT_LEAST = 3;
/** an alarm standing this long is stale: it no longer tells anyone anything */
export const STALE_AFTER_MS = 24 * HOUR_MS;

/** What the statistics need of an alarm raised in the range. */
export type RaisedAlarm = Pick<Alarm, 'ruleId' | 'ruleName' | 'gatewayId' | 'sensorId' | 'raisedAt'>;

export interface StatsInput {
  /** raisedAt bounds: from inclusive, to exclusive */
  from: number;
  to: number;
  now: number;
  /** the alarms raised in [from, to), any order */
  raised: readonly RaisedAlarm[];
  /** the alarms open now (stale ones are judged at `now`, whatever the range) */
  open: readonly Alarm[];
}

/** Alarm-system performance figures (ISA-18.2 §16): pure, so the thresholds are tested by table. */
export function alarmStats(input: StatsInput): AlarmStats {
  const times = input.raised.map((a) => a.raisedAt).sort((a, b) => a - b);
  return {
    from: input.from,
    to: input.to,
    perHour: perHour(times, input.from, input.to),
    floods: floods(times),
    chattering: chattering(input.raised),
    stale: stale(input.open, input.now),
  };
}

/** Every hour that overlaps the range, zeros included, so a chart has no gaps to guess about. */
function perHour(sorted: readonly number[], from: number, to: number): AlarmStats['perHour'] {
  const out: AlarmStats['perHour'] = [];
  const first = Math.floor(from / HOUR_MS) * HOUR_MS;
  for (let hour = first; hour < to; hour += HOUR_MS) out.push({ hour, count: 0 });
  for (const t of sorted) {
    const bucket = out[Math.floor((t - first) / HOUR_MS)];
    if (bucket) bucket.count += 1;
  }
  return out;
}

/**
 * Windows of FLOOD_WINDOW_MS holding more than FLOOD_MORE_THAN raises; windows that share a raise are one
 * flood, reported from its first raise to its last.
 */
function floods(sorted: readonly number[]): AlarmStats['floods'] {
  const out: Array<{ first: number; last: number }> = [];
  let i = 0;
  for (let j = 0; j < sorted.length; j++) {
    while (sorted[j] - sorted[i] >= FLOOD_WINDOW_MS) i++;
    if (j - i + 1 <= FLOOD_MORE_THAN) continue;
    const current = out.at(-1);
    if (current && i <= current.last) current.last = j;
    else out.push({ first: i, last: j });
  }
  return out.map(({ first, last }) => ({
    start: sorted[first],
    end: sorted[last],
    count: last - first + 1,
  }));
}

/** Rule+sensor pairs raised CHATTER_AT_LEAST times within CHATTER_WINDOW_MS; count = raises in the range. */
function chattering(raised: readonly RaisedAlarm[]): AlarmStats['chattering'] {
  const groups = new Map<string, RaisedAlarm[]>();
  for (const a of raised) {
    const k = `${a.ruleId}\u0000${a.gatewayId}\u0000${a.sensorId}`;
    const group = groups.get(k);
    if (group) group.push(a);
    else groups.set(k, [a]);
  }
  const out: AlarmStats['chattering'] = [];
  for (const group of groups.values()) {
    const times = group.map((a) => a.raisedAt).sort((a, b) => a - b);
    const chatters = times.some(
      (t, j) => j >= CHATTER_AT_LEAST - 1 && t - times[j - CHATTER_AT_LEAST + 1] < CHATTER_WINDOW_MS,
    );
    if (!chatters) continue;
    // the newest raise carries the rule's current name
    const newest = group.reduce((a, b) => (b.raisedAt > a.raisedAt ? b : a));
    out.push({
      ruleId: newest.ruleId,
      ruleName: newest.ruleName,
      gatewayId: newest.gatewayId,
      sensorId: newest.sensorId,
      count: group.length,
    });
  }
  return out.sort((a, b) => b.count - a.count || a.ruleId - b.ruleId);
}

/** Alarms still in alarm (active, acknowledged or not) after STALE_AFTER_MS, oldest first. */
function stale(open: readonly Alarm[], now: number): AlarmStats['stale'] {
  return open
    .filter((a) => (a.state === 'unack' || a.state === 'ack') && now - a.raisedAt > STALE_AFTER_MS)
    .sort((a, b) => a.raisedAt - b.raisedAt || a.id - b.id)
    .map((a) => ({
      id: a.id,
      ruleName: a.ruleName,
      gatewayId: a.gatewayId,
      sensorId: a.sensorId,
      raisedAt: a.raisedAt,
    }));
}
