// The fast path for the payloads nearly every gateway sends (protocol §2/§3): plain numbers only,
//   v/a/g/{gw}          {"sid":[t,v,t,v,…],…}
//   v/a/g/{gw}/s/{sid}  t,v,t,v   or   [t,v,t,v]
// read straight into points, without the general scanner's element object, slice and result object per
// number (values.ts/scan.ts made ~8 short-lived objects per value: a third of the broker thread's time
// went to the garbage collector at 100 values per message). Anything else — strings, objects, pairs,
// a time out of range, an odd count, an escaped key, a malformed payload — returns null, and the caller
// parses the message with the general parser, which is the reference: it reports every error and keeps
// the valid parts. So the fast path never has to be lenient or explain anything; it only has to be
// exactly equal to the general parser where it answers (test/main/broker/thingplus/fast-values.test.ts).
import type { ValuePoint } from '../../../shared/model.js';
import { unpack, type PackedBatch } from '../../series/packed.js';
import { isValidSensorId } from './topics.js';
import type { ParsedGatewayValues, SensorPoints } from './values.js';
import { MAX_VALUE_TIME_AHEAD_MS, MIN_VALUE_TIME } from './values.js';

/** exact powers of ten: m / 10^k is correctly rounded for m < 2^53 and k ≤ 22 (Clinger's fast path) */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_FAST_DIGITS = 15;

/** A cursor over one payload; `pos` moves as tokens are read. */
class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else return;
    }
  }

  /** the next character is `ch` (after whitespace): consumed */
  eat(ch: number): boolean {
    this.ws();
    if (this.text.charCodeAt(this.pos) !== ch) return false;
    this.pos++;
    return true;
  }

  /** A JSON number (RFC 8259 §6 grammar, as scan.ts' JSON_NUMBER); NaN when there is none. */
  number(): number {
    this.ws();
    const { text } = this;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === 45; // -
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let c = text.charCodeAt(i);
    if (c === 48) {
      i++; // a leading 0 stands alone
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) return NaN;
    } else if (c >= 49 && c <= 57) {
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        c = text.charCodeAt(++i);
      }
    } else return NaN;
    let fraction = 0;
    if (c === 46) {
      c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) return NaN;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        if (mantissa !== 0) digits++;
        fraction++;
        c = text.charCodeAt(++i);
      }
    }
    let exact = digits <= MAX_FAST_DIGITS && fraction < POW10.length;
    if (c === 101 || c === 69) {
      // e / E: rare from gateways; Number() gets it exactly right
      c = text.charCodeAt(++i);
      if (c === 43 || c === 45) c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) return NaN;
      while (c >= 48 && c <= 57) c = text.charCodeAt(++i);
      exact = false;
    }
    this.pos = i;
    if (!exact) return Number(text.slice(start, i));
    const magnitude = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -magnitude : magnitude;
  }

  /** A quoted key without escapes (an escaped key goes the general way); null when there is none. */
  key(): string | null {
    this.ws();
    const { text } = this;
    if (text.charCodeAt(this.pos) !== 34) return null;
    const end = text.indexOf('"', this.pos + 1);
    if (end < 0) return null;
    const key = text.slice(this.pos + 1, end);
    if (key.includes('\\')) return null;
    this.pos = end + 1;
    return key;
  }

  /** the next key is exactly `key` (after whitespace): consumed, without a copy of it */
  keyIs(key: string): boolean {
    this.ws();
    const { text, pos } = this;
    if (text.charCodeAt(pos) !== 34 || text.charCodeAt(pos + 1 + key.length) !== 34) return false;
    if (!text.startsWith(key, pos + 1)) return false;
    this.pos = pos + key.length + 2;
    return true;
  }

  atEnd(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }
}

/**
 * Points are read into reused typed arrays (grown as needed) and copied out at their exact size, as
 * packed arrays (series/packed.ts) or, for the object API, as points.
 */
let times = new Float64Array(1024);
let values = new Float64Array(1024);
/** points read so far in this payload (all sensors) */
let count = 0;
let ends = new Uint32Array(256);

function room(): void {
  if (count < times.length) return;
  const t = new Float64Array(times.length * 2);
  t.set(times);
  times = t;
  const v = new Float64Array(values.length * 2);
  v.set(values);
  values = v;
}

/**
 * `t,v,t,v…` up to `closer` (93 `]`) or the end of the text (closer -1) into the scratch arrays from
 * `count`; false when anything is not a plain finite number, a time is out of range, or a time has no
 * value.
 */
function readPairs(r: Reader, closer: number, now: number): boolean {
  if (closer !== -1 && r.eat(closer)) return true;
  for (;;) {
    const rawTime = r.number();
    if (!r.eat(44)) return false; // ,
    const value = r.number();
    if (!Number.isFinite(rawTime) || !Number.isFinite(value)) return false;
    const time = Math.floor(rawTime);
    if (time < MIN_VALUE_TIME || time > now + MAX_VALUE_TIME_AHEAD_MS) return false;
    room();
    times[count] = time;
    values[count++] = value;
    if (r.eat(44)) continue;
    if (closer === -1) return r.atEnd();
    return r.eat(closer);
  }
}

function packed(sensorIds: string[]): PackedBatch {
  return {
    sensorIds,
    ends: ends.slice(0, sensorIds.length),
    times: times.slice(0, count),
    values: values.slice(0, count),
  };
}

/**
 * Sensor ids seen in payloads, each mapped to its canonical string and the number of the last payload
 * that named it: a repeated key is found without a map per message, and the points keep the canonical
 * string (long-lived anyway) instead of a fresh slice that would live until the commit. Bounded: cleared
 * when it outgrows any real site (junk keys cannot grow it without limit).
 */
const keys = new Map<string, { key: string; seen: number }>();
const MAX_KEYS = 200_000;
let payloadNo = 0;

/**
 * `{"sid":[t,v,…],…}` of plain numbers, packed, or null (parse it with `parseGatewayValues`).
 * `repeated`: a sensor is named twice (the packed form lists it twice; `fastGatewayValues` merges).
 * `hint`: the sensor ids of the gateway's previous message, tried first at each position: a key
 * that matches is taken without a copy of it.
 */
export function fastGatewayPacked(
  text: string,
  now: number,
  hint?: readonly string[],
): { packed: PackedBatch; repeated: boolean } | null {
  const r = new Reader(text);
  if (!r.eat(123)) return null; // {
  count = 0;
  if (r.eat(125)) return r.atEnd() ? { packed: packed([]), repeated: false } : null;
  const no = ++payloadNo;
  let repeated = false;
  const sensorIds: string[] = [];
  for (;;) {
    // the gateway's last message named the same sensors in the same order, most likely
    const expected = hint?.[sensorIds.length];
    const raw = expected !== undefined && r.keyIs(expected) ? expected : r.key();
    if (raw === null || !r.eat(58) || !r.eat(91)) return null; // : [
    let known = keys.get(raw);
    if (!known) {
      if (!isValidSensorId(raw)) return null;
      if (keys.size >= MAX_KEYS) keys.clear();
      known = { key: raw, seen: 0 };
      keys.set(raw, known);
    }
    if (known.seen === no) repeated = true;
    known.seen = no;
    if (!readPairs(r, 93, now)) return null;
    if (sensorIds.length === ends.length) {
      const e = new Uint32Array(ends.length * 2);
      e.set(ends);
      ends = e;
    }
    ends[sensorIds.length] = count;
    sensorIds.push(known.key);
    if (r.eat(44)) continue;
    if (r.eat(125) && r.atEnd()) return { packed: packed(sensorIds), repeated };
    return null;
  }
}

/** `{"sid":[t,v,…],…}` of plain numbers, or null (parse it with `parseGatewayValues`). */
export function fastGatewayValues(text: string, now: number): ParsedGatewayValues | null {
  const fast = fastGatewayPacked(text, now);
  if (!fast) return null;
  const sensors: SensorPoints[] = unpack(fast.packed);
  return { sensors: fast.repeated ? mergeRepeated(sensors) : sensors, errors: [] };
}

/** a repeated key merges into its first entry, as the general parser does (rare: not worth a fast path) */
export function mergeRepeated(sensors: SensorPoints[]): SensorPoints[] {
  const byId = new Map<string, SensorPoints>();
  for (const s of sensors) {
    const first = byId.get(s.sensorId);
    if (first) first.points.push(...s.points);
    else byId.set(s.sensorId, s);
  }
  return [...byId.values()];
}

/** `t,v,…` or `[t,v,…]` of plain numbers for `sensorId`, packed, or null (see `parseSensorValues`). */
export function fastSensorPacked(text: string, now: number, sensorId: string): PackedBatch | null {
  const r = new Reader(text);
  count = 0;
  if (r.eat(91)) {
    // an empty array is an error in neither parser, but leave the odd cases to the general one
    if (!(readPairs(r, 93, now) && count > 0 && r.atEnd())) return null;
  } else if (!readPairs(r, -1, now)) return null;
  ends[0] = count;
  return packed([sensorId]);
}

/** `t,v,…` or `[t,v,…]` of plain numbers, or null (parse it with `parseSensorValues`). */
export function fastSensorValues(text: string, now: number): ValuePoint[] | null {
  const p = fastSensorPacked(text, now, '');
  return p ? unpack(p)[0]!.points : null;
}
