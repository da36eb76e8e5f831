/** A storage failure (disk full, I/O error, closed store): the values were NOT stored; do not acknowledge. */
export class SeriesStoreError extends Error {
  /** SQLite's error code when SQLite raised it, e.g. SQLITE_FULL */
  readonly code: string | undefined;

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SeriesStoreError';
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
