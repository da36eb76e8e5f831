import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SensorTypeDef } from '../../src/shared/catalogue.js';
import {
  buildOptions,
  commandsFor,
  decimalPlaceOf,
  formatDecimal,
  initialOptionInputs,
  rawValueText,
} from '../../src/renderer/lib/catalogue.js';

const TYPES: SensorTypeDef[] = [
  { id: 'temperature', type: 'number', decimalPlace: 1 },
  { id: 'humidity', type: 'number', decimalPlace: 0 },
  { id: 'weird', decimalPlace: 2.5 },
  {
    id: 'led',
    commands: {
      on: [{ name: 'duration', type: 'number', required: false, min: 100, max: 10000000, unit: 'msec' }],
      blink: [
        { name: 'duration', type: 'number', required: false, min: 100 },
        { name: 'interval', type: 'number', required: true, min: 100 },
      ],
      off: [],
    },
  },
  {
    id: 'lcd',
    commands: {
      print: [
        { name: 'text', type: 'text', required: true },
        { name: 'row', type: 'number', default: 0, min: 0, max: 11 },
        { name: 'clear', type: 'checkbox', default: true },
      ],
    },
  },
  { id: 'buzzer', commands: {} },
];

test('commandsFor: catalogue commands with their options, in catalogue order; fallback without them', () => {
  assert.deepEqual(
    commandsFor('led', TYPES).map((c) => [c.cmd, c.options.map((o) => o.name)]),
    [
      ['on', ['duration']],
      ['blink', ['duration', 'interval']],
      ['off', []],
    ],
  );
  // no commands in the catalogue, unknown type, catalogue not loaded → the built-in option-less list
  assert.deepEqual(
    commandsFor('buzzer', TYPES).map((c) => c.cmd),
    ['on', 'off'],
  );
  assert.deepEqual(
    commandsFor('camera', null).map((c) => c.cmd),
    ['snapPicture'],
  );
  assert.ok(commandsFor('powerSwitch', []).every((c) => c.options.length === 0));
});

test('initialOptionInputs uses defaults; buildOptions parses, range-checks and drops empty optionals', () => {
  const print = commandsFor('lcd', TYPES)[0]!.options;
  const inputs = initialOptionInputs(print);
  assert.deepEqual(inputs, { text: '', row: '0', clear: true });
  assert.deepEqual(buildOptions(print, inputs).errors, [{ name: 'text', kind: 'required' }]);
  assert.deepEqual(buildOptions(print, { ...inputs, text: 'hello, world' }), {
    options: { text: 'hello, world', row: 0, clear: true },
    errors: [],
  });
  assert.deepEqual(buildOptions(print, { text: 'x', row: '12', clear: false }).errors, [
    { name: 'row', kind: 'max', limit: 11 },
  ]);
  assert.deepEqual(buildOptions(print, { text: 'x', row: 'two', clear: false }).errors, [
    { name: 'row', kind: 'number' },
  ]);

  const blink = commandsFor('led', TYPES)[1]!.options;
  assert.deepEqual(buildOptions(blink, { duration: '', interval: '500' }), {
    options: { interval: 500 },
    errors: [],
  });
  assert.deepEqual(buildOptions(blink, { duration: '50', interval: '' }).errors, [
    { name: 'duration', kind: 'min', limit: 100 },
    { name: 'interval', kind: 'required' },
  ]);
});

test('decimalPlace: from the catalogue, whole numbers only; formatDecimal rounds numbers only', () => {
  assert.equal(decimalPlaceOf('temperature', TYPES), 1);
  assert.equal(decimalPlaceOf('humidity', TYPES), 0);
  assert.equal(decimalPlaceOf('weird', TYPES), undefined);
  assert.equal(decimalPlaceOf('temperature', null), undefined);
  assert.equal(formatDecimal(24.25, 1), '24.3');
  assert.equal(formatDecimal(20, 1), '20.0');
  assert.equal(formatDecimal(55.5, 0), '56');
  assert.equal(formatDecimal(-0.04, 1), '0.0');
  assert.equal(formatDecimal(21.4567, undefined), '21.46');
  assert.equal(formatDecimal(19208.09, 3), '19,208.090', 'fixed decimals are grouped too');
  assert.equal(formatDecimal('on', 1), 'on');
  assert.equal(formatDecimal(true, 1), 'true');
  assert.equal(rawValueText(24.123456), '24.123456');
  assert.equal(rawValueText({ lat: 1, lng: 2 }), '1, 2');
});
