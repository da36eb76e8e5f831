/** An IPv4 address with its prefix, as the site address is configured ("10.77.0.100/24"). */
export interface Cidr {
  /** "10.77.0.100" */
  ip: string;
  prefix: number;
  /** "10.77.0.100/24" */
  text: string;
}

/**
 * Parses "a.b.c.d/prefix"; null when it is not one. IPv4 only: gratuitous ARP is IPv4's announcement
 * (IPv6 would need unsolicited neighbour advertisements), and Thing+ gateways are configured by IPv4.
 */
export function parseCidr(text: string): Cidr | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix < 1 || prefix > 32) return null;
  if (octets[0] === 0 || octets[0] === 127 || octets[0]! >= 224) return null;
  return { ip: octets.join('.'), prefix, text: `${octets.join('.')}/${prefix}` };
}

/** "255.255.255.0" for 24 (netsh wants the mask spelled out) */
export function prefixMask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}

/** why an interface name cannot be used, or null (names go to `ip`/`netsh` as one argument, no shell) */
export function interfaceProblem(name: string): string | null {
  if (name.length === 0 || name.length > 255) return 'must be 1 to 255 characters';
  // control characters would garble the command's argument and the logs
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f"]/.test(name)) return 'must not contain control characters or quotes';
  return null;
}
