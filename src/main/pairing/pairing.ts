import { randomInt } from 'node:crypto';
import { ServiceError } from '../errors.js';

/** Letters and digits that cannot be misread for each other (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** How long a code may be used: long enough to walk to the gateway and type it. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** Codes outstanding at once; making one more drops the oldest (a console left making codes). */
const MAX_OPEN_CODES = 20;
/** Attempts per address within the window: a gateway pairs in one, a guesser gets nowhere (31^8 codes). */
export const MAX_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_MS = 5 * 60_000;
/** Addresses remembered for the rate limit, so a flood of sources cannot grow memory without bound. */
const MAX_TRACKED_ADDRESSES = 10_000;

export interface PairingCode {
  /** XXXX-XXXX */
  code: string;
  expiresAt: number;
}

interface Open {
  expiresAt: number;
}

/**
 * Short-lived, single-use pairing codes: the console shows one, a gateway sends it back with its id and
 * gets registered. Wrong, expired and used codes are told apart; attempts are limited per address.
 */
export class PairingCodes {
  private readonly open = new Map<string, Open>();
  /** recently used or expired codes, so the gateway hears why its code no longer works */
  private readonly spent = new Map<string, 'used' | 'expired'>();
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  create(): PairingCode {
    this.sweep();
    let raw = '';
    do {
      raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    } while (this.open.has(raw));
    if (this.open.size >= MAX_OPEN_CODES) {
      const oldest = this.open.keys().next().value!;
      this.open.delete(oldest);
      this.spent.set(oldest, 'expired');
    }
    const expiresAt = this.now() + PAIRING_CODE_TTL_MS;
    this.open.set(raw, { expiresAt });
    return { code: format(raw), expiresAt };
  }

  /**
   * Checks a code sent by `address` and, when it is good, runs `use` (the registration) and spends the code.
   * Throws ES_RATE_LIMITED over the attempt budget, ES_PAIRING_INVALID for a wrong, expired or used code;
   * if `use` throws (id taken, unknown model) the code stays good for a corrected attempt.
   */
  redeem<T>(code: string, address: string, use: () => T): T {
    this.sweep();
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((t) => t > now - ATTEMPT_WINDOW_MS);
    if (recent.length >= MAX_ATTEMPTS) {
      const retryAfter = Math.ceil((recent[0]! + ATTEMPT_WINDOW_MS - now) / 1000);
      throw new ServiceError(
        'ES_RATE_LIMITED',
        `too many pairing attempts from ${address}: try again in ${retryAfter} s`,
        { retryAfter },
      );
    }
    recent.push(now);
    if (!this.attempts.has(address) && this.attempts.size >= MAX_TRACKED_ADDRESSES) {
      this.attempts.delete(this.attempts.keys().next().value!);
    }
    this.attempts.set(address, recent);
    const raw = normalize(code);
    if (!this.open.has(raw)) {
      const why = this.spent.get(raw);
      throw new ServiceError(
        'ES_PAIRING_INVALID',
        why === 'used'
          ? 'this pairing code was already used: make a new one in the console'
          : why === 'expired'
            ? 'this pairing code has expired (codes last 10 minutes): make a new one in the console'
            : 'wrong pairing code: check it against the one the console shows',
      );
    }
    const result = use();
    this.open.delete(raw);
    this.spent.set(raw, 'used');
    return result;
  }

  private sweep(): void {
    const now = this.now();
    for (const [raw, open] of this.open) {
      if (open.expiresAt > now) continue;
      this.open.delete(raw);
      this.spent.set(raw, 'expired');
    }
    // what a code was is worth telling for a while, not forever
    while (this.spent.size > 200) this.spent.delete(this.spent.keys().next().value!);
  }
}

/** Case, spaces and dashes do not matter when a code is typed. */
function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function format(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}
