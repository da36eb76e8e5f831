import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'edge-site-backup/1';

export interface Manifest {
  format: typeof FORMAT;
  id: string;
  createdAt: number;
  siteVersion: string;
  /** every other file of the backup with its size and SHA-256 (restore checks them) */
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
