// Actuator command validation (protocol §4): "Actuator commands and their options per type are in
// sensorTypes.json (`commands`) … Validate options before sending." In the catalogue each command maps
// to a list of option definitions `{name, type: number|text|checkbox, required?, default?, min?, max?}`,
// e.g. powerSwitch `on{duration?}, off`, led `blink{duration?, interval}`, lcd `print{text,row,column}`.
import { parseNumeric } from './coerce.js';
import type { CommandParamDef, SensorTypeDef } from './sensor-types.js';

export type ActuatorValidation =
  | {
      ok: true;
      /** the options to send: numeric strings made numbers, required options with a default filled in */
      options: Record<string, unknown>;
    }
  | { ok: false; errors: string[] };

/**
 * Checks `cmd` and `options` against the type's `commands`. Rules: the command must exist; options must
 * be an object (absent/null = none); every option must be declared for that command; required options
 * must be present (a required option with a catalogue `default` is filled in: led blink `interval`);
 * `number` options must be finite numbers (numeric strings accepted) within `min`/`max` (inclusive);
 * `text` options must be strings (numbers accepted); `checkbox` options must be booleans ("true"/"false"
 * accepted). Option types the catalogue does not use are passed through.
 */
export function validateActuatorCommand(
  def: Pick<SensorTypeDef, 'id' | 'commands'>,
  cmd: string,
  options: unknown,
): ActuatorValidation {
  const commands = def.commands;
  if (!commands || typeof commands !== 'object') {
    return { ok: false, errors: [`sensor type "${def.id}" is not an actuator (it has no commands)`] };
  }
  if (typeof cmd !== 'string' || !Object.hasOwn(commands, cmd) || !Array.isArray(commands[cmd])) {
    const known = Object.keys(commands).join(', ');
    return { ok: false, errors: [`"${def.id}" has no command "${String(cmd)}" (commands: ${known})`] };
  }
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    return { ok: false, errors: [`options of ${def.id}.${cmd} must be an object`] };
  }
  const given = (options ?? {}) as Record<string, unknown>;
  const params = commands[cmd];
  const errors: string[] = [];
  const out: Record<string, unknown> = {};
  const where = `${def.id}.${cmd}`;

  for (const name of Object.keys(given)) {
    if (!params.some((p) => p.name === name)) {
      const allowed =
        params.length === 0 ? 'it takes no options' : `options: ${params.map((p) => p.name).join(', ')}`;
      errors.push(`${where}: unknown option "${name}" (${allowed})`);
    }
  }
  for (const param of params) {
    const present =
      Object.hasOwn(given, param.name) && given[param.name] !== undefined && given[param.name] !== null;
    if (!present) {
      if (param.required === true) {
        if (param.default !== undefined) out[param.name] = param.default;
        else errors.push(`${where}: option "${param.name}" is required`);
      }
      continue;
    }
    const checked = checkParam(param, given[param.name]);
    if (typeof checked === 'string') errors.push(`${where}: option "${param.name}" ${checked}`);
    else out[param.name] = checked.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options: out };
}

function checkParam(param: CommandParamDef, raw: unknown): { value: unknown } | string {
  switch (param.type) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumeric(raw) : null;
      if (n === null || !Number.isFinite(n)) return `must be a number, got ${show(raw)}`;
      const unit = param.unit ? ` ${param.unit}` : '';
      if (typeof param.min === 'number' && n < param.min) return `must be ≥ ${param.min}${unit}, got ${n}`;
      if (typeof param.max === 'number' && n > param.max) return `must be ≤ ${param.max}${unit}, got ${n}`;
      return { value: n };
    }
    case 'text':
      if (typeof raw === 'string') return { value: raw };
      if (typeof raw === 'number' && Number.isFinite(raw)) return { value: String(raw) };
      return `must be text, got ${show(raw)}`;
    case 'checkbox':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return `must be true or false, got ${show(raw)}`;
    default:
      return { value: raw };
  }
}

function show(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}
