/**
 * Gateway connection/authentication failures per source address (MQTT and the gateway REST share it, so
 * guessing APIKEYs over one protocol also closes the other). A fixed window per address: cheap, and a
 * gateway that fixes its configuration waits at most one window.
 */
export class FailureLimit {
  private readonly windows = new Map<string, { start: number; failures: number }>();
  /** refusals because an address was over the limit, for the metrics */
  refused = 0;

  constructor(
    private readonly options: { maxFailures: number; windowSeconds: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** true while `ip` has used up its failures in the current window */
  blocked(ip: string): boolean {
    const w = this.current(ip);
    if (!w || w.failures < this.options.maxFailures) return false;
    this.refused += 1;
    return true;
  }

  /** seconds until `ip`'s window ends (for Retry-After) */
  retryAfterSeconds(ip: string): number {
    const w = this.current(ip);
    if (!w) return 0;
    return Math.max(1, Math.ceil((w.start + this.options.windowSeconds * 1000 - this.now()) / 1000));
  }

  fail(ip: string): void {
    const w = this.current(ip);
    if (w) w.failures += 1;
    else {
      // old windows are dropped on the way, so an address scan cannot grow the map without bound
      if (this.windows.size > 10_000) this.prune();
      this.windows.set(ip, { start: this.now(), failures: 1 });
    }
  }

  /**
   * A technician let this address's gateway in (registered it as it knocked, or allowed it without a
   * key): its earlier refusals were the site's, not guesses, and must not keep it out for the rest of
   * the window.
   */
  forgive(ip: string): void {
    this.windows.delete(ip);
  }

  private current(ip: string): { start: number; failures: number } | undefined {
    const w = this.windows.get(ip);
    if (w && this.now() - w.start >= this.options.windowSeconds * 1000) {
      this.windows.delete(ip);
      return undefined;
    }
    return w;
  }

  private prune(): void {
    for (const ip of [...this.windows.keys()]) this.current(ip);
  }
}

/** The address of an "address:port" the broker recorded (IPv6 too), as `sourceIp` gives it. */
export function hostOfAddress(address: string): string {
  const colon = address.lastIndexOf(':');
  return sourceIp(colon > 0 ? address.slice(0, colon) : address);
}

/** The address part of a socket's remote address; IPv4-mapped IPv6 reads as IPv4. */
export function sourceIp(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
