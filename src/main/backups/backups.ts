import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo } from '../../shared/api.js';
import { notFound, ServiceError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import { pack } from './archive.js';
import { FORMAT, MANIFEST, sha256, type Manifest } from './manifest.js';
import { snapshotDatabase } from './snapshot.js';

export interface BackupOptions {
  dataDir: string;
  /** where backups go (default DATA_DIR/backups) */
  dir?: string;
  /** scheduled backups every N hours; 0 = only on request */
  everyHours: number;
  keep: number;
  /** the passphrase scheduled backups are encrypted with */
  passphrase?: string;
  siteVersion: string;
  logger: Logger;
  now?: () => number;
}

/** what a backup holds besides the databases, when the site has them */
const EXTRA_FILES = ['config.json', 'shared-config.json'];
/** a replicated node's place in a values log (replication/position.ts) */
export const POSITION_FILE = /^replication-[\w-]+\.json$/;
const NAME = /^edge-site-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz(\.enc)?$/;

/**
 * Backups of a running site: both databases as consistent snapshots taken off the main thread (ingest
 * never waits), the config and the TLS material, packed into one file (archive.ts), optionally encrypted;
 * on request and on a schedule, the newest `keep` kept. One backup at a time.
 */
export class Backups {
  readonly dir: string;
  private running: Promise<BackupInfo> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  lastError: string | null = null;

  constructor(private readonly o: BackupOptions) {
    this.dir = o.dir ?? join(o.dataDir, 'backups');
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.o.everyHours <= 0) return;
    this.timer = setInterval(() => {
      this.create({ passphrase: this.o.passphrase, scheduled: true }).catch(() => undefined);
    }, this.o.everyHours * 3_600_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Makes a backup now (409 while one is being made). */
  create(options: { passphrase?: string; scheduled?: boolean } = {}): Promise<BackupInfo> {
    if (this.running)
      return Promise.reject(
        new ServiceError('ES_CONFLICT', 'a backup is being made; try again when it is done'),
      );
    const run = this.make(options.passphrase).then(
      async (info) => {
        this.lastError = null;
        await this.prune();
        this.o.logger.info({ backup: info.id, bytes: info.bytes }, 'backup made');
        return info;
      },
      (raw: unknown) => {
        const err = explain(raw, this.dir);
        this.lastError = err.message;
        this.o.logger.error({ err }, `backup failed${options.scheduled ? ' (scheduled)' : ''}`);
        throw err;
      },
    );
    this.running = run.finally(() => (this.running = null));
    return this.running;
  }

  async list(): Promise<BackupInfo[]> {
    if (!existsSync(this.dir)) return [];
    const out: (BackupInfo & { seq: number })[] = [];
    for (const name of await readdir(this.dir)) {
      const m = NAME.exec(name);
      if (!m) continue;
      const { size } = await stat(join(this.dir, name));
      const seq = Number(m[2] ?? 1);
      out.push({ id: name, createdAt: parseStamp(m[1]!), bytes: size, encrypted: m[3] !== undefined, seq });
    }
    // within one second the number after the stamp orders them (names do not: '-2.tar.gz' and
    // '.tar.gz' compare by punctuation)
    return out
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .map(({ seq: _seq, ...info }) => info);
  }

  /** the file of a backup, by id (its file name); 404 for anything else */
  async file(id: string): Promise<string> {
    if (!NAME.test(id) || !(await this.list()).some((b) => b.id === id)) throw notFound(`backup ${id}`);
    return join(this.dir, id);
  }

  private async make(passphrase: string | undefined): Promise<BackupInfo> {
    await mkdir(this.dir, { recursive: true });
    const createdAt = this.now();
    const id = await this.freeName(createdAt, passphrase !== undefined && passphrase !== '');
    const work = await mkdtemp(join(this.dir, '.partial-'));
    const partial = join(this.dir, `.${id}.partial`);
    try {
      const files = await this.collect(work);
      const manifest: Manifest = {
        format: FORMAT,
        id,
        createdAt,
        siteVersion: this.o.siteVersion,
        files: await Promise.all(
          files.map(async (name) => ({
            name,
            bytes: (await stat(join(work, name))).size,
            sha256: await sha256(join(work, name)),
          })),
        ),
      };
      await writeJson(join(work, MANIFEST), manifest);
      await pack(work, [MANIFEST, ...files], partial, passphrase || undefined);
      await rename(partial, join(this.dir, id));
      const { size } = await stat(join(this.dir, id));
      return { id, createdAt, bytes: size, encrypted: Boolean(passphrase) };
    } finally {
      await rm(work, { recursive: true, force: true });
      await rm(partial, { force: true });
    }
  }

  /** snapshots of both databases and copies of the other files into `work`; their names */
  private async collect(work: string): Promise<string[]> {
    const { dataDir } = this.o;
    const files: string[] = [];
    // A cluster node's place in the values log, copied BEFORE series.db is: it is saved only after what
    // it covers is committed, so the snapshot holds at least that much and a restored node re-applies
    // the log from there (a few records twice, dropped as duplicates) instead of from its newer place,
    // which would leave a gap. (The control log's place is in site.db, consistent with it by itself.)
    for (const name of await readdir(dataDir)) {
      if (!POSITION_FILE.test(name)) continue;
      await copyFile(join(dataDir, name), join(work, name));
      files.push(name);
    }
    for (const db of ['site.db', 'series.db']) {
      if (!existsSync(join(dataDir, db))) continue;
      await snapshotDatabase(join(dataDir, db), join(work, db));
      files.push(db);
    }
    for (const name of EXTRA_FILES) {
      if (!existsSync(join(dataDir, name))) continue;
      await copyFile(join(dataDir, name), join(work, name));
      files.push(name);
    }
    const tls = join(dataDir, 'tls');
    if (existsSync(tls)) {
      await mkdir(join(work, 'tls'));
      for (const name of await readdir(tls)) {
        await copyFile(join(tls, name), join(work, 'tls', name));
        files.push(`tls/${name}`);
      }
    }
    return files;
  }

  private async freeName(time: number, encrypted: boolean): Promise<string> {
    const stamp = new Date(time)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const ext = encrypted ? '.tar.gz.enc' : '.tar.gz';
    // one past the highest number taken in this second, never a pruned one's again: a reused
    // number would sort before backups made after it
    let last = 0;
    for (const name of existsSync(this.dir) ? await readdir(this.dir) : []) {
      const m = NAME.exec(name);
      if (m?.[1] === stamp) last = Math.max(last, Number(m[2] ?? 1));
    }
    const n = last + 1;
    return `edge-site-${stamp}${n > 1 ? `-${n}` : ''}${ext}`;
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    for (const old of all.slice(this.o.keep)) await rm(join(this.dir, old.id), { force: true });
  }
}

/** a full disk as what it is; other failures keep their own message */
function explain(err: unknown, dir: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOSPC' || /SQLITE_FULL|disk is full|ENOSPC/i.test(e.message ?? ''))
    return new ServiceError('ES_STORAGE', `backup failed: the disk holding ${dir} is full`);
  return e instanceof Error ? e : new Error(String(err));
}

function parseStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)!;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
}
