// Pure helpers over the Thing+ sensor type catalogue (GET /api/v1/sensorTypes): actuator commands with
// their options, decimal places, and sensor values as shown (state words for on/off-like sensors).
import type { CommandParamDef, SensorTypeDef } from '../../shared/catalogue.js';
import type { SensorValue } from '../../shared/model.js';
import { actuatorCommands } from './actuator.js';
import { EMPTY, formatFixed, formatUnit, formatValue } from './format.js';

export interface CommandDef {
  cmd: string;
  options: CommandParamDef[];
}

/** The type's commands from the catalogue; without an entry, the built-in option-less fallback. */
export function commandsFor(type: string, types: readonly SensorTypeDef[] | null | undefined): CommandDef[] {
  const def = types?.find((t) => t.id === type);
  if (def?.commands && Object.keys(def.commands).length > 0) {
    return Object.entries(def.commands).map(([cmd, options]) => ({
      cmd,
      options: Array.isArray(options) ? options : [],
    }));
  }
  return actuatorCommands(type).map((cmd) => ({ cmd, options: [] }));
}

export type OptionInputs = Record<string, string | boolean>;

/** Form values to start from: the definitions' defaults (checkboxes false, others empty). */
export function initialOptionInputs(defs: readonly CommandParamDef[]): OptionInputs {
  const inputs: OptionInputs = {};
  for (const d of defs) {
    if (d.type === 'checkbox') inputs[d.name] = d.default === true || d.default === 'true';
    else inputs[d.name] = d.default === undefined || d.default === null ? '' : String(d.default);
  }
  return inputs;
}

export type OptionError =
  | { name: string; kind: 'required' }
  | { name: string; kind: 'number' }
  | { name: string; kind: 'min'; limit: number }
  | { name: string; kind: 'max'; limit: number };

/**
 * Form inputs → the command's `options` per the definitions: numbers parsed and range-checked, empty
 * optional fields left out, checkboxes as booleans. Returns the errors instead when any input is wrong.
 */
export function buildOptions(
  defs: readonly CommandParamDef[],
  inputs: OptionInputs,
): { options: Record<string, unknown>; errors: OptionError[] } {
  const options: Record<string, unknown> = {};
  const errors: OptionError[] = [];
  for (const d of defs) {
    const raw = inputs[d.name];
    if (d.type === 'checkbox') {
      options[d.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') {
      if (d.required) errors.push({ name: d.name, kind: 'required' });
      continue;
    }
    if (d.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) {
        errors.push({ name: d.name, kind: 'number' });
        continue;
      }
      if (typeof d.min === 'number' && n < d.min) errors.push({ name: d.name, kind: 'min', limit: d.min });
      else if (typeof d.max === 'number' && n > d.max)
        errors.push({ name: d.name, kind: 'max', limit: d.max });
      else options[d.name] = n;
      continue;
    }
    options[d.name] = typeof raw === 'string' ? raw : String(raw);
  }
  return errors.length ? { options: {}, errors } : { options, errors };
}

/** The type's decimalPlace (a whole number from 0 to 10), or undefined when the catalogue has none. */
export function decimalPlaceOf(
  type: string | undefined,
  types: readonly SensorTypeDef[] | null | undefined,
): number | undefined {
  const dp = types?.find((t) => t.id === type)?.decimalPlace;
  return typeof dp === 'number' && Number.isInteger(dp) && dp >= 0 && dp <= 10 ? dp : undefined;
}

/**
 * A value with the type's decimal places, fixed and grouped (24.3, 20.0, 19,208.090), for tables of raw
 * values where the decimals line up; else (and everything but numbers) as formatValue shows it.
 */
export function formatDecimal(v: SensorValue | null | undefined, decimalPlace: number | undefined): string {
  if (typeof v === 'number' && Number.isFinite(v) && decimalPlace !== undefined) {
    return formatFixed(v, decimalPlace);
  }
  return formatValue(v);
}

/** on / off of a switch-like value: 1/0, true/false, "on"/"off", an actuator's answer {cmd: "on"}. */
function onOff(v: SensorValue): 'on' | 'off' | null {
  const x = v && typeof v === 'object' && !Array.isArray(v) && typeof v.cmd === 'string' ? v.cmd : v;
  if (x === 1 || x === true || x === 'on' || x === '1') return 'on';
  if (x === 0 || x === false || x === 'off' || x === '0') return 'off';
  return null;
}

/** A value compared with the catalogue's `values` (numbers there): true → 1, "1" → 1. */
function asLevel(v: SensorValue): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

/**
 * The state a state-like sensor's value stands for, as the catalogue names it: its `displayValues` for
 * its `values` (onoff 1 → "on", door 1 → "opened", powerControllerState 0 → "overload off"); on/off for
 * actuators (powerSwitch…) and two-state types without names. null for measurements and free text.
 */
export function stateWord(
  v: SensorValue | null | undefined,
  def: SensorTypeDef | undefined,
  category?: string,
): string | null {
  if (v === null || v === undefined) return null;
  const values = Array.isArray(def?.values) ? def.values : [];
  const words = Array.isArray(def?.displayValues) ? (def.displayValues as unknown[]) : [];
  if (values.length > 0 && words.length === values.length) {
    const i = values.indexOf(asLevel(v));
    if (i >= 0 && typeof words[i] === 'string') return words[i];
    if (typeof v === 'string' && words.includes(v)) return v;
  }
  return category === 'actuator' || def?.type === 'boolean' ? onOff(v) : null;
}

/** i18next's t, as far as the value texts need it. */
export type Translate = (key: string, options: { defaultValue: string }) => string;

/** A state word in the console's language ("on" → "On" / "켜짐"); words without a translation as they are. */
export function stateText(word: string, t: Translate): string {
  return t(`sensorState.${word}`, { defaultValue: word });
}

/** What a sensor's value is shown as: its text, and the unit beside it (none for a state word). */
export interface ValueText {
  text: string;
  unit: string;
  /** the catalogue's state word when the value is a state ("on", "closed"), else null */
  state: string | null;
}

/**
 * A sensor's value as every page shows it: a state-like sensor's state in words (unit-less: "On", "켜짐",
 * "Open"); any other value by formatValue (numbers by formatMeasure: "19,208.09") with the sensor's unit.
 * `fixed`: numbers with the type's decimalPlace instead (formatDecimal), for a table of raw values.
 */
export function sensorValueText(
  v: SensorValue | null | undefined,
  sensor: { type?: string; category?: string; unit?: string | null } | null | undefined,
  types: readonly SensorTypeDef[] | null | undefined,
  t: Translate,
  fixed = false,
): ValueText {
  const def = sensor?.type ? types?.find((x) => x.id === sensor.type) : undefined;
  const state = stateWord(v, def, sensor?.category);
  if (state !== null) return { text: stateText(state, t), unit: '', state };
  const text = fixed ? formatDecimal(v, decimalPlaceOf(sensor?.type, types)) : formatValue(v);
  return { text, unit: formatUnit(sensor?.unit), state: null };
}

/** ValueText as one string: "19,208.09 W", "On", "—". */
export function withUnit({ text, unit }: ValueText): string {
  return unit && text !== EMPTY ? `${text} ${unit}` : text;
}

/** The value exactly as stored, for tooltips: numbers unrounded, everything else as formatValue shows it. */
export function rawValueText(v: SensorValue | null | undefined): string {
  return typeof v === 'number' ? String(v) : formatValue(v);
}
