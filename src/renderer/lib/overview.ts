// Pure overview reducers.
import type { SiteError, SiteOverview } from '../../shared/api.js';

/** Count a live `error` event into the overview (total, byKind, recent newest first, at most `max`). */
export function addRecentError(o: SiteOverview, err: SiteError, max = 20): SiteOverview {
  return {
    ...o,
    errors: {
      total: o.errors.total + 1,
      lastHour: o.errors.lastHour + 1,
      byKind: { ...o.errors.byKind, [err.kind]: (o.errors.byKind[err.kind] ?? 0) + 1 },
      recent: [err, ...o.errors.recent].slice(0, max),
    },
  };
}

export const HOUR = 3_600_000;

/**
 * Errors in the last hour, from the overview's recent list (newest first, at most `listed` long). When
 * every listed error falls within the hour, more may have happened: `atLeast` is set.
 */
export function errorsLastHour(
  recent: readonly SiteError[],
  now: number,
  listed = 50,
): { count: number; atLeast: boolean } {
  const count = recent.filter((e) => e.time >= now - HOUR).length;
  return { count, atLeast: count > 0 && count >= listed };
}
