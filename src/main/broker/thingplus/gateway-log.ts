// Gateway log lines (protocol §2): `v/a/g/{gw}/log` carries `{"l":"F","c":"Category","t":ms,"d":"message"}`.
// Parsed tolerantly: a missing or odd field degrades to a default, and a payload that is not a JSON
// object is kept whole as the message (the operator still sees it).

export type GatewayLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'unknown';

export interface GatewayLogEntry {
  level: GatewayLogLevel;
  /** the level as sent (`"F"`), when there was one */
  rawLevel?: string;
  category: string;
  /** epoch ms from `t`, when it is a sane number; otherwise absent (use the receive time) */
  time?: number;
  message: string;
}

const LEVELS: Record<string, GatewayLogLevel> = {
  f: 'fatal',
  fatal: 'fatal',
  e: 'error',
  error: 'error',
  w: 'warn',
  warn: 'warn',
  warning: 'warn',
  i: 'info',
  info: 'info',
  d: 'debug',
  debug: 'debug',
  t: 'trace',
  trace: 'trace',
};

/** Parses a gateway log payload; never fails (an empty payload gives an empty message). */
export function parseGatewayLog(text: string): GatewayLogEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { level: 'unknown', category: '', message: text.trim() };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { level: 'unknown', category: '', message: text.trim() };
  }
  const o = parsed as Record<string, unknown>;
  const entry: GatewayLogEntry = {
    level: 'unknown',
    category: typeof o.c === 'string' ? o.c : o.c === undefined || o.c === null ? '' : String(o.c),
    message: typeof o.d === 'string' ? o.d : o.d === undefined || o.d === null ? '' : JSON.stringify(o.d),
  };
  if (typeof o.l === 'string' && o.l !== '') {
    entry.rawLevel = o.l;
    entry.level = LEVELS[o.l.trim().toLowerCase()] ?? 'unknown';
  }
  const t =
    typeof o.t === 'number' ? o.t : typeof o.t === 'string' && /^\d+$/.test(o.t.trim()) ? Number(o.t) : NaN;
  if (Number.isFinite(t) && t > 0) entry.time = Math.floor(t);
  return entry;
}
