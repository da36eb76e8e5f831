// What a scan request turns into, without sending anything: probes, expected reply sources, refusals.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planScan, type Ipv4Interface, type PlanInput } from '../../../src/main/discovery/index.js';
import { ServiceError } from '../../../src/main/errors.js';

const LAN: Ipv4Interface[] = [
  { name: 'eth0', address: '10.200.1.5', netmask: '255.255.255.0' },
  { name: 'eth1', address: '10.200.8.9', netmask: '255.255.252.0' },
];
const options = {
  port: 28282,
  maxProbes: 2000,
  probesPerSecond: 1000,
  broadcast: true,
  listInterfaces: () => LAN,
};
const plan = (input: PlanInput, overrides: Partial<typeof options> = {}) =>
  planScan(input, { ...options, ...overrides });

function refused(input: PlanInput, message: RegExp, overrides: Partial<typeof options> = {}): void {
  assert.throws(
    () => plan(input, overrides),
    (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.code, 'ES_BAD_REQUEST');
      assert.match(err.message, message);
      return true;
    },
  );
}

describe('discovery plan', () => {
  test('an address, an address:port and a range become host probes on the right ports', () => {
    const p = plan({ targets: ['192.0.2.10', '127.0.0.1:40001', '198.51.100.0/28'] });
    const hosts = p.probes.map((x) => `${x.address}:${x.port}`);
    assert.equal(hosts[0], '192.0.2.10:28282');
    assert.equal(hosts[1], '127.0.0.1:40001');
    // a /28 has 14 hosts: the network and broadcast addresses are not probed
    assert.equal(hosts.length, 2 + 14);
    assert.ok(hosts.includes('198.51.100.1:28282') && hosts.includes('198.51.100.14:28282'));
    assert.ok(!hosts.includes('198.51.100.0:28282') && !hosts.includes('198.51.100.15:28282'));
    assert.ok(
      p.probes.every((x) => !x.broadcast),
      'typed targets alone broadcast nothing',
    );
  });

  test('a /31 and a /32 probe every address; duplicates are probed once', () => {
    const p = plan({ targets: ['192.0.2.4/31', '192.0.2.4', '192.0.2.4/32', '192.0.2.5:28282'] });
    assert.deepEqual(
      p.probes.map((x) => x.address),
      ['192.0.2.4', '192.0.2.5'],
    );
  });

  test('no input broadcasts on every LAN interface, on its subnet-directed broadcast address', () => {
    const p = plan({});
    assert.deepEqual(p.probes, [
      { address: '10.200.1.255', port: 28282, broadcast: true },
      { address: '10.200.11.255', port: 28282, broadcast: true },
    ]);
    assert.ok(p.hasBroadcast);
  });

  test('named interfaces broadcast only there, beside typed targets', () => {
    const p = plan({ interfaces: ['eth1'], targets: ['192.0.2.1'] });
    assert.deepEqual(
      p.probes.map((x) => x.address),
      ['192.0.2.1', '10.200.11.255'],
    );
  });

  test('replies are expected from probed hosts and from the broadcast subnets, on the probed port', () => {
    const p = plan({ interfaces: ['eth0'], targets: ['127.0.0.1:40001'] });
    assert.ok(p.expects('127.0.0.1', 40001));
    assert.ok(!p.expects('127.0.0.1', 40002), 'another port of a probed host');
    assert.ok(p.expects('10.200.1.77', 28282));
    assert.ok(!p.expects('10.200.2.77', 28282), 'outside the broadcast subnet');
    assert.ok(!p.expects('10.200.1.77', 1234));
    assert.ok(!p.expects('not-an-ip', 28282));
  });

  test('a range wider than /22 is refused, naming the field', () => {
    refused(
      { targets: ['127.0.0.1', '10.0.0.0/21'] },
      /^targets\/1: "10\.0\.0\.0\/21" spans 2048 addresses.*\/22/,
    );
    // a /22 itself is fine
    assert.equal(plan({ targets: ['127.0.0.0/22'] }).probes.length, 1022);
  });

  test('malformed targets are refused with the expected forms', () => {
    for (const bad of [
      'gateway.local',
      '300.1.1.1',
      '1.2.3',
      '1.2.3.4/33',
      '1.2.3.4:0',
      '1.2.3.4:70000',
      '::1',
    ]) {
      refused({ targets: [bad] }, /^targets\/0: /);
    }
    refused({ targets: ['nope'] }, /not an IPv4 address, range or address:port/);
  });

  test('broadcast, multicast and reserved targets are refused: only interfaces broadcast', () => {
    for (const bad of ['255.255.255.255', '224.0.0.1', '239.1.2.3:28282', '0.0.0.0']) {
      refused({ targets: [bad] }, /^targets\/0: .*name an interface to broadcast/);
    }
  });

  test('more probes than the rate allows in one scan is refused as a flood', () => {
    refused(
      { targets: ['127.0.0.0/22', '127.0.4.0/22', '127.0.8.0/22'] },
      /^targets: 3066 probes would flood the LAN: a scan sends at most 2000 \(1000 per second\)/,
    );
    refused({ targets: ['127.0.0.0/28'] }, /would flood/, { maxProbes: 10 });
  });

  test('with broadcasting turned off, only typed targets are probed', () => {
    assert.equal(plan({ targets: ['192.0.2.1'] }, { broadcast: false }).probes.length, 1);
    refused({}, /^targets: broadcasting is turned off on this site/, { broadcast: false });
    refused({ interfaces: ['eth0'], targets: ['192.0.2.1'] }, /^interfaces: broadcasting is turned off/, {
      broadcast: false,
    });
  });

  test('an unknown or loopback interface is refused, listing the known ones', () => {
    refused(
      { interfaces: ['eth0', 'wlan9'] },
      /^interfaces\/1: no IPv4 LAN interface "wlan9".*known: eth0, eth1/,
    );
    refused({ interfaces: ['lo'] }, /loopback cannot broadcast/);
  });
});
