// Find gateways → "Point them at this site": two shipped Thing+ Gateways on loopback addresses of their
// own (answering the discovery probe, with an SSH server that runs what it is sent:
// test/support/fake-gateway-host.ts) are found by a typed scan, named, and pointed at the site with one
// SSH login; a wrong password is said per gateway first. Each, restarted, connects with the settings the
// setup wrote, and its row turns connected; Done leads to the dashboards. The test never broadcasts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import mqtt from 'mqtt';

const LOGIN = { username: 'root', password: 'temppwd' };
const HOSTS = [
  { id: 'e2e0000c5501', name: 'gw-paint', address: '127.0.0.61' },
  { id: 'e2e0000c5502', name: 'gw-oven', address: '127.0.0.62' },
];
const $ = (id) => `[data-testid="${id}"]`;
const url = (path) => `${process.env.EDGE_SITE_URL}${path}`;

function startHosts() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/fake-gateway-hosts-cli.ts',
      JSON.stringify({ login: LOGIN, hosts: HOSTS }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, hosts: JSON.parse(out.split('\n')[0]) });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake gateway hosts exited with ${code}`)));
  });
}

/** the gateway, restarted by the setup, connecting from its own address with what was written */
function connectAsRestarted(host) {
  const { Server } = JSON.parse(readFileSync(host.settingsFile, 'utf8'));
  const client = new mqtt.MqttClient(
    () => createConnection({ host: '127.0.0.1', port: Number(Server.mqtt.port), localAddress: host.address }),
    { clientId: host.id, clean: true, reconnectPeriod: 0, protocolVersion: 4 },
  );
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve({ client, Server }));
    client.once('error', reject);
  });
}

describe('Find gateways: point the found ones at the site over SSH, one login', function () {
  let fake;
  const clients = [];

  before(async function () {
    fake = await startHosts();
  });
  after(async function () {
    for (const c of clients) await c.endAsync(true);
    fake?.child.stdin.end();
    for (const h of HOSTS)
      await fetch(url(`api/v1/gateways/${h.id}`), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${process.env.EDGE_SITE_TOKEN}` },
      }).catch(() => undefined);
  });

  it('a scan lists them in the SSH card, names prefilled, all chosen', async function (browser) {
    await browser.navigateTo(url('gateways/find'));
    await browser.waitForElementVisible($('scan-form'));
    await browser.click($('scan-mode-none'));
    await browser.setValue($('scan-targets'), fake.hosts.map((h) => `${h.address}:${h.udpPort}`).join(' '));
    await browser.click($('scan-submit'));
    await browser.waitForElementVisible($('ssh-form'), 6000);
    for (const h of HOSTS) {
      await browser.expect.element($(`ssh-choose-${h.id}`)).to.be.selected;
      await browser.expect.element($(`ssh-name-${h.id}`)).to.have.value.that.equals(h.name);
    }
    await browser.expect.element($('ssh-submit')).text.to.contain('Point 2 gateways at this site');
  });

  it('a wrong password is said per gateway, and nothing is left registered', async function (browser) {
    await browser.setValue($('ssh-password'), 'wrong');
    await browser.clearValue($('ssh-port'));
    await browser.setValue($('ssh-port'), String(fake.hosts[0].sshPort));
    await browser.click($('ssh-submit'));
    for (const h of HOSTS) {
      await browser.waitForElementVisible($(`ssh-failed-${h.id}`), 15000);
      await browser.expect.element($(`ssh-failed-${h.id}`)).text.to.contain('the login was refused');
    }
    const res = await fetch(url(`api/v1/gateways/${HOSTS[0].id}`), {
      headers: { authorization: `Bearer ${process.env.EDGE_SITE_TOKEN}` },
    });
    browser.assert.equal(res.status, 404);
  });

  it('the right login points them here one after the other; each connects and its row stays; Done → dashboards', async function (browser) {
    await browser.clearValue($(`ssh-name-${HOSTS[0].id}`));
    await browser.setValue($(`ssh-name-${HOSTS[0].id}`), 'Paint booth');
    await browser.clearValue($('ssh-password'));
    await browser.setValue($('ssh-password'), LOGIN.password);
    // the first alone, then the second: the first stays listed and is not set up again
    await browser.click($(`ssh-choose-${HOSTS[1].id}`));
    await browser.expect.element($('ssh-submit')).text.to.contain('Point 1 gateway at this site');
    await browser.click($('ssh-submit'));
    await browser.waitForElementVisible($(`added-${HOSTS[0].id}`), 20000);
    await browser.expect.element($(`ssh-choose-${HOSTS[0].id}`)).to.not.be.present;
    await browser.click($(`ssh-choose-${HOSTS[1].id}`));
    await browser.expect.element($('ssh-submit')).text.to.contain('Point 1 gateway at this site');
    await browser.click($('ssh-submit'));
    await browser.waitForElementVisible($(`added-${HOSTS[1].id}`), 20000);
    await browser.expect.element($(`added-${HOSTS[0].id}`)).to.be.visible;
    const restarts = (h) =>
      readFileSync(h.settingsFile.replace(/thingplus\/config\/default\.json$/, 'restarts'), 'utf8')
        .split('\n')
        .filter(Boolean).length;
    browser.assert.equal(restarts(fake.hosts[0]), 1, 'the first was set up once');
    for (const h of fake.hosts) {
      await browser.waitForElementVisible($(`added-${h.id}`), 20000);
      await browser.expect.element($(`ssh-hostkey-${h.id}`)).text.to.contain(h.hostKey);
      const { client, Server } = await connectAsRestarted(h);
      clients.push(client);
      browser.assert.equal(Server.mqtt.protocol, 'mqtt');
      browser.assert.equal(Server.APIKEY, undefined);
      await browser.expect
        .element($(`added-${h.id}`))
        .to.have.attribute('data-state')
        .equals('connected')
        .before(10000);
    }
    await browser.expect.element($(`added-${HOSTS[0].id}`)).text.to.contain('Paint booth');
    await browser.expect.element($(`added-${HOSTS[1].id}`)).text.to.contain('gw-oven');
    await browser.expect
      .element($(`found-${HOSTS[0].id}-here`))
      .to.have.attribute('data-registered')
      .equals('true');
    await browser.click($('ssh-done'));
    await browser.waitForElementVisible('.page h1');
    const path = await browser.execute(() => window.location.pathname); // eslint-disable-line no-undef
    browser.assert.ok(path.startsWith('/dashboards'), path);
  });
});
