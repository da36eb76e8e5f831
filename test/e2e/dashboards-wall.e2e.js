// End to end in a real browser: wall mode on a site of its own (the site process is stopped and started
// again on the same port and data): the dashboards in turn without a mouse, a loud stale state while the
// site is down with the last update time, gone by itself when the site is back.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const $ = (id) => `[data-testid="${id}"]`;

/** this file's own site makes its admin from this password at first start; its session signs everything in */
const ADMIN_PASSWORD = 'wall-admin-password';
const tokens = new Map();
async function tokenOf(base) {
  if (!tokens.has(base)) {
    const res = await fetch(new URL('api/v1/login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
    tokens.set(base, (await res.json()).token);
  }
  return tokens.get(base);
}

async function api(method, path, body, headers = {}, base = process.env.EDGE_SITE_URL) {
  const own = base === process.env.EDGE_SITE_URL ? {} : { authorization: `Bearer ${await tokenOf(base)}` };
  const res = await fetch(new URL(path, base), {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...own, ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The built site as `npm start` runs it, headless; resolves with its console URL once it is up. */
function startSite(dataDir, httpPort) {
  const child = spawn(
    process.execPath,
    [
      'scripts/start.js',
      '--headless',
      '--data-dir',
      dataDir,
      '--mqtt-host',
      '127.0.0.1',
      '--mqtt-port',
      '0',
      '--mqtts-port',
      'off',
      '--http-port',
      String(httpPort),
      '--gateway-http-port',
      'off',
      '--mdns',
      'off',
      '--gateway-https-port',
      'off',
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, EDGE_SITE_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Console: (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`site exited with ${code}:\n${out}`)));
  });
}

async function stopSite(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('wall mode: a loud stale state while the site is down, gone by itself when it returns', function () {
  let site;
  let dataDir;
  let port;

  before(async function () {
    dataDir = mkdtempSync(join(tmpdir(), 'edge-site-e2e-wall-'));
    site = await startSite(dataDir, 0);
    port = Number(new URL(site.url).port);
    await api('POST', 'api/v1/dashboards', { name: 'Wall one', widgets: [] }, {}, site.url);
    await api('POST', 'api/v1/dashboards', { name: 'Wall two', widgets: [] }, {}, site.url);
  });

  after(async function () {
    if (site) await stopSite(site.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the dashboards full screen, in turn, without a mouse', async function (browser) {
    // the browser's session is of the shared site: this site has its own (cookies hold for every port)
    await browser.navigateTo(`${site.url}healthz`);
    await browser.setCookie({
      name: 'edge_session',
      value: await tokenOf(site.url),
      path: '/',
      httpOnly: true,
    });
    await browser.navigateTo(`${site.url}#/wall`);
    await browser.waitForElementVisible($('wall'));
    await browser.expect.element($('wall')).to.have.attribute('data-fresh').equals('fresh').before(10000);
    await browser.expect.element($('wall-title')).text.to.equal('Wall one');
    await browser.sendKeys('body', browser.Keys.ARROW_RIGHT);
    await browser.expect.element($('wall-title')).text.to.equal('Wall two');
    await browser.sendKeys('body', browser.Keys.ARROW_RIGHT);
    await browser.expect.element($('wall-title')).text.to.equal('Wall one');
    // Space pauses the rotation, so the dashboard shown below is known whatever the timing
    await browser.sendKeys('body', ' ');
    await browser.expect.element($('wall-pause')).text.to.equal('Resume');
  });

  it('says the data is stale when the site stops, with the last update time', async function (browser) {
    await stopSite(site.child);
    await browser.waitForElementVisible($('wall-stale'), 10000);
    await browser.expect.element($('wall-stale')).to.have.attribute('data-state').equals('offline');
    await browser.expect.element($('wall-stale')).text.to.match(/Data is stale: site unreachable/);
    await browser.expect.element($('wall-stale')).text.to.match(/last update \d{1,2}:\d\d:\d\d/);
  });

  it('clears by itself when the site is back', async function (browser) {
    site = await startSite(dataDir, port);
    await browser.waitForElementNotPresent($('wall-stale'), 40000);
    await browser.expect.element($('wall')).to.have.attribute('data-fresh').equals('fresh');
    await browser.expect.element($('wall-title')).text.to.equal('Wall one');
  });
});
