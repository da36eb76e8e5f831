import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt at N=2^15, r=8 (128·N·r = 32 MiB per hash, ≈ 100 ms on a factory PC): memory-hard, so a stolen
// site.db is expensive to guess through, while a sign-in stays quick. The parameters travel with each
// hash, so raising them later only affects new passwords.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64), a fresh random salt per call */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** a password nobody knows, hashed once: unknown users cost the same time as known ones */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** a bearer secret (session or API token): 256 random bits, with a prefix that says what it is */
export function newSecret(prefix: 'ess' | 'est' | 'eso'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** what site.db keeps of a secret: its SHA-256 (the secret has 256 bits, so no salt or KDF is needed) */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
