import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Transform } from 'node:stream';

/**
 * The encrypted backup file: `EDGESITE-BACKUP-1` magic, a 16-byte scrypt salt, a 12-byte IV, the
 * AES-256-GCM ciphertext of the .tar.gz, and the 16-byte tag at the end. The key comes from the
 * passphrase (scrypt, memory-hard) and is never stored beside the backup.
 */
export const MAGIC = Buffer.from('EDGESITE-BACKUP-1\n');
const SALT = 16;
const IV = 12;
export const TAG = 16;
export const HEADER_BYTES = MAGIC.length + SALT + IV;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A cipher stream and the header to write before it; the tag is written after the stream ends. */
export async function encryptor(
  passphrase: string,
): Promise<{ header: Buffer; cipher: Transform & { getAuthTag(): Buffer } }> {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const key = await deriveKey(passphrase, salt);
  return { header: Buffer.concat([MAGIC, salt, iv]), cipher: createCipheriv('aes-256-gcm', key, iv) };
}

export async function isEncrypted(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    await fh.read(head, 0, MAGIC.length, 0);
    return head.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

/** The decipher for an encrypted backup file (header and tag read from the file), and where the ciphertext is. */
export async function decryptor(
  file: string,
  passphrase: string,
): Promise<{ decipher: Transform; start: number; end: number }> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < HEADER_BYTES + TAG) throw new Error('the backup file is too short to be an encrypted backup');
    const header = Buffer.alloc(HEADER_BYTES);
    await fh.read(header, 0, HEADER_BYTES, 0);
    const tag = Buffer.alloc(TAG);
    await fh.read(tag, 0, TAG, size - TAG);
    const salt = header.subarray(MAGIC.length, MAGIC.length + SALT);
    const iv = header.subarray(MAGIC.length + SALT);
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, salt), iv);
    decipher.setAuthTag(tag);
    return { decipher, start: HEADER_BYTES, end: size - TAG - 1 };
  } finally {
    await fh.close();
  }
}
