export { Backups, type BackupOptions } from './backups.js';
export { restoreBackup, type RestoreOptions } from './restore.js';
export { runRestoreCli, RESTORE_USAGE } from './cli.js';
