// Sensor values (protocol §2, §3 "Values"):
//   v/a/g/{gw}/s/{sid}  CSV `t,v[,t,v]*` or JSON array `[t,v,…]`
//   v/a/g/{gw}          JSON object `{"{sid}":[t,v,t,v,…],…}`
// Values are numbers, numeric strings, strings, booleans and objects; times are epoch ms. A bad pair is
// rejected on its own and the valid pairs of the batch are kept, in the order given (ordering and
// duplicates are the store's business).
import type { SensorValue, ValuePoint } from '../../../shared/model.js';
import { protocolError, type ProtocolError } from './errors.js';
import { scanList, scanObjectOfLists, skipWs, type Element } from './scan.js';
import { isValidSensorId } from './topics.js';

/** Earliest accepted time: 2000-01-01T00:00:00Z. Anything earlier is a gateway without a clock (or seconds). */
export const MIN_VALUE_TIME = Date.UTC(2000, 0, 1);
/** Latest accepted time, relative to `now`: one year ahead (a wildly wrong clock, or microseconds). */
export const MAX_VALUE_TIME_AHEAD_MS = 365 * 24 * 3600 * 1000;

export interface ParseValuesOptions {
  /** the receive time, for the upper time bound; defaults to Date.now() */
  now?: number;
}

export interface ParsedValues {
  points: ValuePoint[];
  errors: ProtocolError[];
}

export interface SensorPoints {
  sensorId: string;
  points: ValuePoint[];
}

export interface ParsedGatewayValues {
  /** one entry per sensor, in the order of the payload (a repeated key is merged into its first entry) */
  sensors: SensorPoints[];
  errors: ProtocolError[];
}

/**
 * Parses the payload of `v/a/g/{gw}/s/{sid}`. Forms: CSV `t,v,t,v`; JSON array `[t,v,t,v]`; and a JSON
 * array of pairs `[[t,v],[t,v]]` (the upstream MQTT page: "Json array of time and value pair is also
 * accepted"; unambiguous, since a time is never an array). CSV values may be JSON texts (objects,
 * arrays, "quoted strings" with JSON escapes), so `t,{"lat":37.1,"lng":127.2}` works.
 */
export function parseSensorValues(
  text: string,
  options: ParseValuesOptions = {},
  sensorId?: string,
): ParsedValues {
  const now = options.now ?? Date.now();
  const start = skipWs(text, 0);
  const errors: ProtocolError[] = [];
  const ctx = sensorId === undefined ? {} : { sensorId };
  if (start >= text.length) {
    return { points: [], errors: [protocolError('payload.malformed', 'empty payload', ctx)] };
  }
  const first = text[start];
  if (first === '{') {
    return {
      points: [],
      errors: [
        protocolError('payload.malformed', 'a JSON object is not a sensor value payload', {
          ...ctx,
          raw: text,
        }),
      ],
    };
  }
  let elements: Element[];
  if (first === '[') {
    const list = scanList(text, start + 1, ']');
    elements = list.elements;
    if (list.fatal !== undefined) {
      errors.push(protocolError('payload.malformed', `JSON array: ${list.fatal}`, { ...ctx, raw: text }));
    } else if (skipWs(text, list.end) < text.length) {
      errors.push(
        protocolError('payload.malformed', 'unexpected text after the JSON array', { ...ctx, raw: text }),
      );
    }
  } else {
    elements = scanList(text, start, null).elements;
  }
  const points = isPairArray(elements)
    ? pairsToPoints(elements, now, errors, sensorId)
    : flatToPoints(elements, now, errors, sensorId);
  // errors of individual pairs come after a structural error, in payload order
  return { points, errors };
}

/**
 * Parses the payload of `v/a/g/{gw}`: `{"sid":[t,v,…],…}`. Invalid sensor ids and entries that are not
 * arrays are reported and skipped; the other sensors are kept.
 */
export function parseGatewayValues(text: string, options: ParseValuesOptions = {}): ParsedGatewayValues {
  const now = options.now ?? Date.now();
  const errors: ProtocolError[] = [];
  if (skipWs(text, 0) >= text.length) {
    return { sensors: [], errors: [protocolError('payload.malformed', 'empty payload')] };
  }
  const scan = scanObjectOfLists(text);
  const bySensor = new Map<string, SensorPoints>();
  for (const entry of scan.entries) {
    if (!isValidSensorId(entry.key)) {
      errors.push(
        protocolError('sensorId.invalid', `invalid sensor id ${JSON.stringify(entry.key)}`, {
          raw: entry.key,
        }),
      );
      continue;
    }
    if (entry.elements === undefined) {
      errors.push(protocolError('payload.malformed', entry.error ?? 'not an array', { sensorId: entry.key }));
      continue;
    }
    const points = isPairArray(entry.elements)
      ? pairsToPoints(entry.elements, now, errors, entry.key)
      : flatToPoints(entry.elements, now, errors, entry.key);
    const existing = bySensor.get(entry.key);
    if (existing) existing.points.push(...points);
    else bySensor.set(entry.key, { sensorId: entry.key, points });
  }
  if (scan.fatal !== undefined) {
    errors.push(protocolError('payload.malformed', `gateway values: ${scan.fatal}`, { raw: text }));
  }
  return { sensors: [...bySensor.values()], errors };
}

function isPairArray(elements: Element[]): boolean {
  const head = elements[0];
  return head !== undefined && head.ok && Array.isArray(head.value);
}

function flatToPoints(
  elements: Element[],
  now: number,
  errors: ProtocolError[],
  sensorId?: string,
): ValuePoint[] {
  const points: ValuePoint[] = [];
  const pairs = Math.floor(elements.length / 2);
  for (let i = 0; i < pairs; i++) {
    const point = toPoint(elements[2 * i], elements[2 * i + 1], i, now, errors, sensorId);
    if (point) points.push(point);
  }
  if (elements.length % 2 === 1) {
    const last = elements[elements.length - 1];
    errors.push(
      protocolError('pair.incomplete', `time without a value at pair ${pairs}`, {
        sensorId,
        index: pairs,
        raw: last.raw,
      }),
    );
  }
  return points;
}

function pairsToPoints(
  elements: Element[],
  now: number,
  errors: ProtocolError[],
  sensorId?: string,
): ValuePoint[] {
  const points: ValuePoint[] = [];
  elements.forEach((el, i) => {
    if (!el.ok || !Array.isArray(el.value) || el.value.length !== 2) {
      errors.push(
        protocolError('pair.incomplete', `pair ${i} is not [t,v]`, { sensorId, index: i, raw: el.raw }),
      );
      return;
    }
    const [t, v] = el.value as [unknown, unknown];
    const point = toPoint(jsonElement(t), jsonElement(v), i, now, errors, sensorId);
    if (point) points.push(point);
  });
  return points;
}

function jsonElement(value: unknown): Element {
  return { ok: true, value, raw: JSON.stringify(value) ?? String(value) };
}

function toPoint(
  t: Element,
  v: Element,
  index: number,
  now: number,
  errors: ProtocolError[],
  sensorId?: string,
): ValuePoint | null {
  const time = parseTime(t, now);
  if (typeof time === 'string') {
    errors.push(protocolError('time.invalid', `pair ${index}: ${time}`, { sensorId, index, raw: t.raw }));
    return null;
  }
  const value = checkValue(v);
  if (typeof value === 'string') {
    errors.push(protocolError('value.invalid', `pair ${index}: ${value}`, { sensorId, index, raw: v.raw }));
    return null;
  }
  return { time, value: value.value };
}

// protocol §2: "{time}: the number of milliseconds since 1970/01/01"; numeric strings are tolerated.
const NUMERIC_TIME = /^\s*\d+(?:\.\d*)?\s*$/;

/**
 * A time from a number or a numeric string, floored to whole ms, within
 * [MIN_VALUE_TIME, now + MAX_VALUE_TIME_AHEAD_MS]. Returns the reason as a string when it is not.
 */
export function parseTime(el: Element, now: number): number | string {
  if (!el.ok) return `time ${el.reason}`;
  const raw = el.value;
  let t: number;
  if (typeof raw === 'number') t = raw;
  else if (typeof raw === 'string' && NUMERIC_TIME.test(raw)) t = Number(raw);
  else return 'time is not a number';
  if (!Number.isFinite(t)) return 'time is not finite';
  t = Math.floor(t);
  if (t < MIN_VALUE_TIME) {
    return t > 0 && t < 1e11 ? 'time is before 2000 (seconds instead of ms?)' : 'time is before 2000';
  }
  if (t > now + MAX_VALUE_TIME_AHEAD_MS) return 'time is more than a year ahead';
  return t;
}

function checkValue(el: Element): { value: SensorValue } | string {
  if (!el.ok) return `value ${el.reason}`;
  const value = el.value;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? { value } : 'value is not finite';
    case 'string':
    case 'boolean':
      return { value };
    case 'object':
      if (value === null) return 'value is null';
      return { value: value as SensorValue };
    default:
      return `value of type ${typeof value}`;
  }
}
