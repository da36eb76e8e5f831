// Run by console-tls-netns.test.ts inside its own network namespace (lo and a test veth only): starts a
// site whose console listens on the namespace's LAN address, plays a LAN browser against it, prints JSON.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../../src/main/config/config.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { startSite } from '../../../src/main/site.js';
import { httpCall } from '../../support/trust.js';

const [host = '10.200.78.1'] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'edge-site-netns-'));
const site = await startSite(
  validateConfig({
    dataDir,
    logLevel: 'silent',
    mqtt: { host, port: 0, tlsPort: null },
    http: { host, port: 0, redirectPort: 0 },
    gatewayHttp: { host, port: null },
    gatewayHttps: { host, port: null },
  }),
  silentLogger(),
);
const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
const https = `https://${host}:${site.ports.http}`;
const result = {
  ports: site.ports,
  consoleUrl: site.consoleUrl,
  tlsFingerprint: site.tlsFingerprint,
  trusted: await httpCall(`${https}/healthz`, { ca }).then((r) => r.status),
  tls: await httpCall(`${https}/api/v1/tls`, { ca }).then((r) => JSON.parse(r.body) as unknown),
  plainOnTlsPort: await httpCall(`http://${host}:${site.ports.http}/api/v1/overview`).then(
    (r) => r.status,
    (err: Error) => `refused: ${err.message}`,
  ),
  redirect: await httpCall(`http://${host}:${site.ports.httpRedirect}/api/v1/overview?x=1`).then((r) => ({
    status: r.status,
    location: r.headers.location,
    body: r.body,
  })),
  forgedHost: await httpCall(`http://${host}:${site.ports.httpRedirect}/`, {
    headers: { host: 'evil.example' },
  }).then((r) => r.headers.location),
  untrusted: await httpCall(`${https}/healthz`).then(
    (r) => r.status,
    (err: Error & { code?: string }) => err.code ?? err.message,
  ),
};
await site.stop();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(result));
