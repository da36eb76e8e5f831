// Pure overview reducers.
import type { SiteError, SiteOverview } from '../../shared/api.js';

/** Count a live `error` event into the overview (total, byKind, recent newest first, at most `max`). */
export function addRecentError(o: SiteOverview, err: SiteError, max = 20): SiteOverview {
  return {
    ...o,
    errors: {
      total: o.errors.total + 1,
      byKind: { ...o.errors.byKind, [err.kind]: (o.errors.byKind[err.kind] ?? 0) + 1 },
      recent: [err, ...o.errors.recent].slice(0, max),
    },
  };
}
