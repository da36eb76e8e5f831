// Pairing codes on their own, with a clock the test moves: format, single use, expiry after 10 minutes,
// a failed registration keeping the code, and the per-address attempt limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../../src/main/errors.js';
import {
  ATTEMPT_WINDOW_MS,
  MAX_ATTEMPTS,
  PAIRING_CODE_TTL_MS,
  PairingCodes,
} from '../../../src/main/pairing/index.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const code = (err: unknown): string =>
  err instanceof ServiceError ? `${err.code}: ${err.message}` : String(err);

test('a code is 8 unambiguous characters, valid 10 minutes, typed in any case with or without the dash', () => {
  const c = clock();
  const codes = new PairingCodes(c.now);
  const made = codes.create();
  assert.match(made.code, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  assert.equal(made.expiresAt, c.now() + PAIRING_CODE_TTL_MS);
  const typed = ` ${made.code.replace('-', '').toLowerCase()} `;
  assert.equal(
    codes.redeem(typed, '10.0.0.5', () => 'registered'),
    'registered',
  );
});

test('a code works once; then it says it was used', () => {
  const codes = new PairingCodes();
  const { code: c } = codes.create();
  codes.redeem(c, '10.0.0.5', () => 1);
  assert.throws(
    () => codes.redeem(c, '10.0.0.6', () => 2),
    (e) => {
      assert.match(code(e), /^ES_PAIRING_INVALID: this pairing code was already used/);
      return true;
    },
  );
});

test('after 10 minutes a code has expired, and says so; a wrong code says it is wrong', () => {
  const c = clock();
  const codes = new PairingCodes(c.now);
  const { code: old } = codes.create();
  c.advance(PAIRING_CODE_TTL_MS - 1);
  const { code: fresh } = codes.create();
  c.advance(1);
  assert.throws(() => codes.redeem(old, '10.0.0.5', () => 1), /has expired \(codes last 10 minutes\)/);
  assert.throws(() => codes.redeem('ZZZZ-ZZZZ', '10.0.0.5', () => 1), /wrong pairing code/);
  assert.equal(
    codes.redeem(fresh, '10.0.0.5', () => 'ok'),
    'ok',
    'made later, still valid',
  );
});

test('a registration that fails (id taken, bad model) leaves the code usable for a corrected attempt', () => {
  const codes = new PairingCodes();
  const { code: c } = codes.create();
  assert.throws(
    () =>
      codes.redeem(c, '10.0.0.5', () => {
        throw new ServiceError('ES_CONFLICT', 'gateway x already exists');
      }),
    /already exists/,
  );
  assert.equal(
    codes.redeem(c, '10.0.0.5', () => 'second try'),
    'second try',
  );
});

test(`at most ${MAX_ATTEMPTS} attempts per address in ${ATTEMPT_WINDOW_MS / 60_000} minutes; others are not slowed`, () => {
  const c = clock();
  const codes = new PairingCodes(c.now);
  for (let i = 0; i < MAX_ATTEMPTS; i++)
    assert.throws(() => codes.redeem('AAAA-AAAA', '10.0.0.9', () => 1), /wrong/);
  const { code: good } = codes.create();
  let limited: unknown;
  assert.throws(
    () => codes.redeem(good, '10.0.0.9', () => 1),
    (e) => ((limited = e), true),
  );
  assert.match(
    code(limited),
    /^ES_RATE_LIMITED: too many pairing attempts from 10\.0\.0\.9: try again in 300 s/,
  );
  assert.deepEqual((limited as ServiceError).details, { retryAfter: 300 });
  assert.equal((limited as ServiceError).statusCode, 429);
  // the limit is per address: the real gateway elsewhere pairs with the same (unspent) code
  assert.equal(
    codes.redeem(good, '10.0.0.10', () => 'paired'),
    'paired',
  );
  c.advance(ATTEMPT_WINDOW_MS);
  assert.throws(() => codes.redeem('AAAA-AAAA', '10.0.0.9', () => 1), /wrong/, 'the window has passed');
});
