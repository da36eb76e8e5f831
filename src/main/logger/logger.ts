import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One pino logger for the site; services take a child (`logger.child({ service: 'broker' })`).
 * JSON lines on stdout by default (machine-readable in the field); `level` comes from config.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'edge-site',
    level: options.level ?? process.env.EDGE_SITE_LOG_LEVEL ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** A logger that drops everything, for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
