import { hostname, networkInterfaces } from 'node:os';

const REFRESH_MS = 10_000;

/**
 * The names and addresses this site answers to (DNS rebinding: a page of evil.example whose name now
 * resolves to 127.0.0.1 sends `Host: evil.example`, which is refused). Interface addresses are re-read
 * on a miss (at most every 10 s), so a DHCP change needs no restart.
 */
export class SiteHosts {
  private names = new Set<string>();
  private readAt = 0;

  constructor(
    private readonly extra: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.refresh();
  }

  /** whether a Host header (name or address, with or without a port) names this site */
  allows(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const host = hostOnly(hostHeader);
    if (host === null) return false;
    if (this.names.has(host)) return true;
    if (this.now() - this.readAt < REFRESH_MS) return false;
    this.refresh();
    return this.names.has(host);
  }

  private refresh(): void {
    const own = hostname().toLowerCase();
    const names = ['localhost', '127.0.0.1', '::1', own, `${own}.local`, ...this.extra];
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) names.push(address.address.replace(/%.*$/, ''));
    this.names = new Set(names.map((n) => n.toLowerCase()));
    this.readAt = this.now();
  }
}

/** `name:port`, `[v6]:port`, `v6`… → the name or address alone (lower case), null when malformed */
export function hostOnly(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 1 ? h.slice(1, end) : null;
  }
  const parts = h.split(':');
  if (parts.length > 2) return h; // a bare IPv6 address
  const name = (parts[0] ?? '').replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(name) ? name : null;
}
