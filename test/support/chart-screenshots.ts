// Screenshots of the sensor chart (docs/screenshots/chart-*.png): a site with a year of history of an
// oven temperature (every 10 minutes, short daily peaks that 1-day averages hide, an 11-minute silence
// yesterday) and a pump's on/off state, written the way the demo's history writer does it (the gateway
// publishes what it kept, a month per message, and waits for the PUBACK); two rules give thresholds and
// an alarm. Driven in headless Chromium at 1440 and 390 px, English and Korean, and dark at 1440.
// Run after `npm run build`: node --import tsx test/support/chart-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WebDriver } from 'selenium-webdriver';
import { startTestSite, type TestSite } from './site.js';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GW = '0a1b2c3d4e01';
const OVEN = `${GW}-0-oven`;
const PUMP = `${GW}-0-pump`;
const MIN = 60_000;
const DAY = 1440 * MIN;

/** Seasons, days and a short peak each afternoon (to 76 °C) that averages flatten to about 66. */
function ovenAt(t: number): number {
  const season = 4 * Math.sin((2 * Math.PI * t) / (365 * DAY));
  const hour = (t % DAY) / 3_600_000;
  const daily = 3 * Math.sin((2 * Math.PI * hour) / 24);
  const peak = hour >= 14 && hour < 14.2 ? 10 : 0;
  return Math.round((64 + season + daily + peak + Math.sin(t / 7e5)) * 10) / 10;
}

async function seed(t: TestSite): Promise<void> {
  const key = await t.registerGateway(GW);
  await t.api('PUT', `/api/v1/gateways/${GW}`, { name: 'Press hall A' });
  for (const [id, name, type] of [
    [OVEN, 'Oven temperature', 'temperature'],
    [PUMP, 'Coolant pump', 'onoff'],
  ] as const) {
    const res = await t.api(
      'POST',
      `/gateways/${GW}/sensors`,
      {
        reqId: id,
        name,
        type,
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: 'jsonrpcNumber',
      },
      { username: GW, apikey: key },
    );
    if (res.status !== 201) throw new Error(`sensor ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (const rule of [
    { name: 'Oven too hot', severity: 'fatal', method: 'over', threshold: 74 },
    { name: 'Oven cold', severity: 'warning', method: 'under', threshold: 57 },
  ]) {
    const res = await t.api('POST', '/api/v1/rules', { ...rule, gatewayId: GW, sensorId: OVEN, deadband: 0 });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  const client = await t.connect(GW, { username: GW, password: key });
  const end = Date.now() - MIN;
  const gapFrom = end - 20 * 3_600_000;
  for (let from = end - 365 * DAY; from < end; from += 30 * DAY) {
    const oven: number[] = [];
    const pump: number[] = [];
    for (let time = from; time < Math.min(end, from + 30 * DAY); time += 10 * MIN) {
      if (time >= gapFrom && time < gapFrom + 11 * MIN) continue;
      oven.push(time, ovenAt(time));
      // the pump runs three hours in four, with a longer stop each Sunday
      const off = Math.floor(time / (3 * 3_600_000)) % 4 === 3 || new Date(time).getUTCDay() === 0;
      if (time % 3_600_000 < 10 * MIN) pump.push(time, off ? 0 : 1);
    }
    await client.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [OVEN]: oven, [PUMP]: pump }), { qos: 1 });
  }
  await client.endAsync();
}

async function shoot(driver: WebDriver, base: string, sensor: string, o: Shot): Promise<void> {
  await openInLanguage(driver, `${base}/#/gateways/${GW}/sensors/${encodeURIComponent(sensor)}`, {
    lang: o.lang,
    width: o.width,
    height: o.width > 500 ? 1000 : 1700,
    settleMs: 1500,
    ...(o.theme ? { theme: o.theme } : {}),
  });
  await driver.findElement({ css: `[data-testid="range-${o.range}"]` }).click();
  await driver.sleep(2500);
  await saveScreenshot(driver, OUT, o.file);
}

interface Shot {
  lang: 'en' | 'ko';
  width: number;
  range: string;
  file: string;
  theme?: string;
}

const t = await startTestSite();
try {
  await seed(t);
  const driver = await headlessChromium();
  // sign-in is always on: the browser gets the admin's session cookie
  await signIn(driver, t);
  mkdirSync(OUT, { recursive: true });
  const base = `http://127.0.0.1:${t.site.ports.http}`;
  try {
    for (const lang of ['en', 'ko'] as const)
      for (const width of [1440, 390])
        await shoot(driver, base, OVEN, {
          lang,
          width,
          range: '1y',
          file: `chart-year-${lang}-${width}.png`,
        });
    await shoot(driver, base, OVEN, { lang: 'en', width: 1440, range: '24h', file: 'chart-day-en-1440.png' });
    await shoot(driver, base, OVEN, {
      lang: 'en',
      width: 1440,
      range: '1y',
      file: 'chart-year-dark-en-1440.png',
      theme: 'dark',
    });
    await shoot(driver, base, PUMP, {
      lang: 'ko',
      width: 1440,
      range: '7d',
      file: 'chart-state-ko-1440.png',
    });
  } finally {
    await driver.quit();
  }
} finally {
  await t.stop();
  await t.destroy().catch(() => undefined);
}
