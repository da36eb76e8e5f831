/** A storage failure (disk full, I/O error, closed store): the values were NOT stored; do not acknowledge. */
export class SeriesStoreError extends Error {
  /** SQLite's error code when SQLite raised it, e.g. SQLITE_FULL */
  readonly code: string | undefined;

  constructor(message: string, cause?: unknown, code?: string) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SeriesStoreError';
    const causeCode = (cause as { code?: unknown } | undefined)?.code;
    this.code = code ?? (typeof causeCode === 'string' ? causeCode : undefined);
  }
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** SQLite's and the OS's codes for "no space left": the disk (or a quota) is full. */
const NO_SPACE_CODES: ReadonlySet<string> = new Set(['SQLITE_FULL', 'ENOSPC']);

/** the error (or the one it wraps) says the disk is full, by its code, never by its text */
export function isNoSpace(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NO_SPACE_CODES.has(code)) return true;
  }
  return false;
}
