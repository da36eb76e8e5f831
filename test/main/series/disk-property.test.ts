// Issue 20's property: on a small tmpfs, random fill-and-free cycles (a ballast file, the tmpfs shrunk
// and grown) under acknowledged ingest, each cycle ended by SIGKILL. After every cycle each acknowledged
// value is raw or inside the reported thinned range, every 1 min / 1 h / 1 day count equals what was
// acknowledged in its bucket, and the file passes integrity_check. Seeded: DISK_PROPERTY_SEED=<n>
// replays a run (timings differ, the disk events and kill moments do not).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { freeBytes, mountSkip, mountSmallDisk } from '../../support/small-disk.js';
import { LANES, messageFor, POINTS, sensorIds, T0, messageTime } from './disk-property-data.js';
import { ALL, open } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CYCLES = Number(process.env.DISK_PROPERTY_CYCLES ?? 6);
const DISK_MB = 32;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** mulberry32: small, seedable, good enough to pick disk events */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type DiskEvent = { at: number; kind: 'fill' | 'free' | 'shrink' | 'grow'; leave: number };

/** writes ballast until about `leave` bytes are free (never fails: ENOSPC ends it) */
function fillTo(ballast: string, dir: string, leave: number): void {
  const fd = openSync(ballast, 'a');
  const block = Buffer.alloc(256 * 1024, 7);
  try {
    for (let want = freeBytes(dir) - leave; want > 0; want -= block.length) {
      try {
        writeSync(fd, block, 0, Math.min(block.length, want));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function remount(dir: string, bytes: number): void {
  try {
    execFileSync('mount', ['-o', `remount,size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    // shrinking below what is in use is refused: the disk just stays as it was
  }
}

function usedBytes(dir: string): number {
  const { blocks, bfree, bsize } = statfsSync(dir);
  return (Number(blocks) - Number(bfree)) * Number(bsize);
}

function apply(e: DiskEvent, dir: string, ballast: string): void {
  if (e.kind === 'fill') fillTo(ballast, dir, e.leave);
  else if (e.kind === 'free') rmSync(ballast, { force: true });
  else if (e.kind === 'shrink') remount(dir, usedBytes(dir) + e.leave);
  else remount(dir, DISK_MB << 20);
}

/** Runs the child for `killAt` ms with the disk events on the way, then SIGKILLs it; returns the acks. */
function runCycle(
  file: string,
  policy: string,
  next: number[],
  events: DiskEvent[],
  killAt: number,
  dir: string,
  ballast: string,
): Promise<{ acked: Array<[number, number]>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'disk-property-child.ts'), file, policy, next.join(',')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked: Array<[number, number]> = [];
    let buf = '';
    let stderr = '';
    const timers: NodeJS.Timeout[] = [];
    let started = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const [lane, n] = l.split(' ').map(Number);
        acked.push([lane, n]);
      }
      // the clock starts with the first acknowledgement: the child's start-up time varies a lot
      if (started) return;
      started = true;
      for (const e of events) timers.push(setTimeout(() => apply(e, dir, ballast), e.at));
      timers.push(setTimeout(() => child.kill('SIGKILL'), killAt));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      for (const t of timers) clearTimeout(t);
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own: ${stderr}`));
      else resolve({ acked, stderr });
    });
    // a child that never acknowledges (e.g. started on a full disk) is killed all the same
    timers.push(setTimeout(() => !started && child.kill('SIGKILL'), killAt + 5000));
  });
}

function plan(random: () => number, span: number): DiskEvent[] {
  const kinds: DiskEvent['kind'][] = ['fill', 'free', 'shrink', 'grow'];
  const n = 1 + Math.floor(random() * 4);
  return Array.from({ length: n }, () => ({
    at: Math.floor(random() * span),
    kind: kinds[Math.floor(random() * kinds.length)],
    // from nothing at all to a few MB: below and above the child's reserve and thinning thresholds
    leave: Math.floor(random() ** 2 * (5 << 20)),
  })).sort((a, b) => a.at - b.at);
}

/** bucket → count of the points of messages 0..last (every point of a lane's sensors is the same) */
const countsCache = new Map<string, Map<number, number>>();
function expectedCounts(last: number, ms: number): Map<number, number> {
  const key = `${last}/${ms}`;
  const cached = countsCache.get(key);
  if (cached) return cached;
  const m = new Map<number, number>();
  countsCache.set(key, m);
  for (let n = 0; n <= last; n++)
    for (let i = 0; i < POINTS; i++) {
      const b = Math.floor(messageTime(n, i) / ms) * ms;
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  return m;
}

/** the checks after one cycle; returns per lane the last message stored (acknowledged or not) */
async function verify(
  file: string,
  acked: number[],
): Promise<{ stored: number[]; thinned: number; raw: number }> {
  const db = new Database(file);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check');
  db.close();
  const store = open(file);
  const stored: number[] = [];
  let thinned = 0;
  let raw = 0;
  try {
    for (let l = 0; l < LANES; l++) {
      // one message in flight per lane: the one after the last acknowledged may have been committed
      const probe = acked[l] + 1;
      const ids = sensorIds(l);
      const found = store.query({
        gatewayId: 'gw',
        sensorId: ids[0],
        from: messageTime(probe, 0),
        to: ALL.to,
      }).length;
      assert.ok(found === 0 || found === POINTS, `lane ${l}: message ${probe} stored whole or not at all`);
      const last = found ? probe : acked[l];
      stored.push(last);
      if (last < 0) continue;
      const end = messageTime(last + 1, 0);
      for (const [k, sensorId] of ids.entries()) {
        const range = store.thinnedRange('gw', sensorId);
        const before = range?.before ?? -Infinity;
        const got = store.query({ gatewayId: 'gw', sensorId, ...ALL });
        const byTime = new Map(got.map((p) => [p.time, p.value]));
        assert.equal(byTime.size, got.length, `${sensorId}: no time twice`);
        const want = new Map<number, unknown>();
        for (let n = 0; n <= last; n++) for (const p of messageFor(l, n)[k].points) want.set(p.time, p.value);
        for (const [time, value] of want) {
          if (time < before) continue;
          assert.ok(byTime.has(time), `${sensorId}: acknowledged ${new Date(time).toISOString()} lost`);
          assert.equal(byTime.get(time), value);
        }
        for (const p of got) assert.ok(want.has(p.time), `${sensorId}: ${p.time} was never sent`);
        thinned += want.size - got.length;
        raw += got.length;
        for (const ms of [MIN, HOUR, DAY]) {
          const counts = store.aggregate({
            gatewayId: 'gw',
            sensorId,
            from: T0,
            to: Math.ceil(end / DAY) * DAY,
            intervalMs: ms,
            func: 'count',
          });
          const gotCounts = new Map(counts.filter((p) => p.value !== 0).map((p) => [p.time, p.value]));
          const exp = expectedCounts(last, ms);
          for (const [b, c] of exp)
            assert.equal(
              gotCounts.get(b),
              c,
              `${sensorId}: ${ms / MIN} min count at ${new Date(b).toISOString()}`,
            );
          assert.equal(gotCounts.size, exp.size, `${sensorId}: ${ms / MIN} min buckets`);
        }
      }
    }
  } finally {
    await store.close();
  }
  return { stored, thinned, raw };
}

/** the child's stderr in brief: thinning steps and failures */
function summary(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  const thins = lines.filter((l) => l.startsWith('thinned'));
  const nothing = lines.filter((l) => l.startsWith('nothing'));
  const other = lines.filter((l) => !l.startsWith('thinned') && !l.startsWith('nothing'));
  return `${thins.length} thinning steps${thins.length ? ` (last: ${thins[thins.length - 1]})` : ''}, ${nothing.length} with nothing to thin; ${other.length} other lines${other.length ? `: ${other.slice(0, 3).join(' | ')}` : ''}`;
}

describe('disk full, freed and crashed at random', { skip: mountSkip(), timeout: 120_000 }, () => {
  test('acknowledged values stay raw or thinned-and-counted; counts exact at every resolution', async (t) => {
    const seed = Number(process.env.DISK_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    // printed first, so a failing run can be replayed
    t.diagnostic(`seed ${seed} (replay: DISK_PROPERTY_SEED=${seed})`);
    console.log(`disk-property seed ${seed}`);
    const random = rng(seed);
    const disk = mountSmallDisk('edge-disk-property-', `${DISK_MB}m`);
    const file = path.join(disk.dir, 'series.db');
    const ballast = path.join(disk.dir, 'ballast');
    try {
      let acked = Array.from({ length: LANES }, () => -1);
      let thinnedCycles = 0;
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const policy = random() < 0.75 ? 'thin' : 'refuse';
        const killAt = 1000 + Math.floor(random() * 1500);
        const events = plan(random, killAt);
        const next = acked.map((n) => n + 1);
        const { acked: got, stderr } = await runCycle(file, policy, next, events, killAt, disk.dir, ballast);
        assert.doesNotMatch(
          stderr,
          /export missed/,
          'a paged export during the cycle missed acknowledged values',
        );
        for (const [lane, n] of got) {
          assert.equal(n, acked[lane] + 1, `lane ${lane}: acknowledged in order`);
          acked[lane] = n;
        }
        // the checks need room to open the store (WAL, shm); the next cycle may fill it again
        rmSync(ballast, { force: true });
        remount(disk.dir, DISK_MB << 20);
        const checkedAt = performance.now();
        const r = await verify(file, acked);
        acked = r.stored;
        if (r.thinned > 0) thinnedCycles++;
        t.diagnostic(
          `cycle ${cycle} (${policy}, ${events.map((e) => `${e.kind}@${e.at}:${e.leave >> 10}K`).join(' ')}, kill@${killAt}): ` +
            `${got.length} acks, stored through ${acked.join('/')}, ${r.raw} raw, ${r.thinned} thinned; ` +
            `checked in ${Math.round(performance.now() - checkedAt)} ms, free ${freeBytes(disk.dir) >> 10} KiB; ` +
            `child: ${summary(stderr)}`,
        );
      }
      t.diagnostic(`${thinnedCycles} of ${CYCLES} cycles ended with thinned values`);
    } finally {
      rmSync(ballast, { force: true });
      disk.remove();
    }
  });
});
