// Screenshots of the alarms console (docs/screenshots/alarms-*.png): a site with three gateways, rules of
// every severity and alarms in several states, driven in headless Chromium at 1440 and 390 px, English and
// Korean. Run after `npm run build`: node --import tsx test/support/alarm-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type WebDriver } from 'selenium-webdriver';
import type { MqttClient } from 'mqtt';
import type { AlarmPage } from '../../src/shared/api.js';
import type { Rule } from '../../src/shared/model.js';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';
import { eventually, startTestSite, type TestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GATEWAYS = [
  { id: '0a1b2c3d4e01', name: 'Press hall A' },
  { id: '0a1b2c3d4e02', name: 'Boiler room' },
  { id: '0a1b2c3d4e03', name: 'Cold store 2' },
];
const SENSORS = [
  { gw: 0, id: 'furnace', name: 'Furnace temperature', type: 'temperature' },
  { gw: 0, id: 'motor', name: 'Press motor current', type: 'current' },
  { gw: 1, id: 'steam', name: 'Steam humidity', type: 'humidity' },
  { gw: 1, id: 'boiler', name: 'Boiler temperature', type: 'temperature' },
  { gw: 2, id: 'air', name: 'Store air temperature', type: 'temperature' },
];
let clock = Date.now() - 10 * 60_000;

async function sensorRest(t: TestSite, gw: string, key: string, s: (typeof SENSORS)[number]): Promise<void> {
  const res = await t.api(
    'POST',
    `/gateways/${gw}/sensors`,
    {
      reqId: `${gw}-0-${s.id}`,
      name: s.name,
      type: s.type,
      category: 'sensor',
      network: 'jsonrpc',
      driverName: 'jsonrpcSensor',
      model: 'jsonrpcNumber',
    },
    { username: gw, apikey: key },
  );
  if (res.status !== 201) throw new Error(`sensor ${s.id}: ${res.status}`);
}

async function seed(t: TestSite): Promise<void> {
  const clients: MqttClient[] = [];
  for (const g of GATEWAYS) {
    const key = await t.registerGateway(g.id);
    await t.api('PUT', `/api/v1/gateways/${g.id}`, { name: g.name });
    for (const s of SENSORS.filter((x) => GATEWAYS[x.gw] === g)) await sensorRest(t, g.id, key, s);
    clients.push(await t.connect(g.id, { username: g.id, password: key }));
  }
  const sid = (i: number) => `${GATEWAYS[SENSORS[i]!.gw]!.id}-0-${SENSORS[i]!.id}`;
  const send = async (i: number, value: number) => {
    clock += 1000;
    const gw = GATEWAYS[SENSORS[i]!.gw]!.id;
    await clients[SENSORS[i]!.gw]!.publishAsync(`v/a/g/${gw}`, JSON.stringify({ [sid(i)]: [clock, value] }), {
      qos: 1,
    });
  };
  const rule = async (
    i: number,
    name: string,
    severity: Rule['severity'],
    method: 'over' | 'under',
    threshold: number,
  ) => {
    const gw = GATEWAYS[SENSORS[i]!.gw]!.id;
    const r = await t.api<Rule>('POST', '/api/v1/rules', {
      name,
      severity,
      gatewayId: gw,
      sensorId: sid(i),
      method,
      threshold,
      deadband: 0,
    });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id;
  };
  const open = async (ruleId: number) =>
    eventually('alarm', async () =>
      (await t.api<AlarmPage>('GET', '/api/v1/alarms?open=true')).body.data.find((a) => a.ruleId === ruleId),
    );

  const furnace = await rule(0, 'Furnace overheating', 'fatal', 'over', 950);
  const motor = await rule(1, 'Press motor overload', 'warning', 'over', 40);
  const steam = await rule(2, 'Steam humidity high', 'information', 'over', 85);
  const boiler = await rule(3, 'Boiler temperature high', 'warning', 'over', 180);
  const air = await rule(4, 'Cold store too warm', 'fatal', 'over', -15);
  // chattering history: the motor alarm raised, acknowledged and cleared a few times
  for (let k = 0; k < 8; k++) {
    await send(1, 45);
    const a = await open(motor);
    await t.api('POST', `/api/v1/alarms/${a.id}/ack`, { comment: 'reset breaker' });
    await send(1, 30);
  }
  await send(4, -12.4);
  await send(0, 982.5);
  await send(1, 47.2);
  await t.api('POST', `/api/v1/alarms/${(await open(motor)).id}/ack`, {
    comment: 'maintenance called',
    user: 'kim',
  });
  await send(3, 191);
  await t.api('POST', `/api/v1/alarms/${(await open(boiler)).id}/shelve`, {
    minutes: 120,
    reason: 'sensor recalibration',
    user: 'lee',
  });
  await send(2, 91);
  await open(steam);
  await send(2, 70);
  await open(furnace);
  await open(air);
}

async function shoot(
  driver: WebDriver,
  base: string,
  lang: 'en' | 'ko',
  width: number,
  view: string,
  file: string,
) {
  const url = `${base}/alarms${view ? `?view=${view}` : ''}`;
  await openInLanguage(driver, url, { lang, width, height: width > 500 ? 1000 : 1500 });
  await saveScreenshot(driver, OUT, file);
}

/**
 * The cold store alarm raised 30 h ago (stale): the site is stopped, the row moved back in time, and the
 * site started again on the same data dir (alarms are loaded from site.db at start).
 */
async function ageColdStore(t: TestSite): Promise<TestSite> {
  await t.stop();
  const db = new Database(join(t.dataDir, 'site.db'));
  db.prepare(`UPDATE alarms SET raised_at = raised_at - ? WHERE rule_name = 'Cold store too warm'`).run(
    30 * 3_600_000,
  );
  db.close();
  return startTestSite({}, t.dataDir);
}

let t = await startTestSite();
try {
  await seed(t);
  t = await ageColdStore(t);
  const driver = await headlessChromium();
  await signIn(driver, t);
  mkdirSync(OUT, { recursive: true });
  const base = `http://127.0.0.1:${t.site.ports.http}`;
  try {
    for (const lang of ['en', 'ko'] as const) {
      for (const width of [1440, 390])
        await shoot(driver, base, lang, width, '', `alarms-${lang}-${width}.png`);
      await shoot(driver, base, lang, 1440, 'stats', `alarms-stats-${lang}-1440.png`);
      await shoot(driver, base, lang, 1440, 'history', `alarms-history-${lang}-1440.png`);
    }
    await shoot(driver, base, 'en', 390, 'stats', 'alarms-stats-en-390.png');
  } finally {
    await driver.quit();
  }
} finally {
  await t.destroy();
}
