import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';

export type Guard = <A extends unknown[]>(what: string, fn: (...args: A) => void) => (...args: A) => void;

/**
 * Wraps an event consumer so that its failure (e.g. the timeline's disk is full) is logged and counted
 * and never turns committed values into a refused PUBACK or crashes the site.
 */
export function guard(logger: Logger, metrics: Metrics): Guard {
  return (what, fn) =>
    (...args) => {
      try {
        fn(...args);
      } catch (err) {
        logger.error({ err }, `${what} failed`);
        metrics.recordError({ kind: 'internal', message: `${what}: ${(err as Error).message}` });
      }
    };
}
