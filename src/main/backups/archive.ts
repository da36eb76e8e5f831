import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { decryptor, encryptor, isEncrypted } from './envelope.js';

/**
 * A backup file: a gzip'd tar of the snapshot folder (node-tar: a format every admin can open), or that
 * tar encrypted (envelope.ts) when a passphrase is given.
 */
export async function pack(
  dir: string,
  files: string[],
  outFile: string,
  passphrase?: string,
): Promise<void> {
  const archive = tar.create({ gzip: true, cwd: dir, portable: true }, files);
  if (!passphrase) {
    await pipeline(archive, createWriteStream(outFile));
    return;
  }
  const { header, cipher } = await encryptor(passphrase);
  await writeFile(outFile, header);
  await pipeline(archive, cipher, createWriteStream(outFile, { flags: 'a' }));
  await appendFile(outFile, cipher.getAuthTag());
}

/** names a backup may hold: anything else in an archive is refused, never written */
const ALLOWED =
  /^(manifest\.json|site\.db|series\.db|config\.json|shared-config\.json|replication-[\w-]+\.json|tls\/?|tls\/[\w.-]+)$/;

export async function unpack(file: string, destDir: string, passphrase?: string): Promise<void> {
  const extract = tar.extract({
    cwd: destDir,
    strict: true,
    filter: (path) => {
      if (!ALLOWED.test(path.replace(/^\.\//, ''))) throw new Error(`unexpected file in backup: ${path}`);
      return true;
    },
  });
  if (!(await isEncrypted(file))) {
    await pipeline(createReadStream(file), extract);
    return;
  }
  if (!passphrase) throw new Error('this backup is encrypted: give its passphrase');
  const { decipher, start, end } = await decryptor(file, passphrase);
  // decrypted into a file first: GCM authenticates at the very end, and nothing unauthenticated is
  // ever handed to the tar parser or written into the restore
  const clear = join(destDir, '.backup.tar.gz');
  try {
    await pipeline(createReadStream(file, { start, end }), decipher, createWriteStream(clear));
  } catch (err) {
    await rm(clear, { force: true });
    const message = (err as Error).message;
    if (/auth|decrypt/i.test(message)) throw new Error('wrong passphrase, or the backup file is damaged');
    throw err;
  }
  try {
    await pipeline(createReadStream(clear), extract);
  } finally {
    await rm(clear, { force: true });
  }
}
