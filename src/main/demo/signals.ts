// Pure value generators for the demo plant: shift load, slow drift, seeded noise, events. No clock, no
// I/O: every function takes the time it is asked about, so the history (a past week) and the live
// values come from the same formulas and a test can check them at any instant.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A seeded PRNG (mulberry32): the same seed gives the same plant every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stable number from a string (sensor ids seed their own drift phase and noise). */
export function hashSeed(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** Normally distributed noise (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * How hard the plant works at `time`: two shifts on weekdays (06:00–22:00 local, ramping over the first
 * and last half hour, a dip at the 14:00 changeover), a skeleton crew at night and at weekends.
 * `utcOffsetMinutes` places the shifts in the site's local time. 0.1 … 1.
 */
export function shiftLoad(time: number, utcOffsetMinutes: number): number {
  const local = time + utcOffsetMinutes * 60_000;
  const weekday = new Date(local).getUTCDay();
  const hour = (((local % DAY) + DAY) % DAY) / HOUR;
  if (weekday === 0 || weekday === 6) return 0.1;
  const ramp = (h: number): number => Math.min(1, Math.max(0, h / 0.5));
  const up = ramp(hour - 6);
  const down = ramp(22 - hour);
  const base = 0.1 + 0.9 * Math.min(up, down);
  const changeover = Math.abs(hour - 14) < 0.25 ? 0.7 : 1;
  return base * changeover;
}

/** Whether people work at the plant at `time` (the hours the security rule calls "after hours" are the rest). */
export function workingHours(time: number, utcOffsetMinutes: number): boolean {
  return shiftLoad(time, utcOffsetMinutes) > 0.5;
}

/** A slow wander, ±1 at most, over days: bearings wear, filters clog, weather changes. */
export function drift(time: number, seed: number, periodDays = 3): number {
  const phase = (seed % 1000) / 1000;
  const t = time / (periodDays * DAY) + phase;
  return 0.7 * Math.sin(2 * Math.PI * t) + 0.3 * Math.sin(2 * Math.PI * (2.7 * t + phase));
}

/** What one analogue sensor reports: a base, how far load moves it, how far it drifts, its noise. */
export interface SignalSpec {
  base: number;
  /** added at full load (scaled by the load factor) */
  loadGain: number;
  /** amplitude of the slow drift */
  drift: number;
  /** standard deviation of the noise */
  noise: number;
  min: number;
  max: number;
  decimals: number;
  /** the daily outdoor cycle (environment sensors): amplitude, peaking at 15:00 local */
  daily?: number;
}

/** The state of the machine a sensor belongs to, at the instant of a reading. */
export interface Conditions {
  /** 0 … 1 from shiftLoad */
  load: number;
  /** false when the line's relay is off: motors stand still */
  running: boolean;
  /** degrees (or units) added by a fault: the story's overheating motor */
  extra: number;
  utcOffsetMinutes: number;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** One reading of an analogue sensor. */
export function sample(
  spec: SignalSpec,
  time: number,
  seed: number,
  c: Conditions,
  random: () => number,
): number {
  const load = c.running ? c.load : 0;
  const local = time + c.utcOffsetMinutes * 60_000;
  const dayPhase = ((((local % DAY) + DAY) % DAY) / DAY - 15 / 24) * 2 * Math.PI;
  const daily = spec.daily ? spec.daily * Math.cos(dayPhase) : 0;
  const value =
    spec.base +
    spec.loadGain * load +
    spec.drift * drift(time, seed) +
    daily +
    c.extra +
    spec.noise * gaussian(random);
  return round(Math.min(spec.max, Math.max(spec.min, value)), spec.decimals);
}

/** A cumulative energy meter: kWh after `powerW` for `dtMs`. */
export function energyStep(kwh: number, powerW: number, dtMs: number): number {
  return kwh + (Math.max(0, powerW) * dtMs) / HOUR / 1000;
}

/**
 * Event times (door openings, motion) in [from, to): a Poisson process whose rate follows the load, so
 * doors open often during shifts and rarely at night.
 */
export function eventTimes(
  from: number,
  to: number,
  perHourAtFullLoad: number,
  utcOffsetMinutes: number,
  random: () => number,
): number[] {
  const out: number[] = [];
  const stepMs = 60_000;
  for (let t = from; t < to; t += stepMs) {
    const rate = (perHourAtFullLoad * shiftLoad(t, utcOffsetMinutes) * stepMs) / HOUR;
    if (random() < rate) out.push(Math.floor(t + random() * Math.min(stepMs, to - t)));
  }
  return out;
}

/** The overheating motor's extra degrees `seconds` after the fault started (a bearing running dry). */
export function overheatRise(seconds: number, degreesPerSecond: number, maxExtra: number): number {
  return Math.min(maxExtra, Math.max(0, seconds) * degreesPerSecond);
}

/** After the relay cut the motor: the extra heat decays with a time constant of `tauSeconds`. */
export function cooling(extraAtCut: number, secondsSinceCut: number, tauSeconds: number): number {
  return extraAtCut * Math.exp(-Math.max(0, secondsSinceCut) / tauSeconds);
}
