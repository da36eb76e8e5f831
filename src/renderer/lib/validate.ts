// Pure input validation for the console's forms.

/** Why a gateway id is refused; null when it is fine. Keys are i18n keys under `validate.`. */
export type GatewayIdProblem = 'empty' | 'tooLong' | 'chars';

export const GATEWAY_ID_MAX = 64;
const MAC = /^[0-9a-fA-F]{12}$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

/**
 * A Thing+ gateway id is usually the 12-hex-digit MAC address ("b827eb0a1c2d"); any id of
 * URL-unreserved characters (A–Z a–z 0–9 - . _ ~) is accepted too, because it appears in MQTT topics and URLs.
 */
export function validateGatewayId(raw: string): GatewayIdProblem | null {
  const id = raw.trim();
  if (id === '') return 'empty';
  if (MAC.test(id)) return null;
  if (id.length > GATEWAY_ID_MAX) return 'tooLong';
  return UNRESERVED.test(id) ? null : 'chars';
}

export function isMacId(raw: string): boolean {
  return MAC.test(raw.trim());
}

/** "B8:27:EB:0A:1C:2D" / "b8-27-eb-0a-1c-2d" → "b827eb0a1c2d"; anything else is returned trimmed. */
export function normalizeGatewayId(raw: string): string {
  const id = raw.trim();
  if (/^[0-9a-fA-F]{2}([:-])(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}$/.test(id)) {
    return id.replace(/[:-]/g, '').toLowerCase();
  }
  return id;
}

/** A threshold as typed; null when it is not a finite number. */
export function parseThreshold(raw: string): number | null {
  const s = raw.trim();
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
