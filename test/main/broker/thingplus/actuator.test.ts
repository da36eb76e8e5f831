// protocol §4: actuator commands and options from sensorTypes.json (`commands`)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateActuatorCommand,
  type ActuatorValidation,
  type SensorTypeDef,
} from '../../../../src/main/broker/thingplus/index.js';
import { loadCatalogue } from '../../../../src/main/registry/index.js';

const catalogue = loadCatalogue();
const type = (id: string): SensorTypeDef => {
  const def = catalogue.sensorType(id);
  assert.ok(def, id);
  return def;
};

describe('validateActuatorCommand', () => {
  const cases: Array<[string, string, unknown, ActuatorValidation]> = [
    // §6 traffic at 75.0 s
    ['powerSwitch', 'on', { duration: 3000 }, { ok: true, options: { duration: 3000 } }],
    ['powerSwitch', 'on', {}, { ok: true, options: {} }],
    ['powerSwitch', 'on', undefined, { ok: true, options: {} }],
    ['powerSwitch', 'off', null, { ok: true, options: {} }],
    ['powerSwitch', 'on', { duration: '3000' }, { ok: true, options: { duration: 3000 } }],
    ['powerSwitch', 'on', { duration: 100 }, { ok: true, options: { duration: 100 } }],
    ['powerSwitch', 'on', { duration: 10000000 }, { ok: true, options: { duration: 10000000 } }],
    // the upstream led blink example; interval is required but has a default
    [
      'led',
      'blink',
      { interval: 5000, duration: 20000 },
      { ok: true, options: { interval: 5000, duration: 20000 } },
    ],
    ['led', 'blink', {}, { ok: true, options: { interval: 5000 } }],
    [
      'lcd',
      'print',
      { text: 'hello', row: 1, column: 0 },
      { ok: true, options: { text: 'hello', row: 1, column: 0 } },
    ],
    ['lcd', 'print', { text: 42 }, { ok: true, options: { text: '42' } }],
    ['lcd', 'clear', { row: -1 }, { ok: true, options: { row: -1 } }],
    ['lcd', 'clear', {}, { ok: true, options: {} }], // row has no "required": optional
    ['powerController', 'set', { standBy: 0 }, { ok: true, options: { standBy: 0 } }],
    [
      'powerController',
      'reset',
      { standBy: true, power: 'false' },
      { ok: true, options: { standBy: true, power: false } },
    ],
    ['rgbLed', 'on', { red: 255, green: 0, blue: 0 }, { ok: true, options: { red: 255, green: 0, blue: 0 } }],
    [
      'temperatureController',
      'set',
      { targetTemperature: -5.5 },
      { ok: true, options: { targetTemperature: -5.5 } },
    ],
    ['timer', 'set', { duration: 999999 }, { ok: true, options: { duration: 999999 } }], // min only
    ['camera', 'snapPicture', {}, { ok: true, options: {} }],
    // rejections
    [
      'temperature',
      'on',
      {},
      { ok: false, errors: ['sensor type "temperature" is not an actuator (it has no commands)'] },
    ],
    [
      'powerSwitch',
      'blink',
      {},
      { ok: false, errors: ['"powerSwitch" has no command "blink" (commands: on, off)'] },
    ],
    [
      'powerSwitch',
      'toString',
      {},
      { ok: false, errors: ['"powerSwitch" has no command "toString" (commands: on, off)'] },
    ],
    [
      'powerSwitch',
      '__proto__',
      {},
      { ok: false, errors: ['"powerSwitch" has no command "__proto__" (commands: on, off)'] },
    ],
    [
      'powerSwitch',
      'on',
      { duration: 99 },
      { ok: false, errors: ['powerSwitch.on: option "duration" must be ≥ 100 msec, got 99'] },
    ],
    [
      'powerSwitch',
      'on',
      { duration: 10000001 },
      { ok: false, errors: ['powerSwitch.on: option "duration" must be ≤ 10000000 msec, got 10000001'] },
    ],
    [
      'powerSwitch',
      'on',
      { duration: 'soon' },
      { ok: false, errors: ['powerSwitch.on: option "duration" must be a number, got "soon"'] },
    ],
    [
      'powerSwitch',
      'on',
      { duration: true },
      { ok: false, errors: ['powerSwitch.on: option "duration" must be a number, got true'] },
    ],
    [
      'powerSwitch',
      'off',
      { duration: 1000 },
      { ok: false, errors: ['powerSwitch.off: unknown option "duration" (it takes no options)'] },
    ],
    [
      'led',
      'on',
      { duraton: 1000 },
      { ok: false, errors: ['led.on: unknown option "duraton" (options: duration)'] },
    ],
    ['lcd', 'print', {}, { ok: false, errors: ['lcd.print: option "text" is required'] }],
    [
      'lcd',
      'print',
      { text: 'x', row: 12, column: -1 },
      {
        ok: false,
        errors: [
          'lcd.print: option "row" must be ≤ 11, got 12',
          'lcd.print: option "column" must be ≥ 0, got -1',
        ],
      },
    ],
    [
      'lcd',
      'print',
      { text: { a: 1 } },
      { ok: false, errors: ['lcd.print: option "text" must be text, got {"a":1}'] },
    ],
    [
      'powerController',
      'set',
      {},
      { ok: false, errors: ['powerController.set: option "standBy" is required'] },
    ],
    [
      'powerController',
      'reset',
      { power: 1 },
      { ok: false, errors: ['powerController.reset: option "power" must be true or false, got 1'] },
    ],
    [
      'waterController',
      'set',
      { wateringActivate: 11 },
      { ok: false, errors: ['waterController.set: option "wateringActivate" must be ≤ 10, got 11'] },
    ],
    ['powerSwitch', 'on', [3000], { ok: false, errors: ['options of powerSwitch.on must be an object'] }],
    [
      'powerSwitch',
      'on',
      'duration=3000',
      { ok: false, errors: ['options of powerSwitch.on must be an object'] },
    ],
  ];
  for (const [id, cmd, options, expected] of cases) {
    test(`${id}.${cmd} ${JSON.stringify(options)}`, () => {
      assert.deepEqual(validateActuatorCommand(type(id), cmd, options), expected);
    });
  }

  test('every command of every actuator in the catalogue accepts its own defaults', () => {
    for (const def of catalogue.sensorTypes.filter((t) => t.commands)) {
      for (const [cmd, params] of Object.entries(def.commands ?? {})) {
        const options: Record<string, unknown> = {};
        for (const p of params) {
          if (p.default !== undefined) options[p.name] = p.default;
          else if (p.required && p.type === 'text') options[p.name] = 'x';
          else if (p.required && p.type === 'number') options[p.name] = p.min ?? 0;
        }
        const result = validateActuatorCommand(def, cmd, options);
        assert.equal(result.ok, true, `${def.id}.${cmd}: ${JSON.stringify(result)}`);
      }
    }
  });
});
