import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * APIKEYs are 256-bit random tokens, so a plain SHA-256 is a sound at-rest hash (no dictionary to guess
 * from; a slow KDF would only cost every gateway connection).
 */
export function newApiKey(): string {
  return randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyMatches(key: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const candidate = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
