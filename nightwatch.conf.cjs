// Nightwatch drives Debian's Chromium through Debian's chromedriver, headless; it never downloads a driver
// or a browser. A global hook starts a real site (the built app through `npm start`'s launcher, headless)
// on free loopback ports.
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER_BIN || '/usr/bin/chromedriver';
for (const [name, path] of [
  ['chromium', CHROMIUM],
  ['chromedriver', CHROMEDRIVER],
]) {
  if (!existsSync(path)) {
    // Nothing is skipped: without a browser the end-to-end tests fail, locally and in CI alike.
    throw new Error(`${name} not found at ${path}: apt-get install -y chromium chromium-driver`);
  }
}

const userDataDir = mkdtempSync(join(tmpdir(), 'edge-site-chromium-'));
/** the site's user admin, made at its first start (the site has no default password) */
const ADMIN_PASSWORD = 'e2e-admin-password';

// Every test signs in without saying so: the tests' own calls to the site's /api/v1 carry the admin's
// session (this file is loaded by every Nightwatch worker; the token travels in the environment), and
// the browser gets the session cookie before each test (globals.beforeEach).
const plainFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const site = process.env.EDGE_SITE_URL && new URL(process.env.EDGE_SITE_URL);
  if (
    !site ||
    url.origin !== site.origin ||
    !url.pathname.startsWith('/api/v1/') ||
    !process.env.EDGE_SITE_TOKEN
  )
    return plainFetch(input, init);
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${process.env.EDGE_SITE_TOKEN}`);
  return plainFetch(input, { ...init, headers });
};

async function signIn(url) {
  const res = await plainFetch(new URL('api/v1/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in as admin: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}
let site;
let siteDataDir;

module.exports = {
  src_folders: ['test/e2e'],
  filter: '**/*.e2e.js',
  output_folder: 'test-results/nightwatch',
  usage_analytics: { enabled: false },
  disable_error_log: false,
  webdriver: { start_process: true, server_path: CHROMEDRIVER, port: 0 },
  globals: {
    waitForConditionTimeout: 10000,
    asyncHookTimeout: 60000,
    async before() {
      siteDataDir = mkdtempSync(join(tmpdir(), 'edge-site-e2e-'));
      site = spawn(
        process.execPath,
        [
          // the launcher `npm start` runs (with the site's V8 flags), headless
          'scripts/start.js',
          '--headless',
          '--data-dir',
          siteDataDir,
          '--mqtt-host',
          '127.0.0.1',
          '--mqtt-port',
          '0',
          '--mqtts-port',
          'off',
          '--http-port',
          '0',
          '--gateway-http-port',
          'off',
          // the browser tests' site must not announce itself on the host's LAN
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
      const line = await new Promise((resolve, reject) => {
        let out = '';
        const read = (chunk) => {
          out += chunk;
          const match = /Console: (\S+)\s+MQTT: port (\d+)/.exec(out);
          if (!match) return;
          // from here on the site writes only its warnings and errors (--log-level warn): into the
          // test output, where a failing test's cause is looked for
          site.stdout.off('data', read);
          site.stdout.pipe(process.stderr);
          resolve(match);
        };
        site.stdout.on('data', read);
        site.once('exit', (code) => reject(new Error(`site exited with ${code} before it was up:\n${out}`)));
      });
      process.env.EDGE_SITE_URL = line[1];
      process.env.EDGE_SITE_MQTT_PORT = line[2];
      process.env.EDGE_SITE_TOKEN = await signIn(line[1]);
    },
    // the browser signs in before every test: the console's session cookie, as the sign-in page sets it
    beforeEach(browser, done) {
      const token = process.env.EDGE_SITE_TOKEN;
      browser
        .url(new URL('healthz', process.env.EDGE_SITE_URL).href)
        .setCookie({ name: 'edge_session', value: token, path: '/', httpOnly: true, sameSite: 'Strict' })
        .perform(() => done());
    },
    async after() {
      if (site && site.exitCode === null) {
        const exited = new Promise((resolve) => site.once('exit', resolve));
        site.kill('SIGTERM');
        await exited;
      }
      rmSync(siteDataDir, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  },
  test_settings: {
    default: {
      launch_url: 'http://127.0.0.1',
      screenshots: { enabled: true, on_failure: true, path: 'test-results/nightwatch/screens' },
      desiredCapabilities: {
        browserName: 'chrome',
        'goog:chromeOptions': {
          binary: CHROMIUM,
          args: [
            '--headless=new',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--window-size=1280,900',
            `--user-data-dir=${userDataDir}`,
          ],
        },
      },
    },
  },
};
