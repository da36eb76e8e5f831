// Screenshots of the demo and LAN discovery (docs/screenshots/welcome-demo-*.png, find-gateways-*.png):
// a fresh site's first-run page with Start demo, and Find gateways after a scan of typed loopback targets
// (fake Thing+ gateways: one registered, one new, one answering garbage), the new one just added, and a
// pairing code. Headless Chromium at 1440 and 390 px, English and Korean. Never broadcasts.
// Run after `npm run build`: node --import tsx test/support/field-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { By, type WebDriver } from 'selenium-webdriver';
import {
  gatewayAnswer,
  startResponder,
  thingplusReply,
  type Responder,
} from '../main/discovery/responders.js';
import { headlessChromium, openInLanguage, saveScreenshot } from './browser.js';
import { startTestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const $ = (id: string) => By.css(`[data-testid="${id}"]`);
const height = (width: number, tall: number) => (width > 500 ? tall : tall * 2.2);

async function shootFind(
  driver: WebDriver,
  base: string,
  lang: string,
  width: number,
  targets: string[],
  id: string,
) {
  await openInLanguage(driver, `${base}/gateways/find`, { lang, width, height: height(width, 1500) });
  await driver.findElement($('scan-mode-none')).click();
  await driver.findElement($('scan-targets')).sendKeys(targets.join(' '));
  await driver.findElement($('scan-submit')).click();
  await driver.sleep(3300);
  await driver.findElement($(`found-${id}-add`)).click();
  await driver.sleep(600);
  await driver.findElement($('pairing-create')).click();
  await driver.sleep(600);
  await driver.executeScript('window.scrollTo(0, 0)');
  await saveScreenshot(driver, OUT, `find-gateways-${lang}-${width}.png`);
}

const driver = await headlessChromium();
mkdirSync(OUT, { recursive: true });
const responders: Responder[] = [];
try {
  const t = await startTestSite({ discovery: { broadcast: false } });
  try {
    const base = `http://127.0.0.1:${t.site.ports.http}`;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390]) {
        await openInLanguage(driver, `${base}/welcome`, { lang, width, height: height(width, 1000) });
        await saveScreenshot(driver, OUT, `welcome-demo-${lang}-${width}.png`);
      }
    await t.registerGateway('02fc00000a01');
    await t.api('PUT', '/api/v1/gateways/02fc00000a01', { name: 'Press hall A' });
    const known = await startResponder(
      gatewayAnswer(
        thingplusReply('02fc00000a01', {
          name: 'Press hall A',
          service: base,
          mqtt: `mqtt://127.0.0.1:${t.site.ports.mqtt}`,
          mqttConn: true,
        }),
      ),
    );
    const garbage = await startResponder(() => ['<html>not a gateway</html>']);
    responders.push(known, garbage);
    let n = 0;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390]) {
        const id = `02fc00000b0${++n}`;
        const fresh = await startResponder(
          gatewayAnswer(
            thingplusReply(id, {
              name: lang === 'ko' ? '도장 라인 2' : 'Paint line 2',
              mqttConn: false,
              serviceConn: true,
            }),
          ),
        );
        responders.push(fresh);
        await shootFind(driver, base, lang, width, [known.target, fresh.target, garbage.target], id);
      }
  } finally {
    await t.destroy();
  }
} finally {
  await Promise.all(responders.map((r) => r.close()));
  await driver.quit();
}
