// The alarm reserve on a real, really full filesystem (a small tmpfs): with it the timeline keeps
// writing long after the disk has no byte left; without it the same writes fail at once.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AlarmReserve, openSiteDatabase, type SqliteDatabase } from '../../../src/main/storage/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import { fillDisk, freeBytes, mountSkip, mountSmallDisk } from '../../support/small-disk.js';

const MiB = 1024 * 1024;

function writeEntries(timeline: Timeline, n: number, tag: string): void {
  for (let i = 0; i < n; i += 1)
    timeline.add({ type: 'site', node: [], severity: 'fatal', message: `${tag} ${i} ${'x'.repeat(300)}` });
}

describe('the alarm reserve', { skip: mountSkip(), timeout: 60_000 }, () => {
  let disk: ReturnType<typeof mountSmallDisk> | undefined;
  let dir: string;
  before(() => {
    disk = mountSmallDisk('edge-site-reserve-', '8m');
    dir = disk.dir;
  });
  after(() => disk?.remove());

  for (const withReserve of [true, false]) {
    test(
      withReserve ? 'keeps the timeline writing on a full disk' : 'control: without it writes fail',
      () => {
        const data = join(dir, withReserve ? 'with' : 'without');
        let db: SqliteDatabase | undefined = openSiteDatabase(data);
        try {
          const reserve = new AlarmReserve(db, join(data, 'site.db'), withReserve ? 1 * MiB : 0);
          assert.equal(reserve.ensure(), true);
          if (withReserve) assert.equal(reserve.state().ready, true, JSON.stringify(reserve.state()));
          const timeline = new Timeline(db);
          writeEntries(timeline, 20, 'before');
          fillDisk(join(data, 'filler'));
          assert.equal(freeBytes(dir), 0, 'the disk is full');
          if (withReserve) {
            // ~700 KiB of rows in 1500 transactions: several trips round the pre-grown WAL
            writeEntries(timeline, 1500, 'full');
            const page = timeline.list({ count: 4000 });
            assert.equal(page.data.length, 1520);
            assert.match(page.data[0]!.message, /^full 1499 /);
            assert.equal(reserve.ensure(), false, 'no space to top it up');
          } else {
            assert.throws(() => writeEntries(timeline, 1500, 'full'), /full/i);
          }
          db.close();
          db = undefined;
          rmSync(join(data, 'filler'));
        } finally {
          db?.close();
          rmSync(join(data, 'filler'), { force: true });
        }
      },
    );
  }
});
