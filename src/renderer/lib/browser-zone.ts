let zone: string | null = null;

/**
 * The browser's time zone, looked up once per page. The first `Intl.DateTimeFormat` of a page sets up
 * ICU's date formatting (20–30 ms in a console load's CPU profile, whichever formatter comes first); the
 * entry (boot.ts) asks while the console's script is still on its way, so that set-up is not paid inside
 * the first render.
 */
export function browserZone(): string {
  return (zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}
