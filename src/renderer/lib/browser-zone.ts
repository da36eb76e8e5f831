let zone: string | null = null;

/**
 * The browser's time zone, looked up once per page. The first `Intl.DateTimeFormat` of a page sets up
 * ICU's date formatting (24–52 ms alone in a new browser process, 60–130 ms in a cold console load's CPU
 * profiles, whichever formatter comes first: bench/README.md round 26); the entry (boot.ts) asks while the
 * console's script is still on its way, so that set-up is not paid inside the first render.
 */
export function browserZone(): string {
  return (zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}
