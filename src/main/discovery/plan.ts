import { networkInterfaces } from 'node:os';
import { badRequest } from '../errors.js';

/** The UDP port a Thing+ gateway answers the probe on (protocol §8). */
export const THINGPLUS_DISCOVERY_PORT = 28282;
/** The widest range a technician may type: a /22 is 1022 hosts, a few seconds of probes at most. */
export const WIDEST_PREFIX = 22;

/** One datagram to send: to a host, or to an interface's subnet-directed broadcast address. */
export interface Probe {
  address: string;
  port: number;
  broadcast: boolean;
}

/** A subnet whose every host may answer a broadcast probe. */
interface Subnet {
  network: number;
  mask: number;
  port: number;
}

/** An IPv4 interface the site may broadcast on. */
export interface Ipv4Interface {
  name: string;
  address: string;
  netmask: string;
}

/** What one scan sends, and which reply sources it therefore expects (anything else is spoofed or stray). */
export class ProbePlan {
  readonly probes: Probe[] = [];
  private readonly unicast = new Set<string>();
  private readonly subnets: Subnet[] = [];

  addHost(address: string, port: number): void {
    const key = `${address}:${port}`;
    if (this.unicast.has(key)) return;
    this.unicast.add(key);
    this.probes.push({ address, port, broadcast: false });
  }

  addBroadcast(iface: Ipv4Interface, port: number): void {
    const mask = toUint32(iface.netmask);
    const network = (toUint32(iface.address) & mask) >>> 0;
    if (this.subnets.some((s) => s.network === network && s.mask === mask && s.port === port)) return;
    this.subnets.push({ network, mask, port });
    this.probes.push({ address: fromUint32((network | ~mask) >>> 0), port, broadcast: true });
  }

  get hasBroadcast(): boolean {
    return this.subnets.length > 0;
  }

  /** A reply is expected from a host probed directly, or from any host of a subnet probed by broadcast. */
  expects(address: string, port: number): boolean {
    if (this.unicast.has(`${address}:${port}`)) return true;
    const ip = parseIpv4(address);
    if (ip === null) return false;
    return this.subnets.some((s) => s.port === port && (ip & s.mask) >>> 0 === s.network);
  }
}

export interface PlanInput {
  interfaces?: readonly string[];
  targets?: readonly string[];
}

export interface PlanOptions {
  port: number;
  /** the most probes one scan may send (rate × sending time) */
  maxProbes: number;
  /** the most probes per second: stated in the refusal so the technician sees why */
  probesPerSecond: number;
  /** false: a request that would broadcast is refused */
  broadcast: boolean;
  listInterfaces?: () => Ipv4Interface[];
}

/**
 * Turns a scan request into probes. Throws ES_BAD_REQUEST naming the field (`targets/2`, `interfaces/0`)
 * for anything it cannot send safely: a malformed target, a range wider than /22, a broadcast or multicast
 * target, an unknown interface, more probes than the bounded rate allows within one scan.
 */
export function planScan(input: PlanInput, options: PlanOptions): ProbePlan {
  const plan = new ProbePlan();
  const targets = input.targets ?? [];
  targets.forEach((target, i) => addTarget(plan, target, `targets/${i}`, options.port));
  // with typed targets only, nothing is broadcast unless interfaces are named: a technician scanning a
  // routed subnet did not ask to probe the local one too
  const interfaces = input.interfaces ?? (targets.length === 0 ? null : []);
  if (!options.broadcast && (interfaces === null || interfaces.length > 0)) {
    throw badRequest(
      `${interfaces === null ? 'targets' : 'interfaces'}: broadcasting is turned off on this site ` +
        '(config discovery.broadcast): type the addresses or ranges to probe as targets',
    );
  }
  const available = (options.listInterfaces ?? listIpv4Interfaces)();
  if (interfaces === null) {
    for (const iface of available) plan.addBroadcast(iface, options.port);
  } else {
    interfaces.forEach((name, i) => {
      const found = available.filter((iface) => iface.name === name);
      if (found.length === 0) {
        const known = [...new Set(available.map((iface) => iface.name))].join(', ') || 'none';
        throw badRequest(
          `interfaces/${i}: no IPv4 LAN interface "${name}" (loopback cannot broadcast; known: ${known})`,
        );
      }
      for (const iface of found) plan.addBroadcast(iface, options.port);
    });
  }
  if (plan.probes.length > options.maxProbes) {
    throw badRequest(
      `targets: ${plan.probes.length} probes would flood the LAN: a scan sends at most ${options.maxProbes} ` +
        `(${options.probesPerSecond} per second); narrow the ranges`,
    );
  }
  return plan;
}

const TARGET = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?::(\d{1,5}))?$/;

function addTarget(plan: ProbePlan, target: string, field: string, defaultPort: number): void {
  const match = TARGET.exec(target.trim());
  const ip = match ? parseIpv4(match[1]!) : null;
  if (!match || ip === null) {
    throw badRequest(
      `${field}: "${target}" is not an IPv4 address, range or address:port ` +
        `(e.g. "192.0.2.10", "192.0.2.0/28", "192.0.2.10:28282")`,
    );
  }
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (port < 1 || port > 65535) throw badRequest(`${field}: port ${port} in "${target}" is out of 1…65535`);
  const prefix = match[2] === undefined ? 32 : Number(match[2]);
  if (prefix > 32) throw badRequest(`${field}: "/${prefix}" in "${target}" is not a prefix (0…32)`);
  if (prefix < WIDEST_PREFIX) {
    throw badRequest(
      `${field}: "${target}" spans ${2 ** (32 - prefix)} addresses; a range may be at most a ` +
        `/${WIDEST_PREFIX} (${2 ** (32 - WIDEST_PREFIX)} addresses): split it or narrow it`,
    );
  }
  // these are not hosts: probing them would broadcast or multicast, which only `interfaces` may do
  const first = ip >>> 24;
  if (first >= 224 || first === 0) {
    throw badRequest(
      `${field}: "${target}" is a broadcast, multicast or reserved address; name an interface to broadcast`,
    );
  }
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const network = (ip & mask) >>> 0;
  const size = 2 ** (32 - prefix);
  // a /31 or /32 has no network and broadcast addresses to skip (RFC 3021)
  const [from, to] = prefix >= 31 ? [0, size - 1] : [1, size - 2];
  for (let i = from; i <= to; i++) plan.addHost(fromUint32(network + i), port);
}

/** The host's IPv4 LAN interfaces (loopback cannot broadcast, so it is left out). */
export function listIpv4Interfaces(): Ipv4Interface[] {
  return Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? [])
      // a /31 or /32 (point-to-point links, VPN tunnels) has no broadcast address to probe
      .filter(
        (a) =>
          a.family === 'IPv4' && !a.internal && !['255.255.255.255', '255.255.255.254'].includes(a.netmask),
      )
      .map((a) => ({ name, address: a.address, netmask: a.netmask })),
  );
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function toUint32(text: string): number {
  const value = parseIpv4(text);
  if (value === null) throw new Error(`not an IPv4 address: ${text}`);
  return value;
}

function fromUint32(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
