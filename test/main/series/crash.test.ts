import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { messageFor, SENSORS } from './crash-data.js';
import { ALL, checkRollups, open, tempDir } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 4;

/** Runs the child until it has acknowledged a few messages, then SIGKILLs it after a random delay. */
function runAndKill(file: string, first: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'crash-child.ts'), file, String(first)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acked: number[] = [];
    let buf = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) acked.push(Number(l));
      if (!armed && acked.length > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 400);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      // a partial last line was never fully acknowledged as far as we can tell: ignore it
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own: ${stderr}`));
      else resolve(acked);
    });
  });
}

test(
  'kill -9 at random moments (ingest, compaction, maintenance) loses no acknowledged value; rollups stay exact',
  { timeout: 60_000 },
  async (t) => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'crash.db');
      const acked: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // each round continues with newer times, as a restarted gateway would
        acked.push(...(await runAndKill(file, round * 1_000_000)));
        // after every kill: a sound file, and rollups equal to a recomputation from the raw chunks
        const db = new Database(file);
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        db.close();
        checkRollups(file, false);
      }
      assert.ok(acked.length > ROUNDS, 'the child acknowledged messages');

      const raw = new Database(file);
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      raw.close();

      const store = open(file);
      const st = store.stats();
      t.diagnostic(
        `acknowledged ${acked.length} messages; reopened with ${st.chunks} chunks, ${st.logRows} log rows`,
      );
      for (const [s, sensorId] of SENSORS.entries()) {
        const got = store.query({ gatewayId: 'gw', sensorId, ...ALL });
        for (let i = 1; i < got.length; i++)
          assert.ok(got[i].time > got[i - 1].time, 'no value twice, time order');
        const byTime = new Map(got.map((p) => [p.time, p.value]));
        for (const id of acked) {
          for (const p of messageFor(id)[s].points) {
            assert.ok(byTime.has(p.time), `acknowledged message ${id} lost for ${sensorId}`);
            assert.deepEqual(byTime.get(p.time), p.value);
          }
        }
      }
      // the store still works after all that
      const again = await store.append('gw', messageFor(9_000_000), Date.now());
      assert.equal(again.accepted, 6);
      store.compact({ all: true });
      await store.close();
    } finally {
      tmp.remove();
    }
  },
);
