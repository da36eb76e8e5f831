// mDNS/DNS-SD between two sites on a real (virtual) LAN: two network namespaces joined by a veth pair
// (10.200.78.0/24, multicast routed onto it), never the host's interfaces. Each side runs SiteMdns in a
// child process (only a process can enter a namespace), advertises itself and must hear the other with
// its name, node, ports and address. A third namespace without any network shows that a PC without
// multicast runs on, counting the error. Needs root and iproute2 (CI runs as root).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { DiscoveredSites } from '../../../src/shared/discovery.js';
import { ip, netnsSkip } from '../../support/netns.js';

const A = `esm-a-${process.pid}`;
const B = `esm-b-${process.pid}`;
const NONE = `esm-none-${process.pid}`;
const SCRIPT = fileURLToPath(new URL('./netns-site.ts', import.meta.url));

interface Run {
  heard: DiscoveredSites;
  final: DiscoveredSites;
}

/** Runs netns-site.ts in a namespace; resolves with what it printed. */
function runSite(ns: string, args: Record<string, unknown>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '--import', 'tsx', SCRIPT, JSON.stringify(args)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`site in ${ns} exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as Run);
    });
  });
}

const skip = netnsSkip();

describe('mDNS advertise and browse between network namespaces', { skip }, () => {
  before(() => {
    for (const ns of [A, B, NONE]) ip('netns', 'add', ns);
    ip('-n', A, 'link', 'add', 'vma', 'type', 'veth', 'peer', 'name', 'vmb', 'netns', B);
    ip('-n', A, 'addr', 'add', '10.200.78.1/24', 'dev', 'vma');
    ip('-n', B, 'addr', 'add', '10.200.78.2/24', 'dev', 'vmb');
    for (const [ns, dev] of [
      [A, 'vma'],
      [B, 'vmb'],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
      // no default route in a namespace: multicast (224.0.0.251) needs its own
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
    }
  });

  after(() => {
    for (const ns of [A, B, NONE]) spawnSync('ip', ['netns', 'del', ns]);
  });

  test('each site advertises itself and lists the other with its name, node, ports and address', async () => {
    const [ra, rb] = await Promise.all([
      runSite(A, {
        siteName: 'Plant North',
        node: 'north-1',
        ports: [8080, 8081, 1883],
        expect: 'south-1',
        waitMs: 10_000,
      }),
      runSite(B, {
        siteName: 'Plant South',
        node: 'south-1',
        ports: [9080, 9081, 2883],
        expect: 'north-1',
        waitMs: 10_000,
      }),
    ]);
    for (const side of [ra.final, rb.final]) {
      assert.equal(side.enabled, true);
      assert.equal(side.advertising, true, JSON.stringify(side));
      assert.equal(side.errors, 0, side.lastError ?? '');
    }
    const [a, b] = [ra.heard, rb.heard];
    assert.deepEqual(
      a.data.map((s) => [s.name, s.node, s.httpPort, s.gatewayHttpPort, s.mqttPort, s.version]),
      [['Plant South', 'south-1', 9080, 9081, 2883, 'test']],
      'north hears south (and not itself)',
    );
    assert.ok(a.data[0]!.addresses.includes('10.200.78.2'), JSON.stringify(a.data[0]));
    assert.deepEqual(
      b.data.map((s) => [s.name, s.node, s.httpPort, s.gatewayHttpPort, s.mqttPort]),
      [['Plant North', 'north-1', 8080, 8081, 1883]],
      'south hears north',
    );
    assert.ok(b.data[0]!.addresses.includes('10.200.78.1'), JSON.stringify(b.data[0]));
  });

  test('without any network (no multicast route) the site runs on: the error is counted, nothing heard', async () => {
    const { final: none } = await runSite(NONE, {
      siteName: 'Island',
      node: 'island-1',
      ports: [8080, 8081, 1883],
      waitMs: 500,
    });
    assert.equal(none.advertising, false);
    assert.ok(none.errors >= 1, JSON.stringify(none));
    assert.match(none.lastError ?? '', /ENETUNREACH|EADDRNOTAVAIL|ENODEV/);
    assert.deepEqual(none.data, []);
  });
});
