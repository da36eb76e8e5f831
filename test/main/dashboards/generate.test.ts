// The generated dashboard of a new site, over a directory of plain objects: the walkthrough's plant (a
// dryer, a press line, a compressor room) must come out as charts of one unit each, temperatures first,
// over the span the site has data for, and with no titles (the console names widgets in its language).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartRange, generateDashboard, typeRank } from '../../../src/main/dashboards/generate.js';
import type { DashboardDirectory } from '../../../src/main/dashboards/index.js';
import { validateDashboard } from '../../../src/main/dashboards/validate.js';
import type { Widget } from '../../../src/shared/dashboards.js';
import type { Sensor } from '../../../src/shared/model.js';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;

/** the catalogue's value type and unit of the types used here (resources/thingplus-metadata) */
const TYPES: Record<string, { numeric: boolean; unit: string }> = {
  temperature: { numeric: true, unit: '°C' },
  humidity: { numeric: true, unit: '%' },
  current: { numeric: true, unit: 'A' },
  vibration: { numeric: true, unit: 'V' },
  pressure: { numeric: true, unit: 'bar' },
  electricPower: { numeric: true, unit: 'W' },
  rssi: { numeric: true, unit: '' },
  onoff: { numeric: false, unit: '' },
  powerSwitch: { numeric: false, unit: '' },
};

interface Plant {
  gateways: Array<{ id: string; name: string; sensors: Array<[id: string, type: string]> }>;
  /** registration time of every sensor */
  ctime?: number;
  /** first stored value per sensor id */
  first?: Record<string, number>;
}

function directory(plant: Plant): DashboardDirectory {
  const sensors = (gatewayId: string): Sensor[] =>
    (plant.gateways.find((g) => g.id === gatewayId)?.sensors ?? []).map(([id, type]) => ({
      id,
      gatewayId,
      deviceId: null,
      name: id,
      type,
      category: type === 'powerSwitch' ? 'actuator' : 'sensor',
      model: null,
      driverName: null,
      network: null,
      address: null,
      options: {},
      ctime: plant.ctime ?? NOW - MIN,
      mtime: plant.ctime ?? NOW - MIN,
    }));
  return {
    gateways: () => plant.gateways.map(({ id, name }) => ({ id, name })),
    sensors,
    hasSensor: (gw, id) => sensors(gw).some((s) => s.id === id),
    numeric: (type) => TYPES[type]?.numeric ?? false,
    unit: (type) => TYPES[type]?.unit ?? '',
    firstValueAt: (_gw, id, from) => {
      const t = plant.first?.[id];
      return t !== undefined && t >= from ? t : null;
    },
  };
}

/** the walkthrough's site; sensors listed by id, as the registry lists them */
const WALKTHROUGH: Plant['gateways'] = [
  {
    id: 'gw-dryer',
    name: 'Dryer hall',
    sensors: [
      ['d-hum', 'humidity'],
      ['d-temp', 'temperature'],
    ],
  },
  {
    id: 'gw-press',
    name: 'Press line A',
    sensors: [
      ['p-current', 'current'],
      ['p-temp', 'temperature'],
      ['p-vib', 'vibration'],
    ],
  },
  {
    id: 'gw-comp',
    name: 'Compressor room',
    sensors: [
      ['c-onoff', 'onoff'],
      ['c-power', 'electricPower'],
      ['c-pres', 'pressure'],
    ],
  },
];

const charts = (widgets: Widget[]) => widgets.filter((w) => w.kind === 'chart');
const ids = (w: Widget) => w.sensors.map((s) => s.sensorId);

test('each chart holds one unit; temperatures first, then pressure, then power; three at most', () => {
  const d = generateDashboard(directory({ gateways: WALKTHROUGH, first: { 'd-temp': NOW - MIN } }), 4, NOW);
  assert.deepEqual(charts(d.widgets).map(ids), [['d-temp', 'p-temp'], ['c-pres'], ['c-power']]);
  const typeOf = new Map(WALKTHROUGH.flatMap((g) => g.sensors));
  for (const c of charts(d.widgets)) {
    const units = new Set(c.sensors.map((s) => TYPES[typeOf.get(s.sensorId)!]!.unit));
    assert.equal(units.size, 1, `one unit on ${c.id}`);
  }
  // what it makes is a dashboard the site accepts as it is
  assert.doesNotThrow(() => validateDashboard({ name: d.name, widgets: d.widgets }));
});

test("a gateway's tiles and a chart's lines put the types people look at first first", () => {
  assert.ok(typeRank('temperature') < typeRank('pressure'));
  assert.ok(typeRank('pressure') < typeRank('electricPower'));
  assert.ok(typeRank('current') < typeRank('humidity'));
  assert.ok(typeRank('humidity') < typeRank('rssi'), 'unlisted types come last');
  const d = generateDashboard(directory({ gateways: WALKTHROUGH }), 1, NOW);
  const tiles = d.widgets.filter((w) => w.kind === 'value' || w.kind === 'state');
  // one tile per gateway: the dryer's temperature, not its humidity (listed first by id)
  assert.deepEqual(tiles.map(ids), [['d-temp'], ['p-temp'], ['c-pres']]);
});

test('a chart spans how long its sensors have had values, rounded up to a chart range, a day at most', () => {
  const dir = (first: Record<string, number>, ctime = NOW - MIN) =>
    directory({ gateways: WALKTHROUGH, first, ctime });
  const span = (first: Record<string, number>, ctime?: number) =>
    charts(generateDashboard(dir(first, ctime), 4, NOW).widgets)[0]!.options.rangeMinutes;
  // the first minute of data: a quarter of an hour, not a sliver at the edge of a day
  assert.equal(span({ 'd-temp': NOW - MIN, 'p-temp': NOW - 30_000 }), 15);
  // the chart's earliest sensor counts
  assert.equal(span({ 'd-temp': NOW - 20 * MIN, 'p-temp': NOW - MIN }), 60);
  assert.equal(span({ 'd-temp': NOW - 5 * 60 * MIN }), 360);
  assert.equal(span({ 'd-temp': NOW - 7 * 60 * MIN }), 1440);
  // no value in the last day: from the registration (a new site: now; an old quiet one: a day)
  assert.equal(span({}), 15);
  assert.equal(span({}, NOW - 30 * 24 * 60 * MIN), 1440);
  // each chart its own span
  const all = charts(
    generateDashboard(dir({ 'd-temp': NOW - 3 * 60 * MIN, 'c-pres': NOW - 2 * MIN }), 4, NOW).widgets,
  );
  assert.deepEqual(
    all.map((c) => c.options.rangeMinutes),
    [360, 15, 15],
  );
  const one = dir({ 'd-temp': NOW - 10 * MIN });
  const refs = [
    { ref: { gatewayId: 'gw-dryer', sensorId: 'd-temp' }, sensor: one.sensors('gw-dryer')[1]!, rank: 0 },
  ];
  assert.equal(chartRange(one, refs, NOW), 15);
});

test('widgets carry no title: the console names them in the user language', () => {
  const d = generateDashboard(directory({ gateways: WALKTHROUGH }), 4, NOW);
  assert.deepEqual(
    d.widgets.filter((w) => w.title !== undefined),
    [],
  );
  assert.deepEqual(
    [...new Set(d.widgets.map((w) => w.kind))],
    ['value', 'state', 'chart', 'alarms', 'gateway'],
  );
});

test('the layout stays inside the grid and no two widgets overlap, for 0 to 3 charts', () => {
  const plants: Plant['gateways'][] = [
    [{ id: 'g', name: 'Pump', sensors: [['sw', 'powerSwitch']] }],
    [{ id: 'g', name: 'Dryer', sensors: [['t', 'temperature']] }],
    [
      {
        id: 'g',
        name: 'Dryer',
        sensors: [
          ['t', 'temperature'],
          ['h', 'humidity'],
        ],
      },
    ],
    WALKTHROUGH,
    [...WALKTHROUGH, { id: 'gw-x', name: 'Yard', sensors: [['rssi', 'rssi']] }],
  ];
  for (const gateways of plants) {
    const { widgets } = generateDashboard(directory({ gateways }), 4, NOW);
    assert.ok(charts(widgets).length <= 3);
    const cells = new Set<string>();
    for (const w of widgets) {
      assert.ok(w.x >= 0 && w.x + w.w <= 12, `${w.id} inside the 12 columns`);
      for (let x = w.x; x < w.x + w.w; x++)
        for (let y = w.y; y < w.y + w.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `${w.id} overlaps another widget at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
    }
    assert.ok(widgets.some((w) => w.kind === 'alarms') && widgets.some((w) => w.kind === 'gateway'));
  }
});
