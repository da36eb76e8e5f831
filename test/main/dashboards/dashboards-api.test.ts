// Dashboards through the API of a real site (broker, SQLite files): create, read, replace, delete,
// export/import, the generated default, bad input answered with a 400 naming the field, unknown sensors
// kept but flagged, and dashboards surviving a restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError } from '../../../src/shared/api.js';
import type {
  Dashboard,
  DashboardExport,
  DashboardList,
  GeneratedDashboard,
  Widget,
} from '../../../src/shared/dashboards.js';
import { startTestSite, type TestSite } from '../../support/site.js';

const GW = 'dd0000000001';
const GW2 = 'dd0000000002';
let t: TestSite;
let gw2Key = '';

const tile = (id: string, sensorId: string, x = 0): Widget => ({
  id,
  kind: 'value',
  x,
  y: 0,
  w: 3,
  h: 2,
  sensors: [{ gatewayId: GW, sensorId }],
  options: {},
});

before(async () => {
  t = await startTestSite();
  const key = await t.registerGateway(GW);
  await t.registerSensor(GW, key, `${GW}-temp`, 'temperature');
  await t.registerSensor(GW, key, `${GW}-hum`, 'humidity');
  await t.registerSensor(GW, key, `${GW}-pump`, 'powerSwitch', 'actuator');
  const key2 = await t.registerGateway(GW2);
  gw2Key = key2;
  await t.registerSensor(GW2, key2, `${GW2}-temp`, 'temperature');
});

after(async () => {
  await t?.destroy();
});

test('a site without dashboards lists none and offers one made from its sensors', async () => {
  const list = await t.api<DashboardList>('GET', '/api/v1/dashboards');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body, { data: [], _meta: { count: 0 } });
  const def = await t.api<GeneratedDashboard>('GET', '/api/v1/dashboards/default');
  assert.equal(def.status, 200);
  assert.equal(def.body.id, null);
  assert.equal(def.body.generated, true);
  const kinds = def.body.widgets.map((w) => w.kind);
  assert.deepEqual(kinds.filter((k) => k === 'value').length, 3, 'numeric sensors as value tiles');
  assert.deepEqual(kinds.filter((k) => k === 'state').length, 1, 'the actuator as a state tile');
  const charts = def.body.widgets.filter((w) => w.kind === 'chart');
  // one chart per unit, temperatures first (although humidity's id sorts first); no widget is titled by
  // the site: the console names it in the user's language
  assert.deepEqual(
    charts.map((c) => c.sensors),
    [
      [
        { gatewayId: GW, sensorId: `${GW}-temp` },
        { gatewayId: GW2, sensorId: `${GW2}-temp` },
      ],
      [{ gatewayId: GW, sensorId: `${GW}-hum` }],
    ],
  );
  assert.ok(def.body.widgets.every((w) => w.title === undefined));
  // no values yet, sensors registered just now: the shortest span, not a day with the data at its edge
  assert.deepEqual(
    charts.map((c) => c.options.rangeMinutes),
    [15, 15],
  );
  assert.ok(kinds.includes('alarms') && kinds.includes('gateway'));
  // what the site generates is itself a valid dashboard: it can be saved as it is
  const saved = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: 'From default',
    widgets: def.body.widgets,
  });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  assert.equal((await t.api('DELETE', `/api/v1/dashboards/${saved.body.id}`)).status, 204);
});

test('a generated chart spans how long its sensors have had values (the first value of the last day)', async () => {
  const gw = await t.connect(GW2, { username: GW2, password: gw2Key });
  try {
    const at = Date.now() - 40 * 60_000;
    await gw.publishAsync(`v/a/g/${GW2}`, JSON.stringify({ [`${GW2}-temp`]: [at, 20, at + 60_000, 21] }), {
      qos: 1,
    });
  } finally {
    await gw.endAsync();
  }
  const def = await t.api<GeneratedDashboard>('GET', '/api/v1/dashboards/default');
  const spans = def.body.widgets.filter((w) => w.kind === 'chart').map((c) => c.options.rangeMinutes);
  // 40 minutes of temperatures: an hour; the humidity has none yet and was registered just now
  assert.deepEqual(spans, [60, 15]);
});

test('create, read, replace, list and delete a dashboard', async () => {
  const created = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: '  Line 1  ',
    widgets: [
      tile('a', `${GW}-temp`),
      { ...tile('b', `${GW}-hum`, 3), kind: 'gauge', options: { min: 0, max: 100 }, title: 'Humidity' },
      {
        id: 'c',
        kind: 'chart',
        x: 0,
        y: 2,
        w: 12,
        h: 4,
        sensors: [
          { gatewayId: GW, sensorId: `${GW}-temp` },
          { gatewayId: GW2, sensorId: `${GW2}-temp` },
        ],
        // a zoom kept when the dashboard was saved
        options: { rangeMinutes: 360, from: 1_764_000_000_000, to: 1_764_003_600_000 },
      },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const d = created.body;
  assert.deepEqual(d.widgets[2]?.options, {
    rangeMinutes: 360,
    from: 1_764_000_000_000,
    to: 1_764_003_600_000,
  });
  assert.equal(d.name, 'Line 1');
  assert.equal(d.widgets.length, 3);
  assert.deepEqual(d.unknownSensors, []);
  assert.ok(d.createdAt > 0 && d.updatedAt === d.createdAt);

  const got = await t.api<Dashboard>('GET', `/api/v1/dashboards/${d.id}`);
  assert.deepEqual(got.body, d);

  const replaced = await t.api<Dashboard>('PUT', `/api/v1/dashboards/${d.id}`, {
    name: 'Line 1 (night)',
    widgets: [{ ...tile('a', `${GW}-temp`), x: 6, w: 6 }],
  });
  assert.equal(replaced.status, 200);
  assert.equal(replaced.body.name, 'Line 1 (night)');
  assert.deepEqual(
    replaced.body.widgets.map((w) => [w.id, w.x, w.w]),
    [['a', 6, 6]],
  );

  const list = await t.api<DashboardList>('GET', '/api/v1/dashboards');
  assert.deepEqual(
    list.body.data.map((x) => x.id),
    [d.id],
  );
  assert.equal((await t.api('DELETE', `/api/v1/dashboards/${d.id}`)).status, 204);
  const gone = await t.api<ApiError>('GET', `/api/v1/dashboards/${d.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.code, 'ES_NOT_FOUND');
  assert.equal((await t.api<ApiError>('DELETE', `/api/v1/dashboards/${d.id}`)).status, 404);
  assert.equal(
    (await t.api<ApiError>('PUT', `/api/v1/dashboards/${d.id}`, { name: 'x', widgets: [] })).status,
    404,
  );
});

test('bad input is a 400 whose message names the field', async () => {
  const good = tile('a', `${GW}-temp`);
  const cases: Array<[unknown, RegExp]> = [
    [{ widgets: [] }, /^name must be a string/],
    [{ name: '   ', widgets: [] }, /^name must not be empty/],
    [{ name: 'x'.repeat(101), widgets: [] }, /^name must be at most 100 characters/],
    [{ name: 'n', widgets: {} }, /^widgets must be an array/],
    [{ name: 'n', widgets: [], colour: 'red' }, /^body\.colour is not a known property/],
    [{ name: 'n', widgets: [{ ...good, kind: 'pie' }] }, /^widgets\[0\]\.kind must be one of value, gauge/],
    [{ name: 'n', widgets: [{ ...good, x: 10, w: 3 }] }, /^widgets\[0\]\.w x \+ w must be at most 12/],
    [{ name: 'n', widgets: [{ ...good, w: 0 }] }, /^widgets\[0\]\.w must be from 1 to 12/],
    [{ name: 'n', widgets: [{ ...good, h: 1.5 }] }, /^widgets\[0\]\.h must be an integer/],
    [{ name: 'n', widgets: [{ ...good, y: -1 }] }, /^widgets\[0\]\.y must be from 0 to 199/],
    [{ name: 'n', widgets: [good, { ...good }] }, /^widgets\[1\]\.id "a" is used by another widget/],
    [{ name: 'n', widgets: [{ ...good, id: 'a b' }] }, /^widgets\[0\]\.id must be 1 to 40 letters/],
    [{ name: 'n', widgets: [{ ...good, sensors: [] }] }, /^widgets\[0\]\.sensors must hold exactly 1 sensor/],
    [
      { name: 'n', widgets: [{ ...good, sensors: [{ gatewayId: GW }] }] },
      /^widgets\[0\]\.sensors\[0\]\.sensorId must be a string/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'gauge', options: { min: 10, max: 5 } }] },
      /^widgets\[0\]\.options\.max must be greater than min/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'gauge', options: {} }] },
      /^widgets\[0\]\.options\.min must be a number for a gauge/,
    ],
    [
      {
        name: 'n',
        widgets: [
          {
            ...good,
            kind: 'chart',
            sensors: Array.from({ length: 51 }, (_, i) => ({ gatewayId: GW, sensorId: `${GW}-s${i}` })),
            options: { rangeMinutes: 60 },
          },
        ],
      },
      /^widgets\[0\]\.sensors must hold 1 to 50 sensors for a chart widget/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'chart', options: { rangeMinutes: 5 } }] },
      /^widgets\[0\]\.options\.rangeMinutes must be one of 15, 60, 360, 1440, 10080/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'chart', options: { from: 1_000_000 } }] },
      /^widgets\[0\]\.options\.to must be an integer/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'chart', options: { from: 1_000_000, to: 1_010_000 } }] },
      /^widgets\[0\]\.options\.to must be from 1030000/,
    ],
    [
      { name: 'n', widgets: [{ ...good, kind: 'alarms' }] },
      /^widgets\[0\]\.sensors must be empty for a alarms widget/,
    ],
    [
      { name: 'n', widgets: [{ ...good, options: { min: 1 } }] },
      /^widgets\[0\]\.options\.min is not a known property/,
    ],
    [
      { name: 'n', widgets: Array.from({ length: 51 }, (_, i) => tile(`w${i}`, 's')) },
      /^widgets must hold at most 50/,
    ],
  ];
  for (const [body, message] of cases) {
    const res = await t.api<ApiError>('POST', '/api/v1/dashboards', body);
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 200));
    assert.equal(res.body.code, 'ES_BAD_REQUEST');
    assert.match(res.body.message, message);
  }
  const notJson = await t.fetch(`http://127.0.0.1:${t.site.ports.http}/api/v1/dashboards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"name":',
  });
  assert.equal(notJson.status, 400);
  assert.equal((await t.api<ApiError>('GET', '/api/v1/dashboards/abc')).status, 400);
  assert.deepEqual((await t.api<DashboardList>('GET', '/api/v1/dashboards')).body.data, [], 'nothing stored');
});

test('unknown sensors are kept and flagged', async () => {
  const res = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: 'Spare line',
    widgets: [tile('a', 'not-registered-yet'), tile('b', `${GW}-temp`, 3)],
  });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body.unknownSensors, [
    { widgetId: 'a', gatewayId: GW, sensorId: 'not-registered-yet' },
  ]);
  await t.api('DELETE', `/api/v1/dashboards/${res.body.id}`);
});

test('a chart holds up to 50 sensors, as many as one series request answers', async () => {
  const sensors = Array.from({ length: 50 }, (_, i) => ({ gatewayId: GW, sensorId: `${GW}-s${i}` }));
  const res = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: 'Every zone',
    widgets: [
      { ...tile('c', `${GW}-temp`), kind: 'chart', w: 12, h: 6, sensors, options: { rangeMinutes: 1440 } },
    ],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.widgets[0]!.sensors.length, 50);
  await t.api('DELETE', `/api/v1/dashboards/${res.body.id}`);
});

test('export a dashboard as a JSON file and import it as a new one', async () => {
  const src = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: 'Boiler room / wall',
    widgets: [
      tile('a', `${GW}-temp`),
      { id: 'al', kind: 'alarms', x: 3, y: 0, w: 9, h: 3, sensors: [], options: { limit: 5 } },
    ],
  });
  const res = await t.fetch(`http://127.0.0.1:${t.site.ports.http}/api/v1/dashboards/${src.body.id}/export`);
  assert.equal(res.status, 200);
  assert.match(
    res.headers.get('content-disposition') ?? '',
    /attachment; filename="dashboard-Boiler-room-wall\.json"/,
  );
  const file = (await res.json()) as DashboardExport;
  assert.equal(file.format, 'edge-site-dashboard');
  assert.equal(file.version, 1);
  assert.deepEqual(file.dashboard, { name: 'Boiler room / wall', widgets: src.body.widgets });

  const imported = await t.api<Dashboard>('POST', '/api/v1/dashboards/import', file);
  assert.equal(imported.status, 201);
  assert.notEqual(imported.body.id, src.body.id);
  assert.deepEqual(imported.body.widgets, src.body.widgets);
  const bare = await t.api<Dashboard>('POST', '/api/v1/dashboards/import', { name: 'Bare', widgets: [] });
  assert.equal(bare.status, 201);

  const bad: Array<[unknown, RegExp]> = [
    [{ ...file, format: 'grafana' }, /^format must be "edge-site-dashboard"/],
    [{ ...file, version: 2 }, /^version must be 1/],
    [{ format: 'edge-site-dashboard', version: 1 }, /^dashboard is missing/],
    [
      { ...file, dashboard: { ...file.dashboard, widgets: [{ ...tile('a', 'x'), w: 13 }] } },
      /^widgets\[0\]\.w/,
    ],
  ];
  for (const [body, message] of bad) {
    const r = await t.api<ApiError>('POST', '/api/v1/dashboards/import', body);
    assert.equal(r.status, 400);
    assert.match(r.body.message, message);
  }
});

test('dashboards are kept in site.db across a restart', async () => {
  const before = (await t.api<DashboardList>('GET', '/api/v1/dashboards')).body.data;
  assert.ok(before.length > 0);
  await t.stop();
  t = await startTestSite({}, t.dataDir);
  const afterRestart = (await t.api<DashboardList>('GET', '/api/v1/dashboards')).body.data;
  assert.deepEqual(afterRestart, before);
});
