// Screenshots of dashboards and wall mode (docs/screenshots/dashboard-*.png): a site with three gateways
// and a day of history, a dashboard with every kind of widget, driven in headless Chromium at 1440 and
// 390 px, English and Korean; wall mode also with the site stopped (the stale state).
// Run after `npm run build`: node --import tsx test/support/dashboard-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { type WebDriver } from 'selenium-webdriver';
import type { Dashboard, Widget } from '../../src/shared/dashboards.js';
import { startTestSite, type TestSite } from './site.js';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GATEWAYS = [
  { id: '0a1b2c3d4e01', name: 'Press hall A' },
  { id: '0a1b2c3d4e02', name: 'Boiler room' },
  { id: '0a1b2c3d4e03', name: 'Cold store 2' },
];
const SENSORS = [
  { gw: 0, id: 'furnace', name: 'Furnace temperature', type: 'temperature', base: 880, amp: 60 },
  { gw: 0, id: 'motor', name: 'Press motor current', type: 'current', base: 32, amp: 8 },
  { gw: 0, id: 'pump', name: 'Coolant pump', type: 'onoff', base: 1, amp: 0 },
  // falls as the boiler heats: on one chart with it, each line shows (the same curve hid one behind the other)
  { gw: 1, id: 'steam', name: 'Steam humidity', type: 'humidity', base: 62, amp: -15 },
  { gw: 1, id: 'boiler', name: 'Boiler temperature', type: 'temperature', base: 165, amp: 12 },
  { gw: 2, id: 'air', name: 'Store air temperature', type: 'temperature', base: -18, amp: 2.5 },
];
const sid = (s: (typeof SENSORS)[number]) => `${GATEWAYS[s.gw]!.id}-0-${s.id}`;
const ref = (i: number) => ({ gatewayId: GATEWAYS[SENSORS[i]!.gw]!.id, sensorId: sid(SENSORS[i]!) });
const DAY = 86_400_000;
const STEP = 5 * 60_000;

function valueAt(s: (typeof SENSORS)[number], time: number, k: number): number {
  if (s.type === 'onoff') return Math.floor(time / (3 * 3_600_000)) % 4 === 3 ? 0 : 1;
  const daily = Math.sin((2 * Math.PI * (time % DAY)) / DAY);
  return Math.round((s.base + s.amp * daily + s.amp * 0.15 * Math.sin(k * 1.7)) * 10) / 10;
}

async function seed(t: TestSite): Promise<MqttClient[]> {
  const clients: MqttClient[] = [];
  for (const [gi, g] of GATEWAYS.entries()) {
    const key = await t.registerGateway(g.id);
    await t.api('PUT', `/api/v1/gateways/${g.id}`, { name: g.name });
    for (const s of SENSORS.filter((x) => x.gw === gi)) {
      const res = await t.api(
        'POST',
        `/gateways/${g.id}/sensors`,
        {
          reqId: sid(s),
          name: s.name,
          type: s.type,
          category: 'sensor',
          network: 'jsonrpc',
          driverName: 'jsonrpcSensor',
          model: 'jsonrpcNumber',
        },
        { username: g.id, apikey: key },
      );
      if (res.status !== 201) throw new Error(`sensor ${s.id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    clients.push(await t.connect(g.id, { username: g.id, password: key }));
  }
  // a day of history, every 5 minutes, up to a minute ago
  const end = Date.now() - 60_000;
  for (const s of SENSORS) {
    const pairs: number[] = [];
    let k = 0;
    for (let time = end - DAY; time <= end; time += STEP) pairs.push(time, valueAt(s, time, k++));
    const gw = GATEWAYS[s.gw]!.id;
    await clients[s.gw]!.publishAsync(`v/a/g/${gw}`, JSON.stringify({ [sid(s)]: pairs }), { qos: 1 });
  }
  const rule = await t.api('POST', '/api/v1/rules', {
    name: 'Cold store too warm',
    severity: 'fatal',
    gatewayId: GATEWAYS[2]!.id,
    sensorId: sid(SENSORS[5]!),
    method: 'over',
    threshold: -17,
    deadband: 0,
  });
  if (rule.status !== 201) throw new Error(JSON.stringify(rule.body));
  await clients[2]!.publishAsync(
    `v/a/g/${GATEWAYS[2]!.id}`,
    JSON.stringify({ [sid(SENSORS[5]!)]: [Date.now(), -15.2] }),
    { qos: 1 },
  );
  // a rule on the boiler: its threshold and its alarm (raised and cleared now) are drawn on the chart
  const boiler = await t.api('POST', '/api/v1/rules', {
    name: 'Boiler too hot',
    severity: 'warning',
    gatewayId: GATEWAYS[1]!.id,
    sensorId: sid(SENSORS[4]!),
    method: 'over',
    threshold: 175,
    deadband: 0,
  });
  if (boiler.status !== 201) throw new Error(JSON.stringify(boiler.body));
  for (const v of [178.4, 171.2])
    await clients[1]!.publishAsync(
      `v/a/g/${GATEWAYS[1]!.id}`,
      JSON.stringify({ [sid(SENSORS[4]!)]: [Date.now(), v] }),
      { qos: 1 },
    );
  // the cold store gateway goes away: the gateway widget shows it down
  await clients[2]!.endAsync(true);
  return clients;
}

const w = (
  id: string,
  kind: Widget['kind'],
  x: number,
  y: number,
  width: number,
  h: number,
  sensors: number[],
  options: Widget['options'] = {},
): Widget => ({
  id,
  kind,
  x,
  y,
  w: width,
  h,
  sensors: sensors.map(ref),
  options,
});

async function makeDashboards(t: TestSite): Promise<Dashboard> {
  const res = await t.api<Dashboard>('POST', '/api/v1/dashboards', {
    name: 'Press hall and boilers',
    widgets: [
      w('furnace', 'value', 0, 0, 3, 2, [0]),
      w('motor', 'gauge', 3, 0, 3, 3, [1], { min: 0, max: 50 }),
      w('pump', 'state', 6, 0, 3, 2, [2]),
      w('air', 'value', 9, 0, 3, 2, [5]),
      { ...w('temps', 'chart', 0, 3, 8, 4, [4, 3], { rangeMinutes: 1440 }), title: 'Boiler room, last 24 h' },
      w('alarms', 'alarms', 8, 2, 4, 5, []),
      w('gws', 'gateway', 0, 7, 6, 2, []),
      w('tl', 'timeline', 6, 7, 6, 3, [], { limit: 6 }),
    ],
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  await t.api('POST', '/api/v1/dashboards', {
    name: 'Cold store',
    widgets: [
      w('air', 'gauge', 0, 0, 4, 3, [5], { min: -30, max: 0 }),
      w('c', 'chart', 4, 0, 8, 3, [5], { rangeMinutes: 1440 }),
    ],
  });
  return res.body;
}

async function shoot(
  driver: WebDriver,
  base: string,
  lang: 'en' | 'ko',
  width: number,
  path: string,
  file: string,
) {
  await openInLanguage(driver, `${base}/#${path}`, {
    lang,
    width,
    height: width > 500 ? 1000 : 2200,
    settleMs: 2500,
  });
  await saveScreenshot(driver, OUT, file);
}

const t = await startTestSite();
let stopped = false;
try {
  await seed(t);
  const d = await makeDashboards(t);
  const driver = await headlessChromium();
  await signIn(driver, t);
  mkdirSync(OUT, { recursive: true });
  const base = `http://127.0.0.1:${t.site.ports.http}`;
  try {
    for (const lang of ['en', 'ko'] as const)
      for (const width of [1440, 390]) {
        await shoot(driver, base, lang, width, `/dashboards/${d.id}`, `dashboard-${lang}-${width}.png`);
        // a chart panned back: a temporary view, which it says (not kept unless zoomed while editing)
        await driver.findElement({ css: '[data-testid^="widget-chart-back-"]' }).click();
        await driver.sleep(1500);
        await saveScreenshot(driver, OUT, `dashboard-zoomed-${lang}-${width}.png`);
        await shoot(driver, base, lang, width, '/wall', `dashboard-wall-${lang}-${width}.png`);
      }
    await shoot(driver, base, 'en', 1440, `/dashboards/${d.id}?edit=1`, 'dashboard-edit-en-1440.png');
    await driver.findElement({ css: '[data-testid="add-widget"]' }).click();
    await driver.findElement({ css: '[data-testid="kind-chart"]' }).click();
    await driver.findElement({ css: '[data-testid="picker-search"]' }).sendKeys('temp');
    await driver.sleep(500);
    await saveScreenshot(driver, OUT, 'dashboard-picker-en-1440.png');
    console.log('saved dashboard-picker-en-1440.png');
    await shoot(driver, base, 'en', 390, `/dashboards/${d.id}?edit=1`, 'dashboard-edit-en-390.png');
    await shoot(driver, base, 'ko', 1440, '/wall', 'dashboard-wall-ko-1440.png');
    await t.stop();
    stopped = true;
    await driver.sleep(4000);
    await saveScreenshot(driver, OUT, 'dashboard-wall-stale-ko-1440.png');
    console.log('saved dashboard-wall-stale-ko-1440.png');
  } finally {
    await driver.quit();
  }
} finally {
  if (!stopped) await t.stop();
  await t.destroy().catch(() => undefined);
}
