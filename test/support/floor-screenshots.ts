// Screenshots of the plant overview and the first-run guide (docs/screenshots/overview-*.png,
// onboarding-*.png): a site with three gateways (one down), alarms of each severity, a stale sensor and a
// rejected payload; and a fresh site's first-run guide waiting for its gateway. Headless Chromium at 1440
// and 390 px, English and Korean. Run after `npm run build`: node --import tsx test/support/floor-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { By, until, type WebDriver } from 'selenium-webdriver';
import { connectAsync, type MqttClient } from 'mqtt';
import type { AlarmPage } from '../../src/shared/api.js';
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
const sid = (i: number) => `${GATEWAYS[SENSORS[i]!.gw]!.id}-0-${SENSORS[i]!.id}`;

async function seed(t: TestSite): Promise<void> {
  const clients: MqttClient[] = [];
  for (const g of GATEWAYS) {
    const key = await t.registerGateway(g.id);
    await t.api('PUT', `/api/v1/gateways/${g.id}`, { name: g.name });
    for (const [i, s] of SENSORS.entries()) {
      if (GATEWAYS[s.gw] !== g) continue;
      await t.api('POST', `/api/v1/gateways/${g.id}/sensors`, { id: sid(i), name: s.name, type: s.type });
    }
    clients.push(await t.connect(g.id, { username: g.id, password: key }));
  }
  let clock = Date.now() - 5 * 60_000;
  const send = async (i: number, value: number) => {
    clock += 1000;
    const gw = GATEWAYS[SENSORS[i]!.gw]!.id;
    await clients[SENSORS[i]!.gw]!.publishAsync(`v/a/g/${gw}`, JSON.stringify({ [sid(i)]: [clock, value] }), {
      qos: 1,
    });
  };
  const rule = async (i: number, name: string, severity: string, threshold: number) => {
    const gw = GATEWAYS[SENSORS[i]!.gw]!.id;
    const body = { name, severity, gatewayId: gw, sensorId: sid(i), method: 'over', threshold, deadband: 0 };
    const r = await t.api<{ id: number }>('POST', '/api/v1/rules', body);
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id;
  };
  await rule(0, 'Furnace overheating', 'fatal', 950);
  await rule(1, 'Press motor overload', 'warning', 40);
  await rule(2, 'Steam humidity high', 'information', 85);
  await send(0, 982.5);
  await send(1, 47.2);
  await send(2, 91);
  await eventually(
    'three alarms',
    async () => (await t.api<AlarmPage>('GET', '/api/v1/alarms?open=true')).body.data.length >= 3,
  );
  await send(3, 120);
  // the press motor current probe reports an error; a malformed payload is counted in the last hour
  const [press, boiler, store] = clients as [MqttClient, MqttClient, MqttClient];
  await press.publishAsync(`v/a/g/${GATEWAYS[0]!.id}/s/${sid(1)}/status`, 'err:probe,-1', { qos: 1 });
  await boiler.publishAsync(`v/a/g/${GATEWAYS[1]!.id}/s/${sid(2)}`, 'not,a,value,list', { qos: 1 });
  // the cold store gateway goes down
  await store.endAsync(true);
}

async function shoot(
  driver: WebDriver,
  url: string,
  lang: string,
  width: number,
  file: string,
  theme?: string,
) {
  await openInLanguage(driver, url, { lang, width, height: width > 500 ? 1000 : 1800, theme });
  await saveScreenshot(driver, OUT, file);
}

/** The first-run guide of a fresh site: no gateway knocks yet, so the one command for every gateway is open. */
async function shootStart(driver: WebDriver, base: string, lang: string, width: number) {
  await driver
    .manage()
    .window()
    .setRect({ width, height: width > 500 ? 1100 : 2200 });
  await driver.get(`${base}/overview`);
  await driver.executeScript(`localStorage.setItem('edgeSite.lang', '${lang}')`);
  await driver.get(`${base}/welcome`);
  await driver.wait(until.elementLocated(By.css('[data-testid="point-all-command"]')), 15_000);
  await driver.sleep(300);
  await saveScreenshot(driver, OUT, `onboarding-start-${lang}-${width}.png`);
}

/** The first-run guide after registering a gateway: the configuration shown, waiting for it to connect. */
async function shootGuide(driver: WebDriver, base: string, lang: string, width: number, id: string) {
  const file = `onboarding-${lang}-${width}.png`;
  await driver
    .manage()
    .window()
    .setRect({ width, height: width > 500 ? 1500 : 3000 });
  await driver.get(`${base}/overview`);
  await driver.executeScript(`localStorage.setItem('edgeSite.lang', '${lang}')`);
  await driver.get(`${base}/welcome`);
  // the page is its own chunk: waited for, not a fixed pause (a loaded machine takes longer)
  await driver.wait(until.elementLocated(By.css('[data-testid="onboarding-id"]')), 15_000);
  // a gateway already pointed at the site knocks: the guide offers to add it
  await driver.wait(until.elementLocated(By.css('[data-testid="knocking"]')), 15_000);
  await driver.sleep(300);
  await saveScreenshot(driver, OUT, `onboarding-knocking-${lang}-${width}.png`);
  await driver.findElement(By.css('[data-testid="onboarding-id"]')).sendKeys(id);
  await driver
    .findElement(By.css('[data-testid="onboarding-name"]'))
    .sendKeys(lang === 'ko' ? '건조동 1' : 'Dryer hall 1');
  await driver.findElement(By.css('[data-testid="onboarding-register"]')).click();
  await driver.sleep(1200);
  await saveScreenshot(driver, OUT, file);
}

const driver = await headlessChromium();
mkdirSync(OUT, { recursive: true });
try {
  // a fresh install's defaults: MQTT over TLS, and the gateway HTTPS on 443 where the Thing+ gateway calls it
  const fresh = await startTestSite({ mqtt: { tlsPort: 0 }, gatewayHttps: { host: '127.0.0.1', port: 443 } });
  await signIn(driver, fresh);
  for (const lang of ['en', 'ko'])
    for (const width of [1440, 390])
      await shootStart(driver, `http://127.0.0.1:${fresh.site.ports.http}`, lang, width);
  const knocking = await connectAsync(`mqtt://127.0.0.1:${fresh.site.ports.mqtt}`, {
    clientId: 'b827eb0a1c2d',
    reconnectPeriod: 2000,
  }).catch(() => null);
  try {
    const base = `http://127.0.0.1:${fresh.site.ports.http}`;
    let n = 0;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390]) await shootGuide(driver, base, lang, width, `0a1b2c3d4f0${++n}`);
  } finally {
    await knocking?.endAsync(true);
    await fresh.destroy();
  }
  const t = await startTestSite();
  await signIn(driver, t);
  try {
    await seed(t);
    await t.api('GET', '/api/v1/overview');
    const base = `http://127.0.0.1:${t.site.ports.http}`;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390])
        await shoot(driver, `${base}/overview`, lang, width, `overview-${lang}-${width}.png`);
    await shoot(driver, `${base}/overview`, 'en', 1440, 'overview-dark-en-1440.png', 'dark');
    await shoot(driver, `${base}/internals`, 'en', 1440, 'internals-en-1440.png');
    const press = `${base}/gateways/${GATEWAYS[0]!.id}`;
    await shoot(driver, press, 'en', 1440, 'gateway-en-1440.png');
    await shoot(driver, press, 'ko', 390, 'gateway-ko-390.png');
    // the timeline's times in the one Intl format, its zone named beside the filters
    await shoot(driver, `${base}/timeline`, 'ko', 1440, 'timeline-ko-1440.png');
    await shoot(driver, `${base}/timeline`, 'en', 390, 'timeline-en-390.png');
  } finally {
    await t.destroy();
  }
} finally {
  await driver.quit();
}
