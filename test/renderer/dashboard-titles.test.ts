// Widgets without a title (every widget of the site's generated dashboard) are titled by what they show,
// from the site's names, in English and in Korean: never only by their kind ("Line chart", "선 그래프").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18next from 'i18next';
import { widgetTitle, type TitleNames } from '../../src/renderer/lib/widget-titles.js';
import { en } from '../../src/renderer/i18n/en.js';
import { ko } from '../../src/renderer/i18n/ko.js';
import type { Widget } from '../../src/shared/dashboards.js';

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const tEn = i18n.getFixedT('en');
const tKo = i18n.getFixedT('ko');

const GATEWAYS = [
  ['gw-dryer', 'Dryer hall'],
  ['gw-press', 'Press line A'],
  ['gw-comp', 'Compressor room'],
] as const;
const SENSORS: Array<[gatewayId: string, id: string, name: string, type: string, unit: string]> = [
  ['gw-dryer', 'd-temp', 'Drum temperature', 'temperature', '°C'],
  ['gw-dryer', 'd-temp2', 'Outlet temperature', 'temperature', '°C'],
  ['gw-dryer', 'd-hum', 'Drum humidity', 'humidity', '%'],
  ['gw-press', 'p-temp', 'Oil temperature', 'temperature', '°C'],
  ['gw-press', 'p-vib', 'Frame vibration', 'vibration', 'V'],
  ['gw-comp', 'c-volt', 'Supply', 'voltage', 'V'],
  ['gw-comp', 'c-rssi', 'Radio', 'rssi', ''],
];

// as the dashboard's view of the site answers (components/dashboard/view.ts, sensorInfo)
const names: TitleNames = {
  sensor: (ref) => {
    const s = SENSORS.find(([gw, id]) => gw === ref.gatewayId && id === ref.sensorId);
    const gatewayName = GATEWAYS.find(([id]) => id === ref.gatewayId)?.[1] ?? ref.gatewayId;
    return s
      ? { known: true, name: s[2], gatewayName, type: s[3], unit: s[4] }
      : { known: false, name: ref.sensorId, gatewayName, type: '', unit: '' };
  },
  gatewayName: (id) => GATEWAYS.find(([gw]) => gw === id)?.[1],
};

const widget = (kind: Widget['kind'], sensorIds: string[], options: Widget['options'] = {}): Widget => ({
  id: 'w1',
  kind,
  x: 0,
  y: 0,
  w: 6,
  h: 4,
  sensors: sensorIds.map((id) => ({ gatewayId: SENSORS.find((s) => s[1] === id)![0], sensorId: id })),
  options,
});

const both = (w: Widget) => [widgetTitle(w, names, tEn), widgetTitle(w, names, tKo)];

test('a chart is titled by what its lines share, the most specific first', () => {
  assert.deepEqual(both(widget('chart', ['d-temp'])), [
    'Dryer hall · Drum temperature',
    'Dryer hall · Drum temperature',
  ]);
  assert.deepEqual(both(widget('chart', ['d-temp', 'd-temp2'])), [
    'Dryer hall · Temperature',
    'Dryer hall · 온도',
  ]);
  assert.deepEqual(both(widget('chart', ['d-temp', 'p-temp'])), ['Temperature (°C)', '온도 (°C)']);
  assert.deepEqual(both(widget('chart', ['d-temp', 'd-hum'])), ['Dryer hall', 'Dryer hall']);
  assert.deepEqual(both(widget('chart', ['p-vib', 'c-volt'])), ['Values in V', 'V 단위 값']);
  // nothing in common, or a sensor the site does not know: the kind's name
  assert.deepEqual(both(widget('chart', ['d-hum', 'p-vib', 'c-rssi'])), ['Line chart', '선 그래프']);
  const unknown = { ...widget('chart', ['d-temp']), sensors: [{ gatewayId: 'gw-dryer', sensorId: 'gone' }] };
  assert.deepEqual(both(unknown), ['Line chart', '선 그래프']);
});

test('alarms, timeline and gateway status say what they list', () => {
  assert.deepEqual(both(widget('alarms', [])), ['Open alarms', '진행 중인 알람']);
  assert.deepEqual(both(widget('timeline', [])), ['Recent events', '최근 이벤트']);
  assert.deepEqual(both(widget('gateway', [])), ['Gateways', '게이트웨이']);
  assert.deepEqual(both(widget('gateway', [], { gatewayIds: ['gw-comp'] })), [
    'Compressor room',
    'Compressor room',
  ]);
  assert.deepEqual(both(widget('gateway', [], { gatewayIds: ['gw-comp', 'gw-press'] })), [
    'Gateways',
    '게이트웨이',
  ]);
});

test("a tile is titled by its sensor's name; a title given is kept", () => {
  assert.deepEqual(both(widget('value', ['d-hum'])), ['Drum humidity', 'Drum humidity']);
  assert.deepEqual(both({ ...widget('chart', ['d-temp', 'p-temp']), title: 'Hall' }), ['Hall', 'Hall']);
});
