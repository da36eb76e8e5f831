/** failures before a key is locked out */
export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 15 * 60_000;
const MAX_KEYS = 10_000;

interface Entry {
  failures: number;
  first: number;
  lockedUntil: number;
}

/**
 * Sign-in failures per key (a username, an address): after MAX_FAILURES within 15 minutes the key is
 * locked for a minute, doubling with each further failure up to 15 minutes. While locked nothing is
 * checked, the right password included, so guessing gains nothing from being fast.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** ms until `key` may try again, 0 when it may now */
  retryAfterMs(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.lockedUntil - this.now());
  }

  fail(key: string): void {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.first > WINDOW_MS) {
      if (!entry && this.entries.size >= MAX_KEYS) this.prune(now);
      entry = { failures: 0, first: now, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.failures += 1;
    if (entry.failures >= MAX_FAILURES) {
      const lock = Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (entry.failures - MAX_FAILURES));
      entry.lockedUntil = now + lock;
    }
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries)
      if (now - entry.first > WINDOW_MS && entry.lockedUntil < now) this.entries.delete(key);
    // a flood of fresh keys: forget the oldest rather than grow without bound
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_KEYS) break;
      this.entries.delete(key);
    }
  }
}
