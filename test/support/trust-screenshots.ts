// Screenshots of the gateway trust settings (docs/screenshots/gateway-trust-*.png, register-tls-*.png):
// a gateway page with its editor open (the plain-TCP allowance pinned to an address) and the TLS card
// (certificate download, fingerprint, lines to paste), and the register page's TLS panel. Headless
// Chromium at 1440 and 390 px, English and Korean. Run after `npm run build`:
// node --import tsx test/support/trust-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { By } from 'selenium-webdriver';
import { headlessChromium, openInLanguage, saveScreenshot } from './browser.js';
import { startTestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const GW = '0a1b2c3d4e71';

const driver = await headlessChromium();
mkdirSync(OUT, { recursive: true });
const t = await startTestSite({ mqtt: { tlsPort: 0 }, gatewayHttps: { port: 0 } });
try {
  const res = await t.api('POST', '/api/v1/registerGatewayKey', {
    id: GW,
    modelId: '34',
    name: 'Old press PLC bridge',
    legacyPlainTcp: true,
    legacyAddress: '192.168.10.41',
  });
  if (res.status !== 201) throw new Error(`register: ${res.status}`);
  const base = `http://127.0.0.1:${t.site.ports.http}`;
  for (const lang of ['en', 'ko'])
    for (const width of [1440, 390]) {
      await openInLanguage(driver, `${base}/gateways/${GW}`, {
        lang,
        width,
        height: width > 500 ? 1500 : 3400,
      });
      await driver.findElement(By.css('[data-testid="gateway-edit"]')).click();
      await driver.sleep(500);
      await saveScreenshot(driver, OUT, `gateway-trust-${lang}-${width}.png`);
      await openInLanguage(driver, `${base}/register`, { lang, width, height: width > 500 ? 1400 : 3000 });
      await saveScreenshot(driver, OUT, `register-tls-${lang}-${width}.png`);
    }
} finally {
  await t.destroy();
  await driver.quit();
}
