// A small, really fillable filesystem for disk-budget tests: a tmpfs mounted on a fresh temp dir.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `describe(…, { skip: mountSkip() })`: mounting needs root; CI must never skip it */
export function mountSkip(): string | false {
  if (process.getuid?.() === 0) return false;
  const reason = 'mounting a small tmpfs needs root';
  if (process.env.CI === 'true') throw new Error(`CI must not skip: ${reason}`);
  return reason;
}

/** Mounts a tmpfs of `size` (e.g. '8m') on a new temp dir; `remove` unmounts it and deletes the dir. */
export function mountSmallDisk(prefix: string, size: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    remove: () => {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freeBytes(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  return Number(bavail) * Number(bsize);
}

/** appends to a file until the filesystem has no space left at all */
export function fillDisk(file: string): void {
  const fd = openSync(file, 'a');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          writeSync(fd, block, 0, size);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
