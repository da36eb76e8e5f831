import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreBackup } from './restore.js';

export const RESTORE_USAGE = `Usage: edge-site restore --from FILE --data-dir DIR [--force] [--passphrase-file FILE]

Restores a backup (made by POST /api/v1/backups or on the schedule) into DIR. The backup is checked
first (checksums, integrity_check); a DIR that already holds a site is refused without --force.
Start the site on DIR afterwards.`;

/** `edge-site restore …` (the headless entry) and `npm run restore -- …`; returns the exit code */
export async function runRestoreCli(
  argv: string[],
  out: Pick<NodeJS.WriteStream, 'write'> = process.stdout,
  err: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        'data-dir': { type: 'string' },
        force: { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    err.write(`edge-site restore: ${(e as Error).message}\n${RESTORE_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out.write(`${RESTORE_USAGE}\n`);
    return 0;
  }
  if (!args.from || !args['data-dir']) {
    err.write(`edge-site restore: --from and --data-dir are required\n${RESTORE_USAGE}\n`);
    return 2;
  }
  try {
    const passphrase = args['passphrase-file']
      ? readFileSync(args['passphrase-file'], 'utf8').replace(/\r?\n$/, '')
      : undefined;
    const result = await restoreBackup({
      from: args.from,
      dataDir: args['data-dir'],
      force: args.force,
      passphrase,
    });
    out.write(
      `restored the backup of ${new Date(result.createdAt).toISOString()} into ${args['data-dir']}: ${result.files.join(', ')}\n`,
    );
    return 0;
  } catch (e) {
    err.write(`edge-site restore: ${(e as Error).message}\n`);
    return 1;
  }
}
