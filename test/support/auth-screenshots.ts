// Screenshots of sign-in (docs/screenshots/auth-*.png): the sign-in page of a site with an admin, and the
// first-run setup page of a site without a user, in English and Korean at 1440 and 390 px.
// Run after `npm run build`: node --import tsx test/support/auth-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { headlessChromium, openInLanguage, saveScreenshot } from './browser.js';
import { startTestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');
mkdirSync(OUT, { recursive: true });
const driver = await headlessChromium();
const withAdmin = await startTestSite();
const fresh = await startTestSite({}, undefined, { admin: false });
try {
  for (const [page, t] of [
    ['signin', withAdmin],
    ['setup', fresh],
  ] as const) {
    for (const lang of ['en', 'ko'])
      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        await driver.manage().deleteAllCookies();
        await openInLanguage(driver, `http://127.0.0.1:${t.site.ports.http}/overview`, {
          lang,
          width,
          height,
        });
        await saveScreenshot(driver, OUT, `auth-${page}-${lang}-${width}.png`);
      }
  }
} finally {
  await driver.quit();
  await withAdmin.destroy();
  await fresh.destroy();
}
