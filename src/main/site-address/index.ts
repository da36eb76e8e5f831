import { parseCidr } from './cidr.js';
import type { AddressDriver } from './driver.js';
import { LinuxAddressDriver } from './linux.js';
import { SiteAddress, type SiteAddressOptions } from './site-address.js';
import { WindowsAddressDriver } from './windows.js';

export { SiteAddress } from './site-address.js';
export { parseCidr, prefixMask, interfaceProblem, type Cidr } from './cidr.js';
export type { AddressDriver } from './driver.js';
export { LinuxAddressDriver } from './linux.js';
export { WindowsAddressDriver } from './windows.js';
export { siteAddressProblems } from './config-check.js';
export { clusterView } from './view.js';

export interface SiteAddressConfig {
  /** "10.77.0.100/24" */
  address: string;
  interface: string;
}

/**
 * The lease of the address (Linux valid lifetime), in whole seconds: under half the ZooKeeper session
 * timeout, so a site killed without releasing (kill -9, a crash) has lost the address — the kernel's
 * lifetime check runs about once a second — before ZooKeeper can expire its session and elect another
 * node. At least 1 s; with sessionTimeout ≥ 4 s the margin holds.
 */
export function leaseSeconds(sessionTimeoutMs: number): number {
  return Math.max(1, Math.floor((sessionTimeoutMs / 1000 - 1) / 2));
}

/** The site address of this node, or null when none is configured (the single-node default). */
export function createSiteAddress(
  config: SiteAddressConfig | undefined,
  deps: Omit<SiteAddressOptions, 'cidr' | 'interface' | 'driver' | 'renewEveryMs'> & {
    sessionTimeoutMs: number;
    driver?: AddressDriver;
    platform?: NodeJS.Platform;
  },
): SiteAddress | null {
  if (!config) return null;
  const cidr = parseCidr(config.address);
  // the config was validated; this only narrows the type
  if (!cidr)
    throw new Error(`cluster.siteAddress.address: not an IPv4 address with a prefix: ${config.address}`);
  const lease = leaseSeconds(deps.sessionTimeoutMs);
  const options = { cidr, interface: config.interface, leaseSeconds: lease };
  const driver =
    deps.driver ??
    ((deps.platform ?? process.platform) === 'win32'
      ? new WindowsAddressDriver(options)
      : new LinuxAddressDriver(options));
  // renewed three times per lease: one late renewal (a busy event loop) does not lose it
  return new SiteAddress({
    ...deps,
    cidr,
    interface: config.interface,
    driver,
    renewEveryMs: Math.floor((lease * 1000) / 3),
  });
}
