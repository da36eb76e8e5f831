// Run by console-tls-netns.test.ts inside its own network namespace (lo and a test veth only): starts a
// site whose console listens on the namespace's LAN address, plays a LAN browser against it, prints JSON.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../../src/main/config/config.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { startSite } from '../../../src/main/site.js';
import { httpCall } from '../../support/trust.js';

const [host = '10.200.78.1'] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'edge-site-netns-'));
const passwordFile = join(dataDir, 'admin-password');
writeFileSync(passwordFile, 'lan-admin-password\n');
const site = await startSite(
  validateConfig({
    dataDir,
    logLevel: 'silent',
    mqtt: { host, port: 0, tlsPort: null },
    http: { host, port: 0, redirectPort: 0 },
    gatewayHttp: { host, port: null },
    gatewayHttps: { host, port: null },
    auth: { adminPasswordFile: passwordFile },
  }),
  silentLogger(),
);
const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
const https = `https://${host}:${site.ports.http}`;
/** signs in over HTTPS from "another PC" (this namespace's LAN address) and returns the token */
const login = async (username: string, password: string): Promise<string> => {
  const r = await httpCall(`${https}/api/v1/login`, { method: 'POST', body: { username, password }, ca });
  return (JSON.parse(r.body) as { token: string }).token;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = await login('admin', 'lan-admin-password');
await httpCall(`${https}/api/v1/users`, {
  method: 'POST',
  body: { username: 'supervisor', password: 'supervisor-password', role: 'viewer' },
  headers: bearer(admin),
  ca,
});
const viewer = await login('supervisor', 'supervisor-password');
const result = {
  ports: site.ports,
  consoleUrl: site.consoleUrl,
  tlsFingerprint: site.tlsFingerprint,
  trusted: await httpCall(`${https}/healthz`, { ca }).then((r) => r.status),
  tls: await httpCall(`${https}/api/v1/tls`, { ca, headers: bearer(admin) }).then(
    (r) => JSON.parse(r.body) as unknown,
  ),
  // the supervisor, a viewer on another PC: reads the plant, changes nothing
  viewerReads: await httpCall(`${https}/api/v1/overview`, { ca, headers: bearer(viewer) }).then(
    (r) => r.status,
  ),
  viewerWrites: await httpCall(`${https}/api/v1/registerGatewayKey`, {
    method: 'POST',
    body: { id: '0a0b0c0d0e0f', modelId: '34', authType: 'apikey' },
    headers: bearer(viewer),
    ca,
  }).then((r) => r.status),
  anonymous: await httpCall(`${https}/api/v1/overview`, { ca }).then((r) => r.status),
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
