// What a quorum ack costs on the disk: how many fsync-family calls each member makes per write
// (strace -c attached to the running servers), and what one fsync costs on this machine's disk.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { percentiles, sleep, withTimeout, type Latency } from './common.js';

export const STRACE = '/usr/bin/strace';
const SYNC_CALLS = ['fsync', 'fdatasync', 'sync_file_range', 'msync', 'syncfs'];

export interface SyncCount {
  engine: string;
  writes: number;
  /** fsync-family calls per write, per member (members in order 1..3) */
  perWrite: number[];
  /** the writes failed (the engine gave up earlier in the run) */
  error?: string;
}

/** starts counting one process's (all threads') fsync-family calls; the answer stops and reads the count */
function traced(pid: number, out: string): () => Promise<number> {
  const child = spawn(
    STRACE,
    ['-f', '-c', '-o', out, '-e', `trace=${SYNC_CALLS.join(',')}`, '-p', String(pid)],
    {
      stdio: 'ignore',
    },
  );
  return async () => {
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT');
    await gone;
    const text = existsSync(out) ? await readFile(out, 'utf8') : '';
    await rm(out, { force: true });
    let calls = 0;
    for (const line of text.split('\n')) {
      const cols = line.trim().split(/\s+/);
      // % time, seconds, usecs/call, calls, [errors], syscall
      if (cols.length >= 5 && SYNC_CALLS.includes(cols.at(-1) ?? '')) calls += Number(cols[3]);
    }
    return calls;
  };
}

/** runs `writes` writes one at a time with strace on every member; fsync calls per write per member */
export async function countSyncs(
  engine: string,
  pids: number[],
  dir: string,
  writes: number,
  write: (i: number) => Promise<unknown>,
): Promise<SyncCount> {
  const finish = pids.map((pid, i) => traced(pid, path.join(dir, `strace-${i}`)));
  await sleep(1000); // attached to every thread before the writes start
  let error: string | undefined;
  try {
    for (let i = 0; i < writes; i++) await withTimeout(write(i), 10_000, `${engine} write`);
  } catch (err) {
    error = String(err);
  }
  const counts = [];
  for (const f of finish) counts.push(await f());
  if (error) return { engine, writes, perWrite: [], error };
  return { engine, writes, perWrite: counts.map((c) => Math.round((c / writes) * 100) / 100) };
}

/** 2 KB appended and fdatasync'd, `count` times: the disk's own price of a durable write */
export function fsyncLatency(dir: string, count: number): Latency {
  const file = path.join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(2048, 1);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      samples.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
  }
  return percentiles(samples);
}
