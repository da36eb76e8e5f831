import type { SensorValue } from '../../../shared/model.js';
import type { ByteReader } from './bytes.js';
import { ByteWriter } from './bytes.js';

/**
 * Tagged value stream shared by the ingest log and chunk codec v1. Sensor values are mostly small
 * decimals ("23.5") that repeat, so besides exact float64 there are scaled-decimal and repeat tags:
 * 23.5 costs 3 bytes instead of 9, an unchanged reading 1 byte.
 *
 * Round-trip contract: numbers exactly (including -0, ±Infinity and NaN, although NaN is rejected
 * upstream), strings stay strings even when they look like numbers, booleans, null; objects and
 * arrays go through JSON, so they round-trip as JSON data (an `undefined` member disappears, -0
 * inside an object becomes 0), which is what they were when the gateway sent them.
 */
const T_FALSE = 0;
const T_TRUE = 1;
const T_INT = 2;
const T_F64 = 3;
const T_STR = 4;
const T_JSON = 5;
const T_REPEAT = 6;
const T_NULL = 7;
/** T_DEC + k: zigzag mantissa m, value = m / 10^k */
const T_DEC = 0x10;
const MAX_DEC_SCALE = 6;
/** keeps zigzag(m) ≤ 2^52, exact in float64 */
const MAX_INT = 2 ** 51;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

export class ValueEncoder {
  private prev: unknown = undefined;
  private hasPrev = false;

  constructor(private readonly w: ByteWriter) {}

  write(v: SensorValue | null): void {
    const w = this.w;
    if (this.hasPrev && (v === null || typeof v !== 'object') && Object.is(v, this.prev)) {
      w.byte(T_REPEAT);
      return;
    }
    this.prev = v;
    this.hasPrev = true;
    if (v === null) w.byte(T_NULL);
    else if (typeof v === 'number') writeNumber(w, v);
    else if (typeof v === 'string') {
      w.byte(T_STR);
      w.string(v);
    } else if (typeof v === 'boolean') w.byte(v ? T_TRUE : T_FALSE);
    else if (typeof v === 'object') {
      w.byte(T_JSON);
      w.string(JSON.stringify(v));
    } else throw new TypeError(`unsupported sensor value type: ${typeof v}`);
  }
}

/**
 * values[start, end) as ValueEncoder writes them (the same bytes), for a stream of numbers only: the
 * previous value stays a plain double, where the encoder's field boxed every number it kept.
 */
export function writeNumbers(w: ByteWriter, values: Float64Array, start: number, end: number): void {
  let prev = 0;
  for (let k = start; k < end; k++) {
    const v = values[k];
    if (k > start && Object.is(v, prev)) w.byte(T_REPEAT);
    else writeNumber(w, v);
    prev = v;
  }
}

function writeNumber(w: ByteWriter, v: number): void {
  if (Number.isInteger(v)) {
    if (Math.abs(v) <= MAX_INT && !Object.is(v, -0)) {
      w.byte(T_INT);
      w.zigzag(v);
      return;
    }
  } else if (Number.isFinite(v)) {
    for (let k = 1; k <= MAX_DEC_SCALE; k++) {
      const m = Math.round(v * POW10[k]);
      if (Math.abs(m) > MAX_INT) break;
      // division by a power of ten is correctly rounded, so this equality guarantees an exact decode
      if (m / POW10[k] === v) {
        w.byte(T_DEC + k);
        w.zigzag(m);
        return;
      }
    }
  }
  w.byte(T_F64);
  w.float64(v);
}

export class ValueDecoder {
  private prev: SensorValue | null = null;

  constructor(private readonly r: ByteReader) {}

  read(): SensorValue {
    const r = this.r;
    const tag = r.byte();
    let v: SensorValue | null;
    switch (tag) {
      case T_REPEAT:
        return this.prev as SensorValue;
      case T_FALSE:
        v = false;
        break;
      case T_TRUE:
        v = true;
        break;
      case T_NULL:
        v = null;
        break;
      case T_INT:
        v = r.zigzag();
        break;
      case T_F64:
        v = r.float64();
        break;
      case T_STR:
        v = r.string();
        break;
      case T_JSON:
        v = JSON.parse(r.string()) as SensorValue;
        break;
      default:
        if (tag > T_DEC && tag <= T_DEC + MAX_DEC_SCALE) {
          v = r.zigzag() / POW10[tag - T_DEC];
          break;
        }
        throw new RangeError(`unknown value tag ${tag}`);
    }
    this.prev = v;
    // null is not a SensorValue but JSON payloads can carry it; it is stored as given
    return v as SensorValue;
  }
}

export function encodeValues(values: SensorValue[]): Buffer {
  const w = new ByteWriter();
  const enc = new ValueEncoder(w);
  for (const v of values) enc.write(v);
  return w.finish();
}
