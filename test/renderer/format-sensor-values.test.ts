// One way to show a sensor's value on every page (lib/catalogue sensorValueText): numbers by the console's
// one rule, state-like sensors (onoff, door, powerSwitch…) by their state's word, never "1" or "true".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SensorTypeDef } from '../../src/shared/catalogue.js';
import type { SensorValue } from '../../src/shared/model.js';
import {
  sensorValueText,
  stateText,
  stateWord,
  withUnit,
  type Translate,
} from '../../src/renderer/lib/catalogue.js';
import { en } from '../../src/renderer/i18n/en.js';
import { ko } from '../../src/renderer/i18n/ko.js';

const TYPES = JSON.parse(
  readFileSync(new URL('../../resources/thingplus-metadata/sensorTypes.json', import.meta.url), 'utf8'),
) as SensorTypeDef[];
const def = (id: string): SensorTypeDef | undefined => TYPES.find((x) => x.id === id);

/** i18next's lookup of `sensorState.<word>` in one of the string tables, else the default */
const translator =
  (table: { sensorState?: Record<string, string | undefined> }): Translate =>
  (key, o) =>
    table.sensorState?.[key.replace(/^sensorState\./, '')] ?? o.defaultValue;
const EN = translator(en);
const KO = translator(ko);

const sensor = (type: string, unit = '', category = 'sensor') => ({ type, unit, category });

test('numbers read the same everywhere: grouped, no trailing zeros, with the unit', () => {
  const power = sensorValueText(19208.09, sensor('electricPower', 'W'), TYPES, EN);
  assert.deepEqual(power, { text: '19,208.09', unit: 'W', state: null });
  assert.equal(withUnit(power), '19,208.09 W');
  // the catalogue's decimalPlace (3 for current) no longer pads: "37.540 A" was one of three spellings
  assert.equal(withUnit(sensorValueText(37.54, sensor('current', 'A'), TYPES, EN)), '37.54 A');
  assert.equal(withUnit(sensorValueText(33.79, sensor('current', 'A'), null, EN)), '33.79 A', 'no catalogue');
  assert.equal(withUnit(sensorValueText(null, sensor('current', 'A'), TYPES, EN)), '—');
  // a table of raw values keeps the type's decimals, lined up (and grouped)
  assert.equal(sensorValueText(19208.09, sensor('electricPower', 'W'), TYPES, EN, true).text, '19,208.090');
});

test('an on/off sensor reads as its state in words, without a unit', () => {
  assert.deepEqual(sensorValueText(1, sensor('onoff'), TYPES, EN), { text: 'On', unit: '', state: 'on' });
  assert.equal(sensorValueText(0, sensor('onoff'), TYPES, EN).text, 'Off');
  assert.equal(sensorValueText(1, sensor('onoff'), TYPES, KO).text, '켜짐');
  assert.equal(sensorValueText(0, sensor('onoff'), TYPES, KO).text, '꺼짐');
  assert.equal(sensorValueText(true, sensor('motion'), TYPES, EN).text, 'On');
  assert.equal(sensorValueText('1', sensor('onoff'), TYPES, EN).text, 'On', 'a number sent as text');
  // the raw table shows words too
  assert.equal(sensorValueText(1, sensor('onoff'), TYPES, KO, true).text, '켜짐');
});

test("the catalogue's own state names: a door opens, a parking spot is occupied", () => {
  assert.equal(sensorValueText(1, sensor('door'), TYPES, EN).text, 'Open');
  assert.equal(sensorValueText(0, sensor('door'), TYPES, KO).text, '닫힘');
  const parking = sensorValueText(1, sensor('parkingStatus', 'lvl'), TYPES, EN);
  assert.deepEqual(parking, { text: 'Occupied', unit: '', state: 'occupied' });
  assert.equal(sensorValueText(0, sensor('powerControllerState'), TYPES, EN).text, 'Off (overload)');
  assert.equal(sensorValueText(45, sensor('windVane'), TYPES, KO).text, 'NE', 'a name without a translation');
});

test('an actuator (powerSwitch, relay) reads as on/off, its answer as the command', () => {
  const relay = sensor('powerSwitch', '', 'actuator');
  assert.equal(sensorValueText(1, relay, TYPES, EN).text, 'On');
  assert.equal(sensorValueText('off', relay, TYPES, KO).text, '꺼짐');
  assert.equal(sensorValueText({ cmd: 'on', result: '' }, relay, TYPES, EN).text, 'On');
  assert.equal(sensorValueText({ cmd: 'blink' }, relay, TYPES, EN).text, '{"cmd":"blink"}');
});

test('measurements and free text are no states', () => {
  const cases: Array<[SensorValue, string]> = [
    [1, 'current'],
    [0, 'temperature'],
    ['on', 'string'],
    [1, 'unknownType'],
  ];
  for (const [v, type] of cases) assert.equal(stateWord(v, def(type)), null, `${type} ${String(v)}`);
  assert.equal(stateWord(2, def('onoff')), null, 'not one of the catalogue values');
  assert.equal(stateWord(null, def('onoff')), null);
  assert.equal(stateWord(true, { id: 'x', type: 'boolean' }), 'on', 'a two-state type without names');
});

test('every state word of the catalogue has an English and a Korean name', () => {
  const words = new Set<string>();
  for (const d of TYPES) {
    if (d.type !== 'boolean') continue;
    for (const w of (d.displayValues as unknown[] | undefined) ?? []) if (typeof w === 'string') words.add(w);
  }
  assert.ok(words.size >= 10);
  for (const w of words) {
    assert.notEqual(stateText(w, EN), w, `English for "${w}"`);
    assert.notEqual(stateText(w, KO), w, `Korean for "${w}"`);
  }
});
