// End to end in a real browser: a technician registers a gateway in the console, the gateway (a real MQTT
// client speaking the Thing+ protocol) registers its sensor over REST and publishes values; the console
// shows the live value and the chart; a threshold rule made in the console fires; the timeline shows it.
import mqtt from 'mqtt';
import { SITE_NODE_FLAGS } from '../../scripts/site-flags.js';

const GATEWAY = 'e2e0000000a1';
const SENSOR = `${GATEWAY}-0-temp0`;
const $ = (id) => `[data-testid="${id}"]`;

describe('a gateway value is stored, trips a rule, and the console shows it', function () {
  let apiKey;
  let gateway;
  let time = Date.now() - 60_000;

  const publish = (value) => {
    time += 1000;
    return gateway.publishAsync(`v/a/g/${GATEWAY}/s/${SENSOR}`, `${time},${value}`, { qos: 1 });
  };

  after(async function () {
    if (gateway) await gateway.endAsync(true);
  });

  it('the launcher started the site with its V8 flags', async function (browser) {
    const overview = await (await fetch(new URL('api/v1/overview', process.env.EDGE_SITE_URL))).json();
    for (const flag of SITE_NODE_FLAGS) {
      browser.assert.ok(
        overview.process.nodeFlags.includes(flag),
        `${flag} in ${overview.process.nodeFlags}`,
      );
    }
  });

  it('an unknown gateway that knocks appears live in the pending list', async function (browser) {
    await browser.navigateTo(process.env.EDGE_SITE_URL);
    await browser.waitForElementVisible($('nav-register'));
    await browser.click($('nav-register'));
    await browser.waitForElementVisible($('register-id'));
    await browser.expect.element($('live-state')).text.to.contain('live').before(10000);
    const refused = await mqtt
      .connectAsync(`mqtt://127.0.0.1:${process.env.EDGE_SITE_MQTT_PORT}`, {
        clientId: 'f00d0000beef',
        reconnectPeriod: 0,
      })
      .then(
        () => false,
        (err) => err.code === 5,
      );
    browser.assert.ok(refused, 'the unknown gateway is refused with CONNACK 5');
    await browser.waitForElementVisible($('pending-row-f00d0000beef'));
  });

  it('registers a gateway in the console and shows its APIKEY once', async function (browser) {
    await browser.setValue($('register-id'), GATEWAY);
    await browser.setValue($('register-name'), 'Press line 1');
    await browser.click($('register-submit'));
    await browser.waitForElementVisible($('register-apikey'));
    apiKey = (await browser.getText($('register-apikey'))).trim();
    browser.assert.ok(apiKey.length >= 40, `an APIKEY is shown (${apiKey.length} chars)`);
  });

  it('the gateway registers its sensor over REST, connects with its key and publishes a value', async function (browser) {
    const rest = await fetch(`${process.env.EDGE_SITE_URL}gateways/${GATEWAY}/sensors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', username: GATEWAY, apikey: apiKey },
      body: JSON.stringify({
        reqId: SENSOR,
        name: 'Press temperature',
        type: 'temperature',
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: 'jsonrpcTemp',
      }),
    });
    browser.assert.equal(rest.status, 201, 'sensor registered over the gateway-facing REST');

    gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${process.env.EDGE_SITE_MQTT_PORT}`, {
      clientId: GATEWAY,
      username: GATEWAY,
      password: apiKey,
      clean: true,
      reconnectPeriod: 0,
      will: { topic: `v/a/g/${GATEWAY}/mqtt/status`, payload: Buffer.from('err'), qos: 1, retain: true },
    });
    // a Thing+ gateway answers the site's timeSync on its req topic
    gateway.on('message', (topic, payload) => {
      const request = JSON.parse(payload.toString());
      gateway.publish(`v/a/g/${GATEWAY}/res`, JSON.stringify({ id: request.id, result: '' }), { qos: 1 });
    });
    await gateway.subscribeAsync(`v/a/g/${GATEWAY}/req`, { qos: 1 });
    await gateway.publishAsync(`v/a/g/${GATEWAY}/mqtt/status`, 'on', { qos: 1, retain: true });
    await gateway.publishAsync(`v/a/g/${GATEWAY}/status`, `on,90,${SENSOR},on,90`, { qos: 1 });
    const puback = await publish('23.5');
    browser.assert.ok(puback !== undefined, 'the value was acknowledged (PUBACK after commit)');
  });

  it('shows the gateway connected and the sensor live value with its unit', async function (browser) {
    await browser.click($('nav-gateways'));
    await browser.waitForElementVisible($(`gateway-row-${GATEWAY}`));
    await browser.expect
      .element($(`gateway-state-${GATEWAY}`))
      .text.to.contain('connected')
      .before(10000);
    await browser.click($(`gateway-row-${GATEWAY}`));
    await browser.waitForElementVisible($(`sensor-row-${SENSOR}`));
    await browser.expect
      .element($(`sensor-value-${SENSOR}`))
      .text.to.equal('23.5')
      .before(10000);
    await browser.expect.element($(`sensor-unit-${SENSOR}`)).text.to.contain('°C');
    await publish('24.25');
    await browser.expect
      .element($(`sensor-value-${SENSOR}`))
      .text.to.equal('24.25')
      .before(10000);
  });

  it('draws the sensor chart and lists the stored raw values', async function (browser) {
    await browser.click($(`sensor-row-${SENSOR}`));
    await browser.waitForElementVisible($('sensor-chart'));
    await browser.waitForElementVisible(`${$('sensor-chart')} canvas`);
    await browser.waitForElementVisible($('series-table'));
    const rows = await browser.findElements(`${$('series-table')} ${$('series-row')}`);
    browser.assert.ok(rows.length >= 2, `the raw values table lists the stored values (${rows.length})`);
  });

  it('a threshold rule made in the console fires and its entry appears on the timeline', async function (browser) {
    await browser.click($('nav-rules'));
    await browser.waitForElementVisible($('rules-new'));
    await browser.click($('rules-new'));
    await browser.waitForElementVisible($('rule-name'));
    await browser.setValue($('rule-name'), 'Press too hot');
    await browser.click(`${$('rule-gateway')} option[value="${GATEWAY}"]`);
    await browser.waitForElementPresent(`${$('rule-sensor')} option[value="${SENSOR}"]`);
    await browser.click(`${$('rule-sensor')} option[value="${SENSOR}"]`);
    await browser.click(`${$('rule-method')} option[value="over"]`);
    await browser.clearValue($('rule-threshold'));
    await browser.setValue($('rule-threshold'), '30');
    await browser.click(`${$('rule-severity')} option[value="warning"]`);
    await browser.click($('rule-submit'));
    await browser.waitForElementVisible('[data-testid^="rule-row-"]');

    await browser.click($('nav-timeline'));
    await browser.waitForElementVisible($('timeline-list'));
    await publish('35.2');
    await browser.expect.element($('timeline-list')).text.to.contain('Press too hot').before(10000);
    await browser.expect.element($('timeline-list')).text.to.contain('35.2');
  });
});
