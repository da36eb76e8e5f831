// Screenshots of Users & access (docs/screenshots/access-*.png): users of every role, API tokens (one just
// created, its secret shown once), and an audit trail of a few real actions; English and Korean at 1440
// and 390 px. Run after `npm run build`: node --import tsx test/support/access-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { By } from 'selenium-webdriver';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';
import { startTestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
mkdirSync(OUT, { recursive: true });
const $ = (id: string) => By.css(`[data-testid="${id}"]`);
const driver = await headlessChromium();
const t = await startTestSite();
try {
  await t.api('POST', '/api/v1/users', {
    username: 'kim.tech',
    password: 'tech-password-1',
    role: 'technician',
  });
  await t.api('POST', '/api/v1/users', {
    username: 'lee.shift',
    password: 'viewer-password-1',
    role: 'viewer',
  });
  await t.api('POST', '/api/v1/tokens', { name: 'MES export', role: 'viewer' });
  await t.api('POST', '/api/v1/registerGatewayKey', {
    id: 'b827eb0a1c2d',
    modelId: '34',
    name: 'Press line 1',
  });
  await t.api('PUT', '/api/v1/users/lee.shift', { password: 'viewer-password-2' });
  await signIn(driver, t);
  for (const lang of ['en', 'ko'])
    for (const [width, height] of [
      [1440, 1900],
      [390, 4200],
    ] as const) {
      await openInLanguage(driver, `http://127.0.0.1:${t.site.ports.http}/access`, { lang, width, height });
      await driver.findElement($('token-name')).sendKeys(`SCADA ${lang}-${width}`);
      await driver.findElement($('token-create')).click();
      await driver.sleep(800);
      await driver.executeScript('window.scrollTo(0, 0)');
      await saveScreenshot(driver, OUT, `access-${lang}-${width}.png`);
    }
} finally {
  await driver.quit();
  await t.destroy();
}
