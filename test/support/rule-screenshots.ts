// Screenshots of the rules list and the rule editor with a test result (docs/screenshots/rules-*.png): a
// site with three gateways, a day of history and rules of several kinds, driven in headless Chromium at
// 1440 and 390 px, English and Korean. Run after `npm run build`:
// node --import tsx test/support/rule-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { By, until, type WebDriver } from 'selenium-webdriver';
import type { MqttClient } from 'mqtt';
import type { Rule } from '../../src/shared/model.js';
import { startTestSite, type TestSite } from './site.js';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GATEWAYS = [
  { id: '0a1b2c3d4e01', name: 'Press hall A' },
  { id: '0a1b2c3d4e02', name: 'Boiler room' },
  { id: '0a1b2c3d4e03', name: 'Cold store 2' },
];
const SENSORS = [
  { gw: 0, id: 'furnace', name: 'Furnace temperature', type: 'temperature', base: 900, swing: 60 },
  { gw: 0, id: 'motor', name: 'Press motor current', type: 'current', base: 30, swing: 8 },
  { gw: 0, id: 'oil', name: 'Oil temperature', type: 'temperature', base: 60, swing: 10 },
  { gw: 1, id: 'steam', name: 'Steam humidity', type: 'humidity', base: 70, swing: 15 },
  { gw: 1, id: 'boiler', name: 'Boiler temperature', type: 'temperature', base: 170, swing: 15 },
  { gw: 2, id: 'air', name: 'Store air temperature', type: 'temperature', base: -20, swing: 3 },
];
const sid = (i: number) => `${GATEWAYS[SENSORS[i]!.gw]!.id}-0-${SENSORS[i]!.id}`;
const gwOf = (i: number) => GATEWAYS[SENSORS[i]!.gw]!.id;

async function seed(t: TestSite): Promise<number> {
  const clients: MqttClient[] = [];
  for (const g of GATEWAYS) {
    const key = await t.registerGateway(g.id);
    await t.api('PUT', `/api/v1/gateways/${g.id}`, { name: g.name });
    for (const s of SENSORS.filter((x) => GATEWAYS[x.gw] === g)) {
      const res = await t.api(
        'POST',
        `/gateways/${g.id}/sensors`,
        {
          reqId: `${g.id}-0-${s.id}`,
          name: s.name,
          type: s.type,
          category: 'sensor',
          network: 'jsonrpc',
          driverName: 'jsonrpcSensor',
          model: 'jsonrpcNumber',
        },
        { username: g.id, apikey: key },
      );
      if (res.status !== 201) throw new Error(`sensor ${s.id}: ${res.status}`);
    }
    clients.push(await t.connect(g.id, { username: g.id, password: key }));
  }
  // a day of values every 10 minutes: a slow wave with the furnace running hot twice
  const now = Date.now();
  for (let i = 0; i < SENSORS.length; i++) {
    const s = SENSORS[i]!;
    const data: number[] = [];
    for (let k = 0; k < 144; k++) {
      const time = now - 24 * 3_600_000 + k * 600_000;
      let v = s.base + s.swing * Math.sin(k / 9);
      if (i === 0 && ((k > 40 && k < 52) || (k > 100 && k < 106))) v += 150;
      data.push(time, Math.round(v * 10) / 10);
    }
    await clients[s.gw]!.publishAsync(`v/a/g/${gwOf(i)}`, JSON.stringify({ [sid(i)]: data }), { qos: 1 });
  }
  const rule = async (body: Record<string, unknown>) => {
    const r = await t.api<Rule>('POST', '/api/v1/rules', { severity: 'warning', ...body });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id;
  };
  const furnace = await rule({
    name: 'Furnace overheating',
    severity: 'fatal',
    gatewayId: gwOf(0),
    sensorId: sid(0),
    method: 'over',
    threshold: 1000,
    deadband: 10,
    holdSeconds: 60,
    timezone: 'Asia/Seoul',
    message: '{{sensorName}} = {{value}} {{unit}} ({{triggerCondition}})',
    conditions: [{ type: 'timeOfDay', from: '06:00', to: '22:00', days: [1, 2, 3, 4, 5] }],
    actions: [
      { agent: 'timeline', method: { id: 'add', params: { message: '{{ruleName}}: {{value}} {{unit}}' } } },
      {
        agent: 'dataPush',
        method: { id: 'push', params: { url: 'http://127.0.0.1:9/hook', body: { value: '{{value}}' } } },
      },
    ],
  });
  await rule({
    name: 'Motor overload',
    gatewayId: gwOf(1),
    sensorId: sid(1),
    method: 'rate',
    threshold: 5,
    windowSeconds: 60,
  });
  await rule({
    name: 'Oil outside its band',
    gatewayId: gwOf(2),
    sensorId: sid(2),
    method: 'outOfRange',
    min: 45,
    max: 75,
    severity: 'information',
  });
  await rule({
    name: 'Any boiler-room temperature high',
    gatewayId: gwOf(4),
    sensorType: 'temperature',
    method: 'over',
    threshold: 190,
  });
  await rule({
    name: 'Boiler room offline',
    gatewayId: gwOf(4),
    agent: 'gatewayStatus',
    method: 'status',
    statuses: ['off', 'err'],
    severity: 'fatal',
  });
  await rule({
    name: 'Cold store defrost check',
    gatewayId: gwOf(5),
    agent: 'schedule',
    method: 'cron',
    cron: '0 6 * * 1-5',
    timezone: 'Asia/Seoul',
    severity: 'information',
    status: 'deactivated',
  });
  await rule({
    name: 'Cold store no data',
    gatewayId: gwOf(5),
    sensorId: sid(5),
    method: 'noData',
    windowSeconds: 900,
  });
  // a few live values so "why did it (not) fire" has something to say
  for (const v of [980, 1012.5, 1020]) {
    await clients[0]!.publishAsync(`v/a/g/${gwOf(0)}`, JSON.stringify({ [sid(0)]: [Date.now(), v] }), {
      qos: 1,
    });
    await new Promise((r) => setTimeout(r, 300));
  }
  return furnace;
}

async function shoot(
  driver: WebDriver,
  base: string,
  lang: 'en' | 'ko',
  width: number,
  path: string,
  file: string,
) {
  const editor = path !== '/rules';
  await openInLanguage(driver, `${base}/#${path}`, {
    lang,
    width,
    height: width > 500 ? 1000 : 1500,
    settleMs: 1500,
  });
  if (editor) {
    await driver.findElement(By.css('[data-testid="rule-test"]')).click();
    await driver.wait(
      until.elementLocated(By.css('[data-testid="rule-test-panel"] [data-testid="sensor-chart"] canvas')),
      10000,
    );
    await driver.sleep(1000);
  }
  // the whole page in one picture: the window as tall as the page
  const height = Number(
    await driver.executeScript(
      "return document.querySelector('.content').scrollHeight + document.querySelector('.topbar').offsetHeight",
    ),
  );
  if (editor)
    await driver
      .manage()
      .window()
      .setRect({ width, height: Math.max(height + 80, 900) });
  await driver.executeScript('window.scrollTo(0, 0); document.querySelector(".main")?.scrollTo(0, 0)');
  await driver.sleep(500);
  await saveScreenshot(driver, OUT, file);
}

const t = await startTestSite();
try {
  const furnace = await seed(t);
  const driver = await headlessChromium();
  await signIn(driver, t);
  mkdirSync(OUT, { recursive: true });
  const base = `http://127.0.0.1:${t.site.ports.http}`;
  try {
    for (const lang of ['en', 'ko'] as const)
      for (const width of [1440, 390]) {
        await shoot(driver, base, lang, width, '/rules', `rules-${lang}-${width}.png`);
        await shoot(driver, base, lang, width, `/rules/${furnace}`, `rules-editor-${lang}-${width}.png`);
      }
  } finally {
    await driver.quit();
  }
} finally {
  await t.destroy();
}
