// Headless Debian Chromium for the screenshot scripts (test/support/*-screenshots.ts): one way to start
// it and one way to show a console page in a language at a width and save what it shows.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';

export async function headlessChromium(): Promise<WebDriver> {
  const options = new chrome.Options();
  options.setChromeBinaryPath('/usr/bin/chromium');
  options.addArguments(
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--hide-scrollbars',
  );
  return new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(new chrome.ServiceBuilder('/usr/bin/chromedriver'))
    .build();
}

/**
 * Opens `url` in the console's language `lang` (the console reads it from localStorage, so the page is
 * loaded, the language set, and the page loaded again) at `width` × `height`, and waits `settleMs`.
 */
export async function openInLanguage(
  driver: WebDriver,
  url: string,
  o: { lang: string; width: number; height: number; settleMs?: number; theme?: string },
): Promise<void> {
  await driver.manage().window().setRect({ width: o.width, height: o.height });
  await driver.get(url);
  await driver.executeScript(
    `localStorage.setItem('edgeSite.lang', '${o.lang}');` +
      (o.theme
        ? `localStorage.setItem('edgeSite.theme', '${o.theme}')`
        : `localStorage.removeItem('edgeSite.theme')`),
  );
  await driver.get(url);
  await driver.navigate().refresh();
  await driver.sleep(o.settleMs ?? 1500);
  // on a loaded machine a page (its own chunk, then its data) can take longer than the pause: wait until
  // nothing says "loading" any more, then let it draw
  await driver.wait(
    async () => (await driver.executeScript(`return !document.querySelector('.state-loading')`)) === true,
    20_000,
  );
  await driver.sleep(300);
}

export async function saveScreenshot(driver: WebDriver, dir: string, file: string): Promise<void> {
  await writeFile(join(dir, file), await driver.takeScreenshot(), 'base64');
  console.log('saved', file);
}

/**
 * Signs the browser in as the test site's admin: the session cookie the sign-in page would set (cookies
 * are per host, not per port, so it holds for every site on 127.0.0.1 that knows the session).
 */
export async function signIn(
  driver: WebDriver,
  site: { site: { ports: { http: number } }; authHeaders(): Promise<Record<string, string>> },
): Promise<void> {
  const token = (await site.authHeaders()).authorization!.replace(/^Bearer /, '');
  await driver.get(`http://127.0.0.1:${site.site.ports.http}/healthz`);
  await driver.manage().addCookie({ name: 'edge_session', value: token, path: '/', httpOnly: true });
}
