import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GatewayView, SensorView, TimelineEntry } from '../../src/shared/model.js';
import {
  entryGateways,
  filterGateways,
  filterSensors,
  filterTimeline,
  matchesText,
  sensorTypesOf,
} from '../../src/renderer/lib/filters.js';

const gw = (
  id: string,
  name: string,
  state: 'connected' | 'disconnected' | 'never',
  since: number | null,
  sensors = 0,
) =>
  ({
    id,
    name,
    model: '34',
    connection: { state, since },
    sensors: Array.from({ length: sensors }, (_, i) => `s${i}`),
  }) as unknown as GatewayView;

const GWS = [
  gw('0a0000000001', 'Press A', 'connected', 10, 3),
  gw('0a0000000002', 'Oven line', 'disconnected', 20, 5),
  gw('0a0000000003', 'Boiler', 'never', null, 0),
];

test('text search: every word, case-insensitive, in any field', () => {
  assert.equal(matchesText('press a', 'Press A', 'x'), true);
  assert.equal(matchesText('PRESS b', 'Press A'), false);
  assert.equal(matchesText('  ', 'anything'), true);
  assert.equal(matchesText('0a01', null, undefined, 'id 0a01'), true);
});

test('gateways: by text (name or id), by status, sorted', () => {
  const ids = (l: GatewayView[]) => l.map((g) => g.name);
  assert.deepEqual(ids(filterGateways(GWS, { text: 'oven', status: '', sort: 'name' })), ['Oven line']);
  assert.deepEqual(ids(filterGateways(GWS, { text: '0003', status: '', sort: 'name' })), ['Boiler']);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: 'down', sort: 'name' })), ['Oven line']);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: 'connected', sort: 'name' })), ['Press A']);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: '', sort: 'name' })), [
    'Boiler',
    'Oven line',
    'Press A',
  ]);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: '', sort: 'status' })), [
    'Oven line',
    'Boiler',
    'Press A',
  ]);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: '', sort: 'sensors' })), [
    'Oven line',
    'Press A',
    'Boiler',
  ]);
  assert.deepEqual(ids(filterGateways(GWS, { text: '', status: '', sort: 'since' })), [
    'Oven line',
    'Press A',
    'Boiler',
  ]);
});

const sensor = (id: string, name: string, type: string) => ({ id, name, type }) as unknown as SensorView;
const SENSORS = [
  sensor('t-1', 'Oven temperature', 'temperature'),
  sensor('h-1', 'Hall humidity', 'humidity'),
];

test('sensors: by text (name, id, type name) and by type', () => {
  const names = (l: SensorView[]) => l.map((s) => s.name);
  assert.deepEqual(names(filterSensors(SENSORS, { text: 'oven', type: '' })), ['Oven temperature']);
  assert.deepEqual(names(filterSensors(SENSORS, { text: '', type: 'humidity' })), ['Hall humidity']);
  assert.deepEqual(
    names(filterSensors(SENSORS, { text: '습도', type: '' }, (t) => (t === 'humidity' ? '습도' : t))),
    ['Hall humidity'],
  );
  assert.deepEqual(sensorTypesOf([...SENSORS, sensor('t-2', 'x', 'temperature')]), [
    'humidity',
    'temperature',
  ]);
});

const NOW = 1_800_000_000_000;
const entry = (
  id: number,
  ago: number,
  severity: TimelineEntry['severity'],
  message: string,
  gatewayId: string,
) =>
  ({
    id,
    type: 'rule',
    time: NOW - ago,
    severity,
    message,
    node: [{ type: 'sensor', id: 't-1', gatewayId }],
    checked: 'n',
    success: 'y',
  }) as TimelineEntry;
const ENTRIES = [
  entry(3, 60_000, 'fatal', 'Motor too hot', 'gwA'),
  entry(2, 2 * 3_600_000, 'warning', 'Humidity high', 'gwB'),
  entry(1, 3 * 86_400_000, 'information', 'Gateway gwA registered', 'gwA'),
];

test('timeline: text (shown text or message), severity, gateway and time range combine', () => {
  const ids = (l: TimelineEntry[]) => l.map((e) => e.id);
  const all = { text: '', severity: '', gatewayId: '', range: '' } as const;
  assert.deepEqual(ids(filterTimeline(ENTRIES, all, NOW)), [3, 2, 1]);
  assert.deepEqual(ids(filterTimeline(ENTRIES, { ...all, severity: 'warning' }, NOW)), [2]);
  assert.deepEqual(ids(filterTimeline(ENTRIES, { ...all, gatewayId: 'gwA' }, NOW)), [3, 1]);
  assert.deepEqual(ids(filterTimeline(ENTRIES, { ...all, range: '1h' }, NOW)), [3]);
  assert.deepEqual(ids(filterTimeline(ENTRIES, { ...all, range: '24h' }, NOW)), [3, 2]);
  assert.deepEqual(
    ids(filterTimeline(ENTRIES, { ...all, text: 'press' }, NOW, (e) => `Press: ${e.message}`)),
    [3, 2, 1],
  );
  assert.deepEqual(ids(filterTimeline(ENTRIES, { ...all, text: 'hot' }, NOW)), [3]);
  assert.deepEqual(entryGateways(ENTRIES[0]!), ['gwA']);
});
