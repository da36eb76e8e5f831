// Coercion of a received value to its sensor's type (protocol §3 "Values": numbers, numeric strings
// (`"30"`), strings and objects; sensorTypes.json `type`: number | string | boolean | object).
import type { SensorValue } from '../../../shared/model.js';
import { protocolError, type ProtocolError } from './errors.js';
import type { SensorTypeDef } from './sensor-types.js';

export type CoerceResult = { ok: true; value: SensorValue } | { ok: false; error: ProtocolError };

// Decimal numbers as gateways print them ("30", "-15.687", "23.500000", "1e-05", ".5"); no hex, no
// "Infinity", no empty string (Number() would accept those).
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a decimal numeric string; null when it is not one or is not finite. */
export function parseNumeric(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMERIC.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/**
 * Coerces `raw` to the value type of `def`:
 * - number: finite numbers, numeric strings → number;
 * - string: strings, numbers and booleans → string;
 * - boolean: true/false, "true"/"false" (any case: Python's str() writes "True"), 0/1 and "0"/"1", and
 *   any other member of the type's `values` (sleepStage: 0…3) → a number. Numbers because the catalogue
 *   gives these types numeric `values` ([0,1] with displayValues) and real gateways send 0/1;
 * - object: objects and arrays, JSON strings of them, and strings listed in the type's `values` (tag);
 * - unknown or missing type: kept as is (null and non-finite numbers are still refused).
 */
export function coerceValue(
  def: Pick<SensorTypeDef, 'type' | 'values'> | undefined,
  raw: unknown,
): CoerceResult {
  const type = def?.type;
  const fail = (why: string): CoerceResult => ({
    ok: false,
    error: protocolError('value.invalid', `${why} for a ${type ?? 'untyped'} sensor`, { raw: show(raw) }),
  });
  if (raw === null || raw === undefined) return fail('no value');
  if (typeof raw === 'number' && !Number.isFinite(raw)) return fail('a non-finite number');
  switch (type) {
    case 'number': {
      if (typeof raw === 'number') return { ok: true, value: raw };
      if (typeof raw === 'string') {
        const n = parseNumeric(raw);
        return n === null ? fail('not a number') : { ok: true, value: n };
      }
      return fail('not a number');
    }
    case 'string':
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
      return fail('not a string');
    case 'boolean': {
      const n = booleanAsNumber(raw, def?.values);
      return n === null ? fail('not one of the values') : { ok: true, value: n };
    }
    case 'object':
      return objectValue(raw, def?.values) ?? fail('not an object');
    default:
      if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint')
        return fail('not a value');
      return { ok: true, value: raw as SensorValue };
  }
}

function booleanAsNumber(raw: unknown, values: unknown[] | undefined): number | null {
  if (raw === true) return 1;
  if (raw === false) return 0;
  let n: number | null = null;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const lower = raw.trim().toLowerCase();
    if (lower === 'true') return 1;
    if (lower === 'false') return 0;
    n = parseNumeric(raw);
  }
  if (n === null) return null;
  if (n === 0 || n === 1) return n;
  return Array.isArray(values) && values.includes(n) ? n : null;
}

function objectValue(raw: unknown, values: unknown[] | undefined): CoerceResult | null {
  if (typeof raw === 'object' && raw !== null) return { ok: true, value: raw as SensorValue };
  if (typeof raw !== 'string') return null;
  if (Array.isArray(values) && values.includes(raw)) return { ok: true, value: raw };
  const trimmed = raw.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null ? { ok: true, value: parsed as SensorValue } : null;
  } catch {
    return null;
  }
}

function show(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}
