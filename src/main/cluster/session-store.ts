import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a node remembers of its ZooKeeper session, to re-attach to it after a restart. */
export interface SavedSession {
  node: string;
  servers: string;
  sessionId: string; // hex
  password: string; // hex
  timeout: number;
  savedAt: number;
}

export const SESSION_FILE = 'zk-session.json';

/** A small file in the node's data dir (mode 0600: the password lets anyone take the session over). */
export class SessionStore {
  private readonly file: string | null;

  constructor(dataDir: string | undefined) {
    this.file = dataDir ? path.join(dataDir, SESSION_FILE) : null;
  }

  async load(node: string, servers: string): Promise<SavedSession | null> {
    if (!this.file) return null;
    try {
      const saved = JSON.parse(await readFile(this.file, 'utf8')) as SavedSession;
      if (saved.node !== node || saved.servers !== servers) return null;
      if (!/^[0-9a-f]{16}$/.test(saved.sessionId) || !/^[0-9a-f]{32}$/.test(saved.password)) return null;
      return saved;
    } catch {
      return null;
    }
  }

  async save(session: SavedSession): Promise<void> {
    if (!this.file) return;
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(session), { mode: 0o600 });
    await rename(tmp, this.file);
  }

  async clear(): Promise<void> {
    if (!this.file) return;
    await rm(this.file, { force: true });
  }
}
