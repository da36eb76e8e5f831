import { readFileSync } from 'node:fs';
import type { Auth } from '../auth/index.js';
import type { SiteConfig } from '../config/config.js';
import type { Logger } from '../logger/logger.js';

/**
 * Unattended installs: the user `admin` with the password of EDGE_SITE_ADMIN_PASSWORD or
 * auth.adminPasswordFile (--admin-password-file), only while the site has no user. Without either the
 * console's first-run page asks; there is never a default password.
 */
export async function createFirstAdmin(
  auth: Auth,
  config: SiteConfig,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<void> {
  if (!auth.setupRequired()) return;
  let password = env.EDGE_SITE_ADMIN_PASSWORD || undefined;
  const file = config.auth.adminPasswordFile;
  if (password === undefined && file) {
    try {
      password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new Error(`auth.adminPasswordFile ${file}: ${(err as Error).message}`);
    }
  }
  if (password === undefined) {
    logger.warn('no user yet: open the console to create the admin (or set EDGE_SITE_ADMIN_PASSWORD)');
    return;
  }
  try {
    await auth.setup('admin', password, null);
  } catch (err) {
    // a cluster's nodes start together: another one's admin came through the control log meanwhile
    if ((err as { code?: string }).code === 'ES_CONFLICT' && !auth.setupRequired()) {
      logger.info('the user admin was created by another node of the cluster');
      return;
    }
    throw err;
  }
  logger.info('created the user admin (the site had no user)');
}
