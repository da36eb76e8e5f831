// Pure status helpers.
import type { ReportedStatus, StatusWord } from '../../shared/model.js';

/** The status to show: `expired` once expireAt has passed, whatever the gateway last said. */
export function effectiveStatus(status: ReportedStatus | null | undefined, now: number): StatusWord | null {
  if (!status) return null;
  if (status.status !== 'expired' && status.expireAt !== null && status.expireAt <= now) return 'expired';
  return status.status;
}
