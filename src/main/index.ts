#!/usr/bin/env node
// Headless entry: `node dist/main/index.js [options]` (`npm run start:headless` adds the V8 flags of
// scripts/site-flags.js). The Electron shell (src/main/electron) starts the same site in-process;
// everything here runs under plain Node.
import { runRestoreCli } from './backups/index.js';
import { ConfigError, USAGE, loadConfig } from './config/config.js';
import { createLogger } from './logger/logger.js';
import { startSite } from './site.js';

async function main(): Promise<void> {
  // `edge-site restore …`: put a backup into a data dir (the site is not started)
  if (process.argv[2] === 'restore') process.exit(await runRestoreCli(process.argv.slice(3)));
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`edge-site: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = createLogger({ level: config.logLevel });
  const site = await startSite(config, logger).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    const hint =
      e.code === 'EADDRINUSE'
        ? ' (is another Edge Site running? choose other ports with --mqtt-port/--http-port)'
        : '';
    logger.fatal({ err }, `site failed to start${hint}`);
    process.exit(1);
  });
  process.stdout.write(
    `Edge Site is running headless. Console: ${site.consoleUrl}  MQTT: port ${site.ports.mqtt}\n`,
  );

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    site.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
