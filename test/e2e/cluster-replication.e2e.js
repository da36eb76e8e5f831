// End to end in a real browser: a site with the replicated values log on a real 3-server NATS JetStream
// cluster (its own process tree, test/support/replicated-site.ts; the embedded coordinator makes the one
// node master). A gateway's value is acknowledged through the log; the cluster page's Replication card
// shows the quorum, the log's sequence, this node caught up with it, and the stream's three replicas.
import { spawn } from 'node:child_process';
import mqtt from 'mqtt';
import { $, api } from './lib/site.js';

const GATEWAY = 'e2e0000c1a5e';
const SENSOR = `${GATEWAY}-0-flow`;

describe('the cluster page shows the replicated values log', function () {
  let proc;
  let site;

  // the shared client, against this test's own site with its own admin token
  const call = (method, path, body, headers = { authorization: `Bearer ${site.token}` }) =>
    api(method, path, body, headers, site.url);

  before(async function () {
    proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/replicated-site.ts', '1'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    site = await new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (chunk) => {
        out += chunk;
        const line = /^READY (.+)$/m.exec(out);
        if (line) resolve(JSON.parse(line[1]));
      });
      proc.once('exit', (code) => reject(new Error(`replicated site exited with ${code}:\n${out}`)));
    });
    const apiKey = (
      await call('POST', 'api/v1/registerGatewayKey', { id: GATEWAY, modelId: '34', name: 'Pump 3' })
    )[GATEWAY];
    const gatewayAuth = { username: GATEWAY, apikey: apiKey };
    await call(
      'POST',
      `gateways/${GATEWAY}/sensors`,
      {
        reqId: SENSOR,
        name: 'Flow',
        type: 'number',
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: 'jsonrpcNumber',
      },
      gatewayAuth,
    );
    const gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${site.mqttPort}`, {
      clientId: GATEWAY,
      username: GATEWAY,
      password: apiKey,
      clean: true,
      reconnectPeriod: 0,
    });
    // the PUBACK comes only once a quorum of the stream's replicas holds the value
    await gateway.publishAsync(`v/a/g/${GATEWAY}/s/${SENSOR}`, `${Date.now()},12.5`, { qos: 1 });
    await gateway.endAsync();
  });

  after(async function () {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  });

  it('quorum ok, the value in the log, this node caught up, three replicas with one leader', function (browser) {
    browser
      .url(new URL('healthz', site.url).href)
      .setCookie({ name: 'edge_session', value: site.token, path: '/', httpOnly: true, sameSite: 'Strict' })
      .url(new URL('cluster', site.url).href)
      .waitForElementVisible($('replication-card'))
      .assert.attributeEquals($('repl-quorum'), 'data-quorum', 'ok')
      .assert.textContains($('replication-card'), 'Values are acknowledged only when a quorum holds them')
      .assert.textContains($('replication-card'), 'EDGE_VALUES')
      .expect.element($('repl-last-seq'))
      .text.to.not.equal('0')
      .before(10000);
    browser.assert
      .visible($('repl-node-site-a'))
      .assert.textEquals($('repl-caught-up-site-a'), 'yes')
      .assert.not.hasClass($('repl-node-site-a'), 'repl-behind')
      .assert.attributeEquals($('repl-alarm-site-a'), 'data-alarm', 'none')
      .assert.elementsCount(`${$('repl-replicas')} tbody tr`, 3)
      .assert.elementsCount(`${$('repl-replicas')} tbody .badge-info`, 1)
      .assert.not.elementPresent($('repl-refusal'))
      .assert.not.elementPresent($('replication-off'));
  });

  it('a site without replication says in one line that values are kept on each node only', function (browser) {
    // the shared site's session again (the cookie is per host, and the first test set the other site's)
    browser
      .url(new URL('healthz', process.env.EDGE_SITE_URL).href)
      .setCookie({
        name: 'edge_session',
        value: process.env.EDGE_SITE_TOKEN,
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
      })
      .url(new URL('cluster', process.env.EDGE_SITE_URL).href)
      .waitForElementVisible($('replication-off'))
      .assert.textContains($('replication-off'), 'values are kept on each node only')
      .assert.not.elementPresent($('repl-quorum'));
  });
});
