// First run, end to end: a technician registers a gateway in the console's first-run guide, is shown the
// host, ports and a sample Thing+ configuration with its key, and watches a gateway (mqtt.js, configured
// from that sample) connect and its sensors appear. Plus deep links without '#'.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';

const GATEWAY = 'e2e0000b0a2d';
const SENSOR = `${GATEWAY}-0-humidity-0`;
const SECOND = 'e2e0000b0a2e';
const $ = (id) => `[data-testid="${id}"]`;
const url = (path) => `${process.env.EDGE_SITE_URL}${path}`;

describe('first run: register → sample configuration → first connection → sensors', function () {
  let config;
  let apiKey;
  let gateway;
  let second;

  after(async function () {
    if (gateway) await gateway.endAsync(true);
    if (second) await second.endAsync(true);
  });

  it('/overview typed in the address bar opens the console, not a JSON 404', async function (browser) {
    await browser.navigateTo(url('overview'));
    await browser.waitForElementVisible('.page h1');
    await browser.expect.element('.page h1').text.to.contain('Overview');
    const href = await browser.execute(() => window.location.href); // eslint-disable-line no-undef
    browser.assert.ok(!href.includes('#'), `no '#' in ${href}`);
    // an old hash link still works: it lands on the same page at its real address
    await browser.navigateTo(url('#/register'));
    await browser.waitForElementVisible($('register-id'));
    const moved = await browser.execute(() => window.location.pathname + window.location.hash); // eslint-disable-line no-undef
    browser.assert.equal(moved, '/register');
  });

  it('the register page shows where gateways connect and links to the guide', async function (browser) {
    await browser.waitForElementVisible($('register-endpoints'));
    await browser.expect.element($('setup-mqtt-port')).text.to.equal(String(process.env.EDGE_SITE_MQTT_PORT));
    await browser.click($('register-guide-link'));
    await browser.waitForElementVisible($('onboarding'));
    const path = await browser.execute(() => window.location.pathname); // eslint-disable-line no-undef
    browser.assert.equal(path, '/welcome');
  });

  it('registering in the guide shows the configuration with host, ports and id, and the key', async function (browser) {
    await browser.setValue($('onboarding-id'), GATEWAY);
    await browser.setValue($('onboarding-name'), 'Dryer hall');
    await browser.click($('onboarding-register'));
    await browser.waitForElementVisible($('setup-config'));
    // this site serves no MQTTS nor HTTPS: the guide offers the configuration without TLS first
    await browser.expect.element($('gateway-config')).to.have.attribute('data-mode').equals('plain');
    config = JSON.parse(await browser.getText($('setup-config')));
    browser.assert.equal(config.Gateway.id, GATEWAY);
    browser.assert.equal(String(config.Server.mqtt.port), String(process.env.EDGE_SITE_MQTT_PORT));
    browser.assert.equal(config.Server.APIKEY, undefined, 'no key in a plain Thing+ configuration');
    apiKey = (await browser.getText($('setup-apikey'))).trim();
    browser.assert.ok(apiKey.length >= 40, 'the issued APIKEY is shown as the password');
    // the TLS choice says why it cannot work here
    await browser.click($('setup-mode-tls'));
    await browser.expect.element($('setup-tls-blocked')).text.to.contain('MQTT over TLS is off');
    await browser.click($('setup-mode-plain'));
    await browser.expect.element($('onboarding-step-1')).to.have.attribute('data-state').equals('done');
    await browser.expect.element($('onboarding-connection')).text.to.contain('Waiting for Dryer hall');
  });

  it('a Thing+ gateway without TLS sends no key: the guide says why it waits and allows it in one click', async function (browser) {
    // the e2e site's broker listens on loopback only, so the sample's LAN host is replaced; the port is used as shown
    const knock = () =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${config.Server.mqtt.port}`, {
        clientId: config.Gateway.id,
        reconnectPeriod: 0,
      });
    const refused = await knock().catch((err) => err);
    browser.assert.ok(refused instanceof Error, `refused without a key: ${refused}`);
    await browser.waitForElementVisible($('connect-refusal'), 10000);
    await browser.expect
      .element($('connect-refusal'))
      .to.have.attribute('data-kind')
      .equals('auth.credentialsRequired');
    await browser.expect.element($('connect-refusal')).text.to.contain('127.0.0.1');
    await browser.click($('refusal-allow'));
    await browser.waitForElementNotPresent($('refusal-allow'), 5000);
    gateway = await knock();
    await gateway.publishAsync(`v/a/g/${GATEWAY}/mqtt/status`, 'on', { qos: 1, retain: true });
    await browser.expect
      .element($('onboarding-connection'))
      .to.have.attribute('data-state')
      .equals('connected')
      .before(10000);
    await browser.expect.element($('onboarding-connection')).text.to.contain('Dryer hall is connected');
  });

  it('its sensor, registered over the REST port shown, appears live with its value', async function (browser) {
    const rest = await fetch(`http://127.0.0.1:${config.Server.service.port}/gateways/${GATEWAY}/sensors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', username: GATEWAY, apikey: apiKey },
      body: JSON.stringify({ reqId: SENSOR, name: 'Dryer humidity', type: 'humidity', category: 'sensor' }),
    });
    browser.assert.equal(rest.status, 201, 'sensor registered over the gateway-facing REST');
    await browser.waitForElementVisible($(`onboarding-sensor-${SENSOR}`), 10000);
    await browser.expect.element($(`onboarding-sensor-${SENSOR}`)).text.to.contain('Dryer humidity');
    await gateway.publishAsync(`v/a/g/${GATEWAY}/s/${SENSOR}`, `${Date.now()},41.5`, { qos: 1 });
    await browser.expect
      .element($(`onboarding-sensor-${SENSOR}`))
      .text.to.contain('41.5')
      .before(10000);
    await browser.expect.element($('onboarding-step-4')).to.have.attribute('data-state').equals('done');
  });

  it('done: leads to the dashboards; a deep link to the gateway reloads to its page', async function (browser) {
    await browser.click($('onboarding-done'));
    await browser.waitForElementVisible($('dashboard-view'));
    const path = await browser.execute(() => window.location.pathname); // eslint-disable-line no-undef
    browser.assert.equal(path, '/dashboards');
    // (which dashboard opens first depends on the dashboards other browser tests saved on this shared site)
    await browser.navigateTo(url(`gateways/${GATEWAY}`));
    await browser.refresh();
    await browser.waitForElementVisible($(`sensor-row-${SENSOR}`));
    await browser.expect.element($('gateway-title')).text.to.equal('Dryer hall');
  });

  it('on the gateway page a sensor is added, found by search, and the APIKEY rotated after a confirmation', async function (browser) {
    await browser.click($('sensor-add'));
    await browser.waitForElementVisible($('sensor-add-form'));
    await browser.setValue($('sensor-add-id'), `${GATEWAY}-0-temperature-0`);
    await browser.setValue($('sensor-add-name'), 'Dryer inlet temperature');
    await browser.click($('sensor-add-submit'));
    await browser.waitForElementVisible($(`sensor-row-${GATEWAY}-0-temperature-0`));
    await browser.setValue($('sensor-search'), 'inlet');
    await browser.waitForElementNotPresent($(`sensor-row-${SENSOR}`));
    await browser.expect.element($(`sensor-row-${GATEWAY}-0-temperature-0`)).to.be.visible;
    await browser.clearValue($('sensor-search'));

    await browser.click($('gateway-rotate-key'));
    await browser.waitForElementVisible($('dialog'));
    await browser.click($('dialog-ok'));
    await browser.waitForElementVisible($('gateway-new-apikey'));
    const key = (await browser.getText($('gateway-new-apikey'))).trim();
    browser.assert.ok(key.length >= 40 && key !== apiKey, 'a new key is shown');
    // the old key no longer opens the gateway-facing REST; the new one does
    const ask = (apikey) =>
      fetch(`http://127.0.0.1:${config.Server.service.port}/gateways/${GATEWAY}`, {
        headers: { username: GATEWAY, apikey },
      }).then((r) => r.status);
    browser.assert.equal(await ask(apiKey), 401);
    browser.assert.equal(await ask(key), 200);
  });

  it('a second gateway already pointed at the site knocks; the guide adds it in one click, no id typed', async function (browser) {
    await browser.navigateTo(url('welcome'));
    await browser.waitForElementVisible($('onboarding-id'));
    // the one Server section for every gateway, shown before any is registered
    // open while no gateway knocks (other browser tests on this shared site may leave some knocking)
    await browser.waitForElementPresent($('point-all'));
    await browser.execute(
      (sel) => {
        document.querySelector(sel).open = true; // eslint-disable-line no-undef
      },
      [$('point-all')],
    );
    // the command shown is run as on a gateway: its script, piped to sh, edits a Thing+ Gateway's config
    await browser.waitForElementVisible($('point-all-command'));
    const command = await browser.getText($('point-all-command'));
    const scriptUrl = /^curl -fsS (http:\/\/\S+\/thingplus-setup\.sh) \| sh$/.exec(command)?.[1];
    browser.assert.ok(scriptUrl, `one command: ${command}`);
    const script = await (await fetch(scriptUrl.replace(/\/\/[^:/]+:/, '//127.0.0.1:'))).text();
    const home = mkdtempSync(join(tmpdir(), 'e2e-gateway-'));
    mkdirSync(join(home, 'thingplus', 'config'), { recursive: true });
    const settings = join(home, 'thingplus', 'config', 'default.json');
    writeFileSync(settings, JSON.stringify({ Gateway: { id: SECOND }, Server: { APIKEY: 'cloud' } }));
    const run = spawnSync('sh', [], {
      input: script,
      cwd: home,
      env: { ...process.env, HOME: home, EDGE_SITE_NO_RESTART: '1' },
    });
    browser.assert.equal(run.status, 0, `the script ran: ${run.stderr}`);
    const shared = JSON.parse(readFileSync(settings, 'utf8')).Server;
    rmSync(home, { recursive: true, force: true });
    browser.assert.equal(shared.APIKEY, undefined, 'no key: the same for every gateway');
    browser.assert.equal(shared.mqtt.protocol, 'mqtt');
    const knock = () =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${shared.mqtt.port}`, { clientId: SECOND, reconnectPeriod: 0 });
    const refused = await knock().catch((err) => err);
    browser.assert.ok(refused instanceof Error, 'an unknown gateway is refused and parked');
    await browser.waitForElementVisible($(`knocking-${SECOND}`), 10000);
    await browser.expect.element($(`knocking-${SECOND}`)).text.to.contain('127.0.0.1 without a key');
    await browser.setValue($(`knocking-name-${SECOND}`), 'Press line A');
    await browser.click($(`knocking-add-${SECOND}`));
    // it stays in the list, followed live, so the next one can be added right away
    await browser.waitForElementVisible($(`added-${SECOND}`), 5000);
    await browser.expect
      .element($(`added-${SECOND}`))
      .to.have.attribute('data-state')
      .equals('waiting');
    await browser.expect.element($(`added-${SECOND}`)).text.to.contain('Press line A');
    // allowed from the address it knocked from: its next attempt gets in
    second = await knock();
    await browser.expect
      .element($(`added-${SECOND}`))
      .to.have.attribute('data-state')
      .equals('connected')
      .before(10000);
    await browser.expect.element($('knocking-done')).to.be.visible;
    // followed in the list: the one-gateway steps are not shown for it
    await browser.expect.element($('onboarding-step-1')).to.have.attribute('data-state').equals('done');
    await browser.expect.element($('onboarding-step-2')).to.not.be.present;
    const res = await fetch(url(`api/v1/gateways/${SECOND}`), {
      headers: { authorization: `Bearer ${process.env.EDGE_SITE_TOKEN}` },
    });
    const body = await res.json();
    browser.assert.equal(body.name, 'Press line A');
    browser.assert.equal(body.legacyAddress, '127.0.0.1', 'the allowance is pinned to the knocking address');
  });
});
