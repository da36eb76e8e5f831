// Screenshots of the cluster page with the site address (docs/screenshots/cluster-site-address-*.png):
// a single node holding 10.77.0.100 on eth0. The address is really added, so this runs inside a network
// namespace it makes for itself (a veth eth0 in it; never the host's interfaces): run as root after
// `npm run build`: node --import tsx test/support/site-address-screenshots.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headlessChromium, openInLanguage, saveScreenshot, signIn } from './browser.js';
import { ip } from './netns.js';
import { startTestSite } from './site.js';

const OUT = join(import.meta.dirname, '../../docs/screenshots');

if (process.env.EDGE_SITE_SHOT_NETNS === undefined) {
  const ns = `esvshot-${process.pid}`;
  ip('netns', 'add', ns);
  try {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
    ip('-n', ns, 'link', 'set', 'eth1', 'up');
    ip('-n', ns, 'addr', 'add', '10.77.0.11/24', 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', self], {
      stdio: 'inherit',
      env: { ...process.env, EDGE_SITE_SHOT_NETNS: ns },
    });
    process.exitCode = run.status ?? 1;
  } finally {
    ip('netns', 'del', ns);
  }
} else {
  const driver = await headlessChromium();
  mkdirSync(OUT, { recursive: true });
  const t = await startTestSite({
    mqtt: { host: '0.0.0.0', port: 0, tlsPort: null },
    cluster: { node: 'press-hall-pc-1:8080', siteAddress: { address: '10.77.0.100/24', interface: 'eth0' } },
  });
  try {
    await signIn(driver, t);
    const base = `http://127.0.0.1:${t.site.ports.http}`;
    for (const lang of ['en', 'ko'])
      for (const width of [1440, 390]) {
        await openInLanguage(driver, `${base}/cluster`, { lang, width, height: width > 500 ? 1100 : 2000 });
        await saveScreenshot(driver, OUT, `cluster-site-address-${lang}-${width}.png`);
      }
  } finally {
    await t.destroy();
    await driver.quit();
  }
}
