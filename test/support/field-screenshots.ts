// Screenshots of the demo and LAN discovery (docs/screenshots/welcome-demo-*.png, find-gateways-*.png):
// a fresh site's first-run page with Start demo, and Find gateways after a scan of typed loopback targets
// (fake Thing+ gateways: one registered, one new, one answering garbage), the new one just added, and a
// pairing code; then three shipped Thing+ Gateways found and pointed at the site over SSH in one go
// (find-ssh-*.png). Headless Chromium at 1440 and 390 px, English and Korean. Never broadcasts.
// Run after `npm run build`: node --import tsx test/support/field-screenshots.ts
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { By, type WebDriver } from 'selenium-webdriver';
import {
  gatewayAnswer,
  startResponder,
  thingplusReply,
  type Responder,
} from '../main/discovery/responders.js';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';
import { startFakeGatewayHost, type FakeGatewayHost } from './fake-gateway-host.js';
import { startTestSite } from './site.js';
import { mqttFrom } from './trust.js';

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

const LOGIN = { username: 'root', password: 'temppwd' };

/** Three shipped gateways found, chosen and pointed at the site over SSH; shot once they are connected. */
async function shootSsh(driver: WebDriver, base: string, lang: string, width: number, run: number) {
  const root = mkdtempSync(join(tmpdir(), 'field-ssh-'));
  const hosts: FakeGatewayHost[] = [];
  const clients: MqttClient[] = [];
  try {
    const names =
      lang === 'ko'
        ? ['건조동', '프레스 A라인', '컴프레서실']
        : ['Dryer hall', 'Press line A', 'Compressor room'];
    for (const [i, name] of names.entries())
      hosts.push(
        await startFakeGatewayHost({
          id: `b827eb0c${run}${i}01`.slice(0, 12),
          name,
          address: `127.0.0.${40 + run * 4 + i}`,
          sshPort: hosts[0]?.sshPort ?? 0,
          login: LOGIN,
          root,
        }),
      );
    await openInLanguage(driver, `${base}/gateways/find`, { lang, width, height: height(width, 1300) });
    await driver.findElement($('scan-mode-none')).click();
    await driver
      .findElement($('scan-targets'))
      .sendKeys(hosts.map((h) => `${h.address}:${h.udpPort}`).join(' '));
    await driver.findElement($('scan-submit')).click();
    await driver.sleep(3300);
    await driver.executeScript('window.scrollTo(0, 0)');
    if (width > 500) await saveScreenshot(driver, OUT, `find-ssh-form-${lang}-${width}.png`);
    await driver.findElement($('ssh-password')).sendKeys(LOGIN.password);
    const portField = await driver.findElement($('ssh-port'));
    await portField.clear();
    await portField.sendKeys(String(hosts[0]!.sshPort));
    await driver.findElement($('ssh-submit')).click();
    await driver.sleep(3000);
    // each gateway, restarted with what the setup wrote, connects from its own address
    for (const h of hosts) {
      const { mqtt } = h.settings().Server;
      const c = await mqttFrom(h.address, Number(mqtt.port), h.id);
      if (c.client) clients.push(c.client);
    }
    await driver.sleep(800);
    await driver.executeScript('window.scrollTo(0, 0)');
    await saveScreenshot(driver, OUT, `find-ssh-${lang}-${width}.png`);
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await Promise.all(hosts.map((h) => h.close()));
    rmSync(root, { recursive: true, force: true });
  }
}

const driver = await headlessChromium();
mkdirSync(OUT, { recursive: true });
const responders: Responder[] = [];
try {
  const t = await startTestSite({ discovery: { broadcast: false } });
  await signIn(driver, t);
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
    let run = 0;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390]) await shootSsh(driver, base, lang, width, ++run);
  } finally {
    await t.destroy();
  }
} finally {
  await Promise.all(responders.map((r) => r.close()));
  await driver.quit();
}
