// What the demo created, so that removing it removes exactly that: the gateway ids it registered and
// the rule ids it saved. Kept in DATA_DIR/demo.json beside site.db (written to a temporary file and
// renamed, so it is either the old or the new record, never half of one). The gateway ids are written
// before the gateways are registered, so a start that fails halfway still leaves a record that covers
// everything it made; the rules all target demo gateways, so they go with them even without their ids.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoRecord {
  gateways: string[];
  rules: number[];
  /** gateways whose past week was written (a restarted demo does not write it twice) */
  history: string[];
  createdAt: number;
}

export class DemoRecordFile {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'demo.json');
  }

  read(): DemoRecord | null {
    if (!existsSync(this.file)) return null;
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<DemoRecord>;
      return {
        gateways: (parsed.gateways ?? []).filter((g) => typeof g === 'string'),
        rules: (parsed.rules ?? []).filter((r) => Number.isInteger(r)),
        history: (parsed.history ?? []).filter((g) => typeof g === 'string'),
        createdAt: typeof parsed.createdAt === 'number' ? parsed.createdAt : Date.now(),
      };
    } catch (err) {
      throw new Error(`${this.file} is not a demo record (${(err as Error).message}); remove it by hand`);
    }
  }

  write(record: DemoRecord): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(record, null, 2));
    renameSync(tmp, this.file);
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}
