import type { Cidr } from './cidr.js';

/**
 * Puts the site address on (and takes it off) this PC's interface. add, renew and remove are
 * synchronous on purpose: they run inside the role listener, so a release can never be overtaken by an
 * add or renewal still in flight (an IPv4 `ip addr change` of a missing address would re-create it).
 */
export interface AddressDriver {
  /** "ip" or "netsh": shown in logs */
  readonly name: string;
  /** add (or refresh) the address; already there is success; throws with the tool's reason */
  add(): void;
  /** extend the address's lease (Linux: its valid lifetime); throws if that failed */
  renew(): void;
  /** remove it; already gone is success; throws with the tool's reason */
  remove(): void;
  /** tell the LAN the address moved (gratuitous ARP); rejects with a reason for the status */
  announce(): Promise<void>;
  /** stop an announcement still running (the address was released meanwhile) */
  cancelAnnounce(): void;
}

export interface DriverOptions {
  cidr: Cidr;
  interface: string;
  /**
   * Linux: the address's valid lifetime in seconds, renewed while held. The kernel removes it by itself
   * when the site dies without releasing it (kill -9): the lease bounds how long a dead holder keeps it.
   */
  leaseSeconds: number;
  /** the gratuitous ARP tool (default `arping` on the PATH) */
  arping?: string;
}
