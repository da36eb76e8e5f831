// Find gateways: a fake Thing+ gateway (a UDP responder on 127.0.0.1 answering "Thing+?" like the real
// one) is typed as a target, found, added to the site in one click, and the configuration to give it is
// shown. Typed targets only: the test never broadcasts.
import { createSocket } from 'node:dgram';

const GATEWAY = 'e2e0000f1a2b';
const $ = (id) => `[data-testid="${id}"]`;
const url = (path) => `${process.env.EDGE_SITE_URL}${path}`;

async function startResponder(reply) {
  const socket = createSocket('udp4');
  const received = [];
  socket.on('message', (message, from) => {
    received.push(message.toString());
    // a real gateway answers only this exact text (protocol §8)
    if (message.toString() === 'Thing+?') socket.send(JSON.stringify(reply), from.port, from.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, received, target: `127.0.0.1:${socket.address().port}` };
}

describe('Find gateways: scan typed targets, add in one click', function () {
  let responder;

  before(async function () {
    responder = await startResponder({
      id: GATEWAY,
      name: 'Paint booth',
      service: 'https://api.example.test',
      mqtt: 'mqtts://mqtt.example.test:8883',
      serviceConn: true,
      mqttConn: false,
      uptime: 321,
    });
  });
  after(async function () {
    await new Promise((resolve) => responder.socket.close(resolve));
    await fetch(url(`api/v1/gateways/${GATEWAY}`), { method: 'DELETE' }).catch(() => undefined);
  });

  it('the Gateways page links to Find gateways', async function (browser) {
    await browser.navigateTo(url('gateways'));
    await browser.waitForElementVisible($('gateways-find'));
    await browser.click($('gateways-find'));
    await browser.waitForElementVisible($('scan-form'));
    const path = await browser.execute(() => window.location.pathname); // eslint-disable-line no-undef
    browser.assert.equal(path, '/gateways/find');
    // this e2e site runs with --mdns off: the page says so rather than "no other site"
    await browser.expect.element($('other-sites')).text.to.contain('Other sites on this LAN');
    await browser.expect.element($('other-sites')).text.to.contain('turned off on this site');
  });

  it('bad targets are named before anything is sent', async function (browser) {
    await browser.click($('scan-mode-none'));
    await browser.click($('scan-submit'));
    await browser.expect.element($('scan-input-problems')).text.to.contain('type at least one target');
    await browser.setValue($('scan-targets'), '10.0.0.0/16 192.168.1.300 gateway.local 239.1.2.3');
    await browser.click($('scan-submit'));
    const problems = $('scan-input-problems');
    await browser.expect.element(problems).text.to.contain('"10.0.0.0/16" spans 65536 addresses');
    await browser.expect.element(problems).text.to.contain('at most a /22');
    await browser.expect.element(problems).text.to.contain('"192.168.1.300" has a number above 255');
    await browser.expect.element(problems).text.to.contain('"gateway.local" is not an IPv4 address');
    await browser.expect.element(problems).text.to.contain('"239.1.2.3" is a broadcast, multicast');
    await browser.expect.element($('scan-results')).to.not.be.present;
  });

  it('what only the site can refuse (a flood of probes) is shown clearly too', async function (browser) {
    await browser.clearValue($('scan-targets'));
    await browser.setValue($('scan-targets'), '127.0.0.0/22, 127.0.4.0/22');
    await browser.click($('scan-submit'));
    await browser.waitForElementVisible($('scan-error'), 5000);
    await browser.expect.element($('scan-error')).text.to.contain('probes would flood the LAN');
    browser.assert.equal(responder.received.length, 0, 'a refused scan sends nothing');
  });

  it('the typed responder is found within 3 s, with its server and connection', async function (browser) {
    await browser.clearValue($('scan-targets'));
    await browser.setValue($('scan-targets'), responder.target);
    await browser.click($('scan-submit'));
    await browser.waitForElementVisible($('scan-progress'), 2000);
    await browser.waitForElementVisible($(`found-${GATEWAY}`), 5000);
    browser.assert.deepEqual(responder.received, ['Thing+?'], 'one probe, the exact Thing+ text');
    const row = $(`found-${GATEWAY}`);
    await browser.expect.element(row).text.to.contain('Paint booth');
    await browser.expect.element(row).text.to.contain(responder.target);
    await browser.expect.element(row).text.to.contain('https://api.example.test');
    await browser.expect
      .element($(`found-${GATEWAY}-here`))
      .to.have.attribute('data-registered')
      .equals('false');
    await browser.expect.element($('scan-summary')).text.to.contain('1 found');
  });

  it('"Add to this site" registers it and shows the configuration with its APIKEY', async function (browser) {
    await browser.click($(`found-${GATEWAY}-add`));
    await browser.waitForElementVisible($('scan-added'), 5000);
    await browser.expect.element($('scan-added')).text.to.contain('Paint booth was added');
    const config = JSON.parse(await browser.getText($('setup-config')));
    browser.assert.equal(config.Gateway.id, GATEWAY);
    browser.assert.equal(String(config.Server.mqtt.port), String(process.env.EDGE_SITE_MQTT_PORT));
    const key = (await browser.getText($('setup-apikey'))).trim();
    browser.assert.ok(key.length >= 40, 'the issued APIKEY is shown with the configuration');
    await browser.expect
      .element($(`found-${GATEWAY}-here`))
      .to.have.attribute('data-registered')
      .equals('true');
    const res = await fetch(url(`api/v1/gateways/${GATEWAY}`));
    browser.assert.equal(res.status, 200, 'the gateway is registered on the site');
    browser.assert.equal((await res.json()).name, 'Paint booth');
  });

  it('a pairing code with its QR is shown; a gateway that sends it back gets its APIKEY', async function (browser) {
    await browser.click($('pairing-create'));
    await browser.waitForElementVisible($('pairing-code'), 5000);
    const code = await browser.getText($('pairing-code'));
    browser.assert.ok(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(code), `code ${code}`);
    await browser.expect
      .element($('pairing-qr'))
      .to.have.attribute('src')
      .which.matches(/^data:image\/svg\+xml;base64,/);
    await browser.expect.element($('pairing-valid')).text.to.contain('Valid until');
    const res = await fetch(url('gateways/pair'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, id: 'e2e0000f1a2c', model: '34' }),
    });
    const body = await res.json();
    browser.assert.equal(res.status, 201, JSON.stringify(body));
    browser.assert.ok(body.apikey.length >= 40, 'the APIKEY, once');
    await fetch(url('api/v1/gateways/e2e0000f1a2c'), { method: 'DELETE' });
  });
});
