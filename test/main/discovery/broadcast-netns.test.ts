// Broadcast discovery on a real (virtual) LAN: two network namespaces joined by a veth pair, 10.200.77.0/24
// inside them only; the host's interfaces are never used. The site side scans from one namespace (a child
// process: only a process can enter a namespace), a Thing+ gateway answers from the other. Needs root and
// iproute2 (CI runs as root); elsewhere the test is skipped, saying why.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { DiscoveryScanResponse } from '../../../src/shared/api.js';
import { ip, netnsSkip } from '../../support/netns.js';

const SITE_NS = `esd-site-${process.pid}`;
const GW_NS = `esd-gw-${process.pid}`;
const GW_ID = 'aabbccddee01';

/** A Thing+ gateway as the real one binds: UDP 28282 on every interface, answering only `Thing+?`. */
const RESPONDER = `
import { createSocket } from 'node:dgram';
const socket = createSocket('udp4');
socket.on('message', (m, from) => {
  if (m.toString() !== 'Thing+?') return;
  socket.send(JSON.stringify({ id: '${GW_ID}', name: 'Press 1', service: 'http://10.200.77.1:8081',
    mqtt: 'mqtt://10.200.77.1:1883', serviceConn: true, mqttConn: true, uptime: 5 }), from.port, from.address);
});
socket.bind(28282, () => process.stdout.write('ready\\n'));
`;

const skip = netnsSkip();

describe('discovery broadcast between network namespaces', { skip }, () => {
  let responder: ChildProcess | undefined;

  before(async () => {
    ip('netns', 'add', SITE_NS);
    ip('netns', 'add', GW_NS);
    // the pair is created inside the site namespace, its peer straight in the gateway's: never on the host
    ip('-n', SITE_NS, 'link', 'add', 'vs0', 'type', 'veth', 'peer', 'name', 'vg0', 'netns', GW_NS);
    ip('-n', SITE_NS, 'addr', 'add', '10.200.77.1/24', 'broadcast', '10.200.77.255', 'dev', 'vs0');
    ip('-n', GW_NS, 'addr', 'add', '10.200.77.2/24', 'broadcast', '10.200.77.255', 'dev', 'vg0');
    for (const [ns, dev] of [
      [SITE_NS, 'vs0'],
      [GW_NS, 'vg0'],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
    responder = spawn(
      'ip',
      ['netns', 'exec', GW_NS, process.execPath, '--input-type=module', '-e', RESPONDER],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      responder!.stdout!.once('data', () => resolve());
      responder!.once('exit', (code) => reject(new Error(`responder exited (${code})`)));
    });
  });

  after(() => {
    responder?.kill();
    // deleting a namespace deletes its end of the veth, and with it the pair
    for (const ns of [SITE_NS, GW_NS]) spawnSync('ip', ['netns', 'del', ns]);
  });

  test('a broadcast on every interface, on a named one, and a typed target all find the gateway', () => {
    const requests = [
      {},
      { interfaces: ['vs0'] },
      { targets: ['10.200.77.2'] },
      { interfaces: ['vs0'], targets: ['10.200.77.0/29'] },
    ];
    const script = fileURLToPath(new URL('./netns-scan.ts', import.meta.url));
    const run = spawnSync(
      'ip',
      ['netns', 'exec', SITE_NS, process.execPath, '--import', 'tsx', script, JSON.stringify(requests)],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(run.stdout) as DiscoveryScanResponse[];
    for (const [i, result] of results.entries()) {
      assert.deepEqual(
        result.data.map((g) => [g.id, g.name, g.address, g.port, g.mqttConn, g.registered]),
        [[GW_ID, 'Press 1', '10.200.77.2', 28282, true, false]],
        `request ${JSON.stringify(requests[i])}`,
      );
      // heard by broadcast and by the typed target: one gateway, not a duplicate
      assert.ok(
        Object.values(result.rejected).every((n) => n === 0),
        JSON.stringify(result.rejected),
      );
    }
    // {} broadcasts once, on the only LAN interface in the namespace (loopback cannot broadcast)
    assert.deepEqual(results[0]!.probes, { sent: 1, failed: 0 });
    assert.deepEqual(results[3]!.probes, { sent: 7, failed: 0 });
  });
});
