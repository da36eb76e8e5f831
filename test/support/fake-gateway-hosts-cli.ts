// Fake gateway hosts (fake-gateway-host.ts) for the browser tests, which are plain JavaScript: started
// from the JSON spec in argv[2] ({login, hosts: [{id, name, address}]}, one shared SSH port), described
// as one JSON line on stdout, closed when stdin ends.
//   node --import tsx test/support/fake-gateway-hosts-cli.ts '{"login":…,"hosts":[…]}'
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGatewayHost, type FakeGatewayHost } from './fake-gateway-host.js';

interface Spec {
  login: { username: string; password: string };
  hosts: Array<{ id: string; name: string; address: string }>;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const root = mkdtempSync(join(tmpdir(), 'fake-gateway-hosts-'));
const hosts: FakeGatewayHost[] = [];
for (const h of spec.hosts)
  hosts.push(await startFakeGatewayHost({ ...h, login: spec.login, root, sshPort: hosts[0]?.sshPort ?? 0 }));
process.stdout.write(
  `${JSON.stringify(
    hosts.map((h) => ({
      id: h.id,
      address: h.address,
      udpPort: h.udpPort,
      sshPort: h.sshPort,
      settingsFile: h.settingsFile,
      hostKey: h.hostKey,
    })),
  )}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all(hosts.map((h) => h.close())).then(() => {
    rmSync(root, { recursive: true, force: true });
    process.exit(0);
  });
});
