// Pure helpers over the Thing+ sensor type catalogue (GET /api/v1/sensorTypes): actuator commands with
// their options, and decimal places for display.
import type { CommandParamDef, SensorTypeDef } from '../../shared/catalogue.js';
import type { SensorValue } from '../../shared/model.js';
import { actuatorCommands } from './actuator.js';
import { formatValue } from './format.js';

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

/** A value for display with the type's decimal places (numbers only, fixed: 24.3, 20.0); else as usual. */
export function formatDecimal(v: SensorValue | null | undefined, decimalPlace: number | undefined): string {
  if (typeof v === 'number' && Number.isFinite(v) && decimalPlace !== undefined) {
    const text = v.toFixed(decimalPlace);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  }
  return formatValue(v);
}

/** The value exactly as stored, for tooltips: numbers unrounded, everything else as formatValue shows it. */
export function rawValueText(v: SensorValue | null | undefined): string {
  return typeof v === 'number' ? String(v) : formatValue(v);
}
