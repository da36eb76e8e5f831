import { basename } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * One schema step, in its own file `NNN_name.ts`. A released migration is frozen: it must not import
 * live code (stores, codecs), because a file still waiting for it has to get exactly what it got when
 * it was released; a fix or a change goes into the next number.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * For a database whose versions were once numbered differently. Files written by that code carry
 * application_id 0; from the first version this code writes, they carry `applicationId`, so the two
 * numberings are told apart even where they share a number.
 */
export interface LegacyNumbering {
  applicationId: number;
  /** user_version as the old code wrote it → the version of the same schema in today's list */
  versions: Readonly<Record<number, number>>;
}

export interface MigrateOptions {
  /** names the file in error messages (default: the file's name) */
  database?: string;
  legacy?: LegacyNumbering;
}

/** The migrations in version order; throws unless their versions run 1, 2, 3… with no repeat or gap. */
export function checkMigrations(migrations: readonly Migration[], database = 'database'): Migration[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (!Number.isSafeInteger(m.version) || m.version < 1) {
      throw new MigrationError(
        `${database} migration "${m.name}": version ${m.version} is not a positive integer`,
      );
    }
    const prev = ordered[i - 1];
    if (prev?.version === m.version) {
      throw new MigrationError(
        `${database} migrations: version ${m.version} is used twice ("${prev.name}" and "${m.name}")`,
      );
    }
    if (m.version !== i + 1) {
      throw new MigrationError(
        `${database} migrations: version ${i + 1} is missing (versions must run 1, 2, 3… without gaps)`,
      );
    }
  });
  return ordered;
}

/**
 * Brings `db` up to the newest version: the schema version is SQLite's `user_version`, written in the
 * same transaction as each migration, so a failing or interrupted one leaves the previous version and
 * schema intact and is retried on the next open. A file newer than this build is refused rather than
 * misread. Returns the version the file is at now.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): number {
  const database = options.database ?? basename(db.name);
  // before touching the file, so a broken list never half-upgrades one
  const ordered = checkMigrations(migrations, database);
  const latest = ordered.length;
  const { version, legacy } = currentVersion(db, database, options.legacy);
  if (version > latest) {
    throw new MigrationError(
      `${database} schema version ${version} is newer than this build knows (${latest}); use a newer Edge Site`,
    );
  }
  const appId = options.legacy?.applicationId;
  const stamp = (): void => {
    if (appId !== undefined) db.pragma(`application_id = ${appId}`);
  };
  if (legacy) {
    db.transaction(() => {
      db.pragma(`user_version = ${version}`);
      stamp();
    })();
  }
  for (const m of ordered.slice(version)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      // with every version written, so no committed state has today's numbering without the stamp
      stamp();
    })();
  }
  return latest;
}

/** The file's version in today's numbering; `legacy` when it was numbered the old way (to be restamped). */
function currentVersion(
  db: Database.Database,
  database: string,
  numbering: LegacyNumbering | undefined,
): { version: number; legacy: boolean } {
  const stored = db.pragma('user_version', { simple: true }) as number;
  if (!numbering) return { version: stored, legacy: false };
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === numbering.applicationId) return { version: stored, legacy: false };
  if (appId !== 0) {
    throw new MigrationError(
      `${database} has application_id ${appId}, expected ${numbering.applicationId}: not this kind of file`,
    );
  }
  if (stored === 0) return { version: 0, legacy: false };
  const version = numbering.versions[stored];
  if (version === undefined) {
    throw new MigrationError(
      `${database} schema version ${stored} (old numbering) is newer than this build knows; use a newer Edge Site`,
    );
  }
  return { version, legacy: true };
}
