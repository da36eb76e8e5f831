import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { unpack } from './archive.js';
import { FORMAT, sha256 } from './manifest.js';
import { POSITION_FILE, readManifest } from './backups.js';

export interface RestoreOptions {
  from: string;
  dataDir: string;
  /** replace the databases, config and TLS material of a data dir that has some */
  force?: boolean;
  passphrase?: string;
}

/** what a restore replaces in the data dir (everything else there, e.g. its backups, stays) */
const REPLACED = ['site.db', 'series.db', 'config.json', 'shared-config.json', 'tls'];
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Restores a backup into a data dir: unpacked beside it, every file checked against the manifest
 * (size and SHA-256) and both databases against `PRAGMA integrity_check` before anything in the data
 * dir is touched; then moved in. A data dir that already holds a site is refused unless `force`.
 */
export async function restoreBackup(o: RestoreOptions): Promise<{ files: string[]; createdAt: number }> {
  const dataDir = resolve(o.dataDir);
  if (!existsSync(o.from)) throw new Error(`no backup file at ${o.from}`);
  const existing = existsSync(dataDir) ? (await readdir(dataDir)).filter((n) => REPLACED.includes(n)) : [];
  if (existing.length > 0 && !o.force)
    throw new Error(`${dataDir} already holds a site (${existing.join(', ')}); use --force to replace it`);
  await mkdir(dirname(dataDir), { recursive: true });
  // beside the data dir, so the final moves are renames on one filesystem
  const work = await mkdtemp(join(dirname(dataDir), '.edge-site-restore-'));
  try {
    await unpack(o.from, work, o.passphrase);
    const manifest = await readManifest(work);
    if (manifest.format !== FORMAT)
      throw new Error(`not an Edge Site backup (format ${String(manifest.format)})`);
    for (const f of manifest.files) {
      const file = join(work, f.name);
      if (!existsSync(file)) throw new Error(`the backup is damaged: ${f.name} is missing`);
      if ((await stat(file)).size !== f.bytes || (await sha256(file)) !== f.sha256)
        throw new Error(`the backup is damaged: ${f.name} does not match its checksum`);
    }
    for (const db of ['site.db', 'series.db']) if (existsSync(join(work, db))) checkIntegrity(join(work, db));
    await mkdir(dataDir, { recursive: true });
    for (const name of REPLACED) {
      await rm(join(dataDir, name), { recursive: true, force: true });
      for (const side of SIDE_FILES) await rm(join(dataDir, name + side), { force: true });
    }
    // a values-log place belongs to the series.db it was saved with: the replaced one's goes, the
    // backup's (if any) comes in; without one a cluster node applies the log from its start (idempotent)
    for (const name of await readdir(dataDir))
      if (POSITION_FILE.test(name)) await rm(join(dataDir, name), { force: true });
    const positions = (await readdir(work)).filter((n) => POSITION_FILE.test(n));
    const moved: string[] = [];
    for (const name of [...REPLACED, ...positions]) {
      if (!existsSync(join(work, name))) continue;
      await rename(join(work, name), join(dataDir, name));
      moved.push(name);
    }
    return { files: moved, createdAt: manifest.createdAt };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function checkIntegrity(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new Error(
        `the backup is damaged: ${file.split('/').pop()} fails integrity_check (${String(result)})`,
      );
  } finally {
    db.close();
  }
}
