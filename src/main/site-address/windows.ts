import { spawnSync } from 'node:child_process';
import { prefixMask } from './cidr.js';
import type { AddressDriver, DriverOptions } from './driver.js';

/**
 * Windows: `netsh interface ipv4 add/delete address` on the named interface (as `netsh interface ipv4
 * show interfaces` names it; the site must run elevated). Windows announces a newly added address with a
 * gratuitous ARP itself (its duplicate address detection), so announce() has nothing to do. There is no
 * address lifetime here: a site killed without releasing leaves the address until it starts again
 * (it removes a stale one at start) or the PC restarts. Not tested in CI (no Windows runner).
 */
export class WindowsAddressDriver implements AddressDriver {
  readonly name = 'netsh';

  constructor(private readonly options: DriverOptions) {}

  add(): void {
    const { cidr } = this.options;
    const result = this.netsh('add', `address=${cidr.ip}`, `mask=${prefixMask(cidr.prefix)}`, 'store=active');
    // "The object already exists." (localised wording differs; the exit code is 1 either way)
    if (result.ok || /already exists/i.test(result.reason)) return;
    throw new Error(result.reason);
  }

  renew(): void {
    // no lease to extend; a vanished address is added back by the holder's next add()
  }

  remove(): void {
    const result = this.netsh('delete', `address=${this.options.cidr.ip}`);
    if (result.ok || /not found|element not found/i.test(result.reason)) return;
    throw new Error(result.reason);
  }

  announce(): Promise<void> {
    return Promise.resolve();
  }

  cancelAnnounce(): void {}

  private netsh(verb: 'add' | 'delete', ...extra: string[]): { ok: boolean; reason: string } {
    const args = ['interface', 'ipv4', verb, 'address', `name=${this.options.interface}`, ...extra];
    const result = spawnSync('netsh', args, { encoding: 'utf8', timeout: 5000, windowsHide: true });
    if (result.error) return { ok: false, reason: `netsh: ${result.error.message}` };
    if (result.status === 0) return { ok: true, reason: '' };
    return { ok: false, reason: `netsh ${args.join(' ')}: ${(result.stdout + result.stderr).trim()}` };
  }
}
