// The site address service with a recording driver and a coordinator stand-in: taken on 'master',
// released synchronously inside the 'standby' event before any other listener runs, idempotent, retried
// after a failure, and an announcement failure (arping missing) is a status, not a crash.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { Role } from '../../../src/main/cluster/types.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import {
  LinuxAddressDriver,
  SiteAddress,
  clusterView,
  createSiteAddress,
  leaseSeconds,
  parseCidr,
  prefixMask,
  type AddressDriver,
} from '../../../src/main/site-address/index.js';
import type { ClusterState } from '../../../src/shared/api.js';

class FakeCoordinator extends EventEmitter<{ role: [Role, number] }> {
  master: string | null = null;
  acting = false;
  epoch = 0;
  isMaster = () => this.acting;
  getEpoch = () => this.epoch;
  getMaster = () => this.master;
  become(role: Role, epoch: number, master: string | null): void {
    this.acting = role === 'master';
    this.epoch = epoch;
    this.master = master;
    this.emit('role', role, epoch);
  }
}

class RecordingDriver implements AddressDriver {
  readonly name = 'fake';
  readonly calls: string[] = [];
  present = false;
  failAdd = 0;
  announceError: Error | null = null;
  add(): void {
    this.calls.push('add');
    if (this.failAdd > 0) {
      this.failAdd--;
      throw new Error('ip addr replace: Cannot find device "eth9"');
    }
    this.present = true;
  }
  renew(): void {
    this.calls.push('renew');
  }
  remove(): void {
    this.calls.push('remove');
    this.present = false;
  }
  announce(): Promise<void> {
    this.calls.push('announce');
    return this.announceError ? Promise.reject(this.announceError) : Promise.resolve();
  }
  cancelAnnounce(): void {}
}

function setup(renewEveryMs = 20) {
  const coordinator = new FakeCoordinator();
  const driver = new RecordingDriver();
  const entries: string[] = [];
  const address = new SiteAddress({
    cidr: parseCidr('10.77.0.100/24')!,
    interface: 'eth0',
    node: 'node-a',
    coordinator,
    driver,
    renewEveryMs,
    timeline: { add: (e) => entries.push(e.message) },
    logger: silentLogger(),
  });
  return { coordinator, driver, address, entries };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** polls (timers run late on a loaded machine); fails after 5 s */
async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail('condition not met within 5 s');
    await sleep(5);
  }
}

describe('SiteAddress', () => {
  test('taken on master, released inside the standby event before any other listener', () => {
    const { coordinator, driver, address, entries } = setup();
    // a master duty subscribed before the address: it must still see the address gone already
    const seen: boolean[] = [];
    coordinator.on('role', () => seen.push(driver.present));
    address.start();
    assert.deepEqual(driver.calls, ['remove'], 'a stale copy is removed at start');
    coordinator.become('master', 3, 'node-a');
    assert.equal(driver.present, true);
    assert.equal(address.view().held, true);
    assert.equal(address.view().holder, 'node-a');
    coordinator.become('standby', 3, null);
    assert.deepEqual(seen, [true, false], 'released before the other listener ran');
    assert.equal(address.view().held, false);
    assert.deepEqual(entries, [
      'Site address 10.77.0.100 taken by node-a',
      'Site address 10.77.0.100 released by node-a (role standby)',
    ]);
    address.close();
  });

  test('idempotent: the same epoch again adds nothing, a standby that holds nothing removes nothing', () => {
    const { coordinator, driver, address } = setup();
    address.start();
    coordinator.become('standby', 1, 'node-b');
    coordinator.become('master', 2, 'node-a');
    coordinator.become('master', 2, 'node-a');
    assert.deepEqual(
      driver.calls.filter((c) => c !== 'renew'),
      ['remove', 'add', 'announce'],
    );
    address.close();
    assert.equal(driver.present, false, 'close releases');
    coordinator.become('master', 3, 'node-a');
    assert.equal(driver.present, false, 'after close the role is no longer followed');
  });

  test('a standby names the master as the holder; an observer-only node never takes it', () => {
    const { coordinator, address } = setup();
    address.start();
    coordinator.become('standby', 4, 'node-b');
    assert.deepEqual(
      { held: address.view().held, holder: address.view().holder, since: address.view().since },
      { held: false, holder: 'node-b', since: null },
    );
    coordinator.become('observer', 4, 'node-b');
    assert.equal(address.view().held, false);
    address.close();
  });

  test('an add that fails is a status, retried while master; taking it clears the error', async () => {
    const { coordinator, driver, address } = setup(10);
    address.start();
    driver.failAdd = 2;
    coordinator.become('master', 5, 'node-a');
    assert.equal(address.view().held, false);
    assert.match(address.view().lastError ?? '', /Cannot find device/);
    assert.equal(address.view().holder, null, 'the master without it: nobody holds it');
    await waitFor(() => address.view().held);
    assert.equal(address.view().lastError, null);
    await waitFor(() => driver.calls.includes('renew'));
    coordinator.become('standby', 5, null);
    const calls = driver.calls.length;
    await sleep(50);
    assert.equal(driver.calls.length, calls, 'no renewal after the release');
    address.close();
  });

  test('arping missing: a clear error in the status, the address still held', async () => {
    const { coordinator, driver, address } = setup();
    driver.announceError = new Error('arping is not installed (Debian: apt-get install iputils-arping)');
    address.start();
    coordinator.become('master', 6, 'node-a');
    await waitFor(() => address.view().lastError !== null);
    assert.equal(address.view().held, true);
    assert.match(address.view().lastError ?? '', /arping is not installed/);
    address.close();
  });

  test('process exit releases it (the listener is registered only while started)', () => {
    const { coordinator, driver, address } = setup();
    const before = process.listenerCount('exit');
    address.start();
    assert.equal(process.listenerCount('exit'), before + 1);
    coordinator.become('master', 7, 'node-a');
    const exit = process.listeners('exit').at(-1) as () => void;
    exit();
    assert.equal(driver.present, false);
    address.close();
    assert.equal(process.listenerCount('exit'), before);
  });

  test('the cluster view carries the address only when one is configured', () => {
    const { address } = setup();
    const state = { role: 'standby' } as ClusterState;
    const coordinator = { state: () => state };
    assert.equal(clusterView({ coordinator }).siteAddress, undefined);
    assert.equal(clusterView({ coordinator, siteAddress: address }).siteAddress?.address, '10.77.0.100/24');
  });
});

describe('site address parts', () => {
  test('the lease stays under half the session timeout, at least 1 s', () => {
    assert.equal(leaseSeconds(1000), 1);
    assert.equal(leaseSeconds(4000), 1);
    assert.equal(leaseSeconds(10_000), 4);
    assert.equal(leaseSeconds(30_000), 14);
  });

  test('CIDR parsing and masks', () => {
    assert.deepEqual(parseCidr('10.77.0.100/24'), { ip: '10.77.0.100', prefix: 24, text: '10.77.0.100/24' });
    for (const bad of [
      '10.77.0.100',
      '10.77.0.256/24',
      '10.77.0.1/33',
      '127.0.0.2/8',
      'fe80::1/64',
      '224.0.0.1/4',
    ])
      assert.equal(parseCidr(bad), null, bad);
    assert.equal(prefixMask(24), '255.255.255.0');
    assert.equal(prefixMask(20), '255.255.240.0');
    assert.equal(prefixMask(32), '255.255.255.255');
  });

  test('none configured: no service (the single-node default is unchanged)', () => {
    const coordinator = new FakeCoordinator();
    const deps = { node: 'n', coordinator, logger: silentLogger(), sessionTimeoutMs: 10_000 };
    assert.equal(createSiteAddress(undefined, deps), null);
    const made = createSiteAddress({ address: '10.77.0.100/24', interface: 'eth0' }, deps);
    assert.ok(made instanceof SiteAddress);
  });

  test('the Linux driver: arping missing rejects with a clear reason', async () => {
    const driver = new LinuxAddressDriver({
      cidr: parseCidr('10.77.0.100/24')!,
      interface: 'eth0',
      leaseSeconds: 1,
      arping: '/nonexistent/arping',
    });
    await assert.rejects(
      driver.announce(),
      /arping is not installed \(Debian: apt-get install iputils-arping\)/,
    );
  });
});
