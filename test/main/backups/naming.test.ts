// Backups made within one second: the number after the stamp orders them, so retention keeps the
// newest ones made (the CI run of stop 28 restored a backup that pruning had just removed: '-2' sorted
// as older than the un-numbered one, and a pruned number was handed out again).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Backups } from '../../../src/main/backups/backups.js';
import { silentLogger } from '../../../src/main/logger/logger.js';

const dataDir = mkdtempSync(join(tmpdir(), 'edge-site-backup-names-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('backups made within one second are kept newest first, and a pruned name is not used again', async () => {
  const second = Date.UTC(2026, 11, 2, 20, 42, 44);
  const backups = new Backups({
    dataDir,
    everyHours: 0,
    keep: 3,
    siteVersion: 'test',
    logger: silentLogger(),
    now: () => second,
  });
  const made: string[] = [];
  for (let i = 0; i < 5; i++) made.push((await backups.create()).id);
  assert.equal(new Set(made).size, 5, `five distinct names: ${made.join(', ')}`);
  assert.deepEqual(
    (await backups.list()).map((b) => b.id),
    made.slice(2).reverse(),
    'the last three made, newest first',
  );
  assert.deepEqual(readdirSync(backups.dir).sort(), [...made.slice(2)].sort());
});
