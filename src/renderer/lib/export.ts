// Pure helpers for the streamed export download: query, file name, progress.

export type ExportFormat = 'csv' | 'json';

export interface ExportSensor {
  gatewayId: string;
  sensorId: string;
}

/** Query string of GET /api/v1/export. */
export function exportQuery(
  sensors: readonly ExportSensor[],
  start: number,
  end: number,
  format: ExportFormat,
): string {
  return new URLSearchParams({
    sensors: sensors.map((s) => `${s.gatewayId}:${s.sensorId}`).join(','),
    dataStart: new Date(start).toISOString(),
    dataEnd: new Date(end).toISOString(),
    format,
  }).toString();
}

/** The file name from `Content-Disposition: attachment; filename="…"`, else the fallback. */
export function fileNameFrom(disposition: string | null | undefined, fallback: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  const name = m?.[1]?.trim();
  return name ? name.replace(/[/\\]/g, '_') : fallback;
}

/**
 * Counts exported rows from the streamed text: one row per line after the CSV header, or per JSON array
 * element line (`[`, `]` excluded). Quoted newlines inside CSV values count extra: it drives a progress
 * bar, not a total.
 */
export class RowCounter {
  private newlines = 0;
  add(text: string): void {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.newlines++;
  }
  get rows(): number {
    // csv: header line; json: the "[" line (the "]" line only arrives at the very end)
    return Math.max(0, this.newlines - 1);
  }
}

/** Progress 0…1 from rows received vs the server's estimate; null when there is no usable estimate. */
export function exportProgress(rows: number, estimatedRows: number | null, done: boolean): number | null {
  if (done) return 1;
  if (estimatedRows === null || !Number.isFinite(estimatedRows) || estimatedRows <= 0) return null;
  return Math.min(0.99, rows / estimatedRows);
}

/** The X-Edge-Site-Estimated-Rows header as a number (null when missing or not a count). */
export function parseEstimate(header: string | null | undefined): number | null {
  if (header === null || header === undefined || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** Bytes as "12.3 MB", "512 kB", "87 B". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
