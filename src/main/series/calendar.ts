import { DAY, HOUR } from './rollup.js';

export type TimeUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Most buckets one stats request may produce (an hourly stats over ~11 years). */
export const MAX_CALENDAR_BUCKETS = 100_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // throws RangeError for an unknown zone, which is what the caller should see
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** wall-clock time in `timeZone` minus UTC at instant t, in ms */
function offsetAt(t: number, timeZone: string | undefined): number {
  if (timeZone === undefined || timeZone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** instant at which the zone's wall clock shows `wall` (two passes settle the offset across DST) */
function fromWall(wall: number, timeZone: string | undefined): number {
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** start (as a wall-clock ms value) of the unit holding wall-clock time `wall`, and of the next one */
function unitOf(wall: number, unit: TimeUnit): [number, number] {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (unit) {
    case 'hour': {
      const s = Math.floor(wall / HOUR) * HOUR;
      return [s, s + HOUR];
    }
    case 'day': {
      const s = Date.UTC(y, m, day);
      return [s, s + DAY];
    }
    case 'week': {
      // ISO weeks: Monday 00:00
      const s = Date.UTC(y, m, day - ((d.getUTCDay() + 6) % 7));
      return [s, Date.UTC(y, m, day - ((d.getUTCDay() + 6) % 7) + 7)];
    }
    case 'month':
      return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
    case 'year':
      return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
  }
}

/**
 * Calendar bucket starts covering [from, to): the first is the start of the unit holding `from` (so it
 * may be before `from`), each next one the following unit's start, in `timeZone` (default UTC).
 */
export function calendarBoundaries(from: number, to: number, unit: TimeUnit, timeZone?: string): number[] {
  const out: number[] = [];
  let wall = from + offsetAt(from, timeZone);
  let [start, next] = unitOf(wall, unit);
  out.push(Math.min(fromWall(start, timeZone), from));
  for (;;) {
    const t = fromWall(next, timeZone);
    if (t >= to) return out;
    if (t > out[out.length - 1]) out.push(t);
    if (out.length > MAX_CALENDAR_BUCKETS) {
      throw new RangeError(`stats would return more than ${MAX_CALENDAR_BUCKETS} buckets`);
    }
    wall = next;
    [start, next] = unitOf(wall, unit);
  }
}
