// protocol §3 "Values" against sensorTypes.json `type`
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coerceValue,
  parseNumeric,
  type SensorTypeDef,
} from '../../../../src/main/broker/thingplus/index.js';
import { loadCatalogue } from '../../../../src/main/registry/index.js';

const catalogue = loadCatalogue();
const type = (id: string): SensorTypeDef => {
  const def = catalogue.sensorType(id);
  assert.ok(def, id);
  return def;
};

describe('coerceValue: accepted', () => {
  const cases: Array<[string, unknown, unknown]> = [
    // number types
    ['temperature', 21.5, 21.5],
    ['temperature', '30', 30],
    ['temperature', ' -15.687 ', -15.687],
    ['temperature', '23.500000', 23.5],
    ['temperature', '1e-05', 0.00001],
    ['temperature', '.5', 0.5],
    ['humidity', 150, 150], // ranges are not enforced: sensors do exceed them
    ['number', 0, 0],
    // string types
    ['string', 'hello', 'hello'],
    ['string', '', ''],
    ['string', 30, '30'],
    ['string', 23.5, '23.5'],
    ['string', true, 'true'],
    // boolean types (values [0,1]) → 0/1
    ['onoff', 1, 1],
    ['onoff', 0, 0],
    ['onoff', true, 1],
    ['onoff', false, 0],
    ['onoff', 'true', 1],
    ['onoff', 'false', 0],
    ['onoff', 'True', 1], // Python str(True)
    ['motion', '1', 1],
    ['door', '0', 0],
    ['door', '1.0', 1],
    // boolean types with more values
    ['sleepStage', 3, 3],
    ['powerControllerState', '2', 2],
    // object types
    ['location', { lat: 37.1, lng: 127.2 }, { lat: 37.1, lng: 127.2 }],
    ['location', '{"lat":37.1,"lng":127.2}', { lat: 37.1, lng: 127.2 }],
    ['accelerometer', { x: 0, y: 0, z: 9.8 }, { x: 0, y: 0, z: 9.8 }],
    ['complex', ['a', 'b', 'c'], ['a', 'b', 'c']],
    ['complex', '["a","b","c"]', ['a', 'b', 'c']],
    ['tag', 'tagged', 'tagged'], // listed in the type's values
    ['tag', { state: 'in', reader: 'r1' }, { state: 'in', reader: 'r1' }],
  ];
  for (const [id, raw, expected] of cases) {
    test(`${id} ${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(coerceValue(type(id), raw), { ok: true, value: expected });
    });
  }

  test('unknown or missing type: kept as is', () => {
    assert.deepEqual(coerceValue({ type: 'weird' }, '30'), { ok: true, value: '30' });
    assert.deepEqual(coerceValue(undefined, { a: 1 }), { ok: true, value: { a: 1 } });
    assert.deepEqual(coerceValue({}, true), { ok: true, value: true });
  });
});

describe('coerceValue: rejected', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['temperature', 'abc', 'not a number for a number sensor', 'abc'],
    ['temperature', '', 'not a number for a number sensor', ''],
    ['temperature', 'NaN', 'not a number for a number sensor', 'NaN'],
    ['temperature', 'Infinity', 'not a number for a number sensor', 'Infinity'],
    ['temperature', '0x1F', 'not a number for a number sensor', '0x1F'],
    ['temperature', '1e999', 'not a number for a number sensor', '1e999'],
    ['temperature', NaN, 'a non-finite number for a number sensor', 'null'],
    ['temperature', Infinity, 'a non-finite number for a number sensor', 'null'],
    ['temperature', true, 'not a number for a number sensor', 'true'],
    ['temperature', { v: 1 }, 'not a number for a number sensor', '{"v":1}'],
    ['temperature', null, 'no value for a number sensor', 'null'],
    ['string', { a: 1 }, 'not a string for a string sensor', '{"a":1}'],
    ['onoff', 2, 'not one of the values for a boolean sensor', '2'],
    ['onoff', 'on', 'not one of the values for a boolean sensor', 'on'],
    ['onoff', 'yes', 'not one of the values for a boolean sensor', 'yes'],
    ['sleepStage', 4, 'not one of the values for a boolean sensor', '4'],
    ['location', 'somewhere', 'not an object for a object sensor', 'somewhere'],
    ['location', '{"lat":', 'not an object for a object sensor', '{"lat":'],
    ['location', 5, 'not an object for a object sensor', '5'],
    ['tag', 'gone', 'not an object for a object sensor', 'gone'],
  ];
  for (const [id, raw, message, shown] of cases) {
    test(`${id} ${String(raw)}`, () => {
      assert.deepEqual(coerceValue(type(id), raw), {
        ok: false,
        error: { kind: 'value.invalid', message, raw: shown },
      });
    });
  }
  test('non-finite numbers are refused even for untyped sensors', () => {
    assert.equal(coerceValue(undefined, NaN).ok, false);
    assert.equal(coerceValue(undefined, null).ok, false);
  });
});

test('parseNumeric', () => {
  assert.equal(parseNumeric('42'), 42);
  assert.equal(parseNumeric('+4.5'), 4.5);
  assert.equal(parseNumeric('-0'), -0);
  assert.equal(parseNumeric('5.'), 5);
  assert.equal(parseNumeric(''), null);
  assert.equal(parseNumeric(' '), null);
  assert.equal(parseNumeric('1,5'), null);
  assert.equal(parseNumeric('0b1'), null);
});
