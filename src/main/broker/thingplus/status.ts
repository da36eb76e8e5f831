// Gateway and sensor status (protocol §2, §3 "Status CSV"):
//   v/a/g/{gw}/mqtt/status   on | off | err (err is the will)
//   v/a/g/{gw}/status        {gwStatus},{dur}[,{sid},{status},{dur}]*
//                            older format: {gwStatus},{dur}[,{sid},{status}]*
//   v/a/g/{gw}/s/{sid}/status {status},{dur}
import type { ReportedStatus, StatusWord } from '../../../shared/model.js';
import { protocolError, type ProtocolError } from './errors.js';
import { isValidSensorId } from './topics.js';

/** Durations at or above this are absolute expiry times in ms (C SDK, Arduino); below, seconds. */
export const ABSOLUTE_EXPIRY_THRESHOLD = 1e11;

export type ParsedStatusWord = { status: Exclude<StatusWord, 'expired'>; reason?: string };

export interface SensorReportedStatus {
  sensorId: string;
  status: ReportedStatus;
}

export type GatewayStatusResult =
  | {
      ok: true;
      gateway: ReportedStatus;
      sensors: SensorReportedStatus[];
      /** rejected sensor entries; the others are kept */
      errors: ProtocolError[];
      /** `current`: per-sensor durations; `legacy`: the older format without them; `mixed`: read entry by entry */
      format: 'current' | 'legacy' | 'mixed';
    }
  | { ok: false; error: ProtocolError };

export type SensorStatusResult = { ok: true; status: ReportedStatus } | { ok: false; error: ProtocolError };

/** protocol §3: `-1` → never expires (null); ≥ 1e11 → absolute epoch ms; otherwise seconds from now. */
export function resolveExpiry(dur: number, now: number): number | null {
  if (dur === -1) return null;
  if (dur >= ABSOLUTE_EXPIRY_THRESHOLD) return Math.floor(dur);
  return Math.round(now + dur * 1000);
}

/** protocol §3: a status not refreshed before `expireAt` is shown as "expired" (strictly after it). */
export function effectiveStatus(reported: ReportedStatus, now: number): StatusWord {
  return reported.expireAt !== null && now > reported.expireAt ? 'expired' : reported.status;
}

/** protocol §3: `on`, `off`, `err`, `err:{reason}` (spaces trimmed, word case-insensitive). */
export function parseStatusWord(field: string): ParsedStatusWord | null {
  const trimmed = field.trim();
  const colon = trimmed.indexOf(':');
  const word = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim().toLowerCase();
  if (colon >= 0) {
    if (word !== 'err') return null;
    const reason = trimmed.slice(colon + 1).trim();
    return reason === '' ? { status: 'err' } : { status: 'err', reason };
  }
  return word === 'on' || word === 'off' || word === 'err' ? { status: word } : null;
}

const DURATION = /^-?\d+(?:\.\d+)?$/;

/** A duration field: -1, non-negative seconds, or absolute ms. null when it is none of these. */
export function parseDuration(field: string): number | null {
  const trimmed = field.trim();
  if (!DURATION.test(trimmed)) return null;
  const n = Number(trimmed);
  return n === -1 || (n >= 0 && Number.isFinite(n)) ? n : null;
}

/** `v/a/g/{gw}/mqtt/status`: the connection state word, or null. */
export function parseMqttStatus(text: string): 'on' | 'off' | 'err' | null {
  const word = text.trim().toLowerCase();
  return word === 'on' || word === 'off' || word === 'err' ? word : null;
}

function reported(word: ParsedStatusWord, dur: number, now: number): ReportedStatus {
  const status: ReportedStatus = { status: word.status, expireAt: resolveExpiry(dur, now), receivedAt: now };
  if (word.reason !== undefined) status.reason = word.reason;
  return status;
}

/** Parses `{status},{dur}` (with or without spaces). */
export function parseSensorStatus(text: string, now: number): SensorStatusResult {
  const fields = text.split(',');
  if (fields.length !== 2) {
    return {
      ok: false,
      error: protocolError('payload.malformed', `expected {status},{dur}, got ${fields.length} field(s)`, {
        raw: text,
      }),
    };
  }
  const word = parseStatusWord(fields[0]);
  if (!word)
    return { ok: false, error: protocolError('status.invalid', 'unknown status word', { raw: fields[0] }) };
  const dur = parseDuration(fields[1]);
  if (dur === null)
    return { ok: false, error: protocolError('duration.invalid', 'invalid duration', { raw: fields[1] }) };
  return { ok: true, status: reported(word, dur, now) };
}

/**
 * Parses the gateway status CSV. The format is decided for the whole message: triples
 * `{sid},{status},{dur}` when every triple reads that way, else pairs `{sid},{status}` (older format, each
 * sensor then inherits the gateway's duration) when every pair does, else entries are read one by one
 * (a status followed by a duration-looking field takes it) and the unreadable ones are reported.
 */
export function parseGatewayStatus(text: string, now: number): GatewayStatusResult {
  const fields = text.split(',').map((f) => f.trim());
  if (fields.length < 2) {
    return {
      ok: false,
      error: protocolError('payload.malformed', 'expected {gwStatus},{dur}[,…]', { raw: text }),
    };
  }
  const gwWord = parseStatusWord(fields[0]);
  if (!gwWord) {
    return {
      ok: false,
      error: protocolError('status.invalid', 'unknown gateway status word', { raw: fields[0] }),
    };
  }
  const gwDur = parseDuration(fields[1]);
  if (gwDur === null) {
    return {
      ok: false,
      error: protocolError('duration.invalid', 'invalid gateway duration', { raw: fields[1] }),
    };
  }
  const gateway = reported(gwWord, gwDur, now);
  const rest = fields.slice(2);
  if (rest.length === 0) return { ok: true, gateway, sensors: [], errors: [], format: 'current' };

  if (readsAs(rest, 3)) {
    const sensors: SensorReportedStatus[] = [];
    for (let i = 0; i < rest.length; i += 3) {
      sensors.push({
        sensorId: rest[i],
        status: reported(parseStatusWord(rest[i + 1])!, parseDuration(rest[i + 2])!, now),
      });
    }
    return { ok: true, gateway, sensors, errors: [], format: 'current' };
  }
  if (readsAs(rest, 2)) {
    const sensors: SensorReportedStatus[] = [];
    for (let i = 0; i < rest.length; i += 2) {
      sensors.push({ sensorId: rest[i], status: reported(parseStatusWord(rest[i + 1])!, gwDur, now) });
    }
    return { ok: true, gateway, sensors, errors: [], format: 'legacy' };
  }
  return { ok: true, gateway, ...readOneByOne(rest, gwDur, now), format: 'mixed' };
}

/** Whether every group of `size` fields reads as `{sid},{status}[,{dur}]`. */
function readsAs(rest: string[], size: 2 | 3): boolean {
  if (rest.length % size !== 0) return false;
  for (let i = 0; i < rest.length; i += size) {
    if (!isValidSensorId(rest[i]) || parseStatusWord(rest[i + 1]) === null) return false;
    if (size === 3 && parseDuration(rest[i + 2]) === null) return false;
  }
  return true;
}

function startsEntry(rest: string[], i: number): boolean {
  return i + 1 < rest.length && isValidSensorId(rest[i]) && parseStatusWord(rest[i + 1]) !== null;
}

function readOneByOne(
  rest: string[],
  gwDur: number,
  now: number,
): { sensors: SensorReportedStatus[]; errors: ProtocolError[] } {
  const sensors: SensorReportedStatus[] = [];
  const errors: ProtocolError[] = [];
  let i = 0;
  while (i < rest.length) {
    if (!startsEntry(rest, i)) {
      // skip to the next field that starts a readable entry and report the skipped fields once
      let j = i + 1;
      while (j < rest.length && !startsEntry(rest, j)) j++;
      const skipped = rest.slice(i, j);
      const kind = isValidSensorId(rest[i]) ? 'status.invalid' : 'sensorId.invalid';
      errors.push(
        protocolError(kind, `unreadable sensor status entry at field ${i + 2}`, { raw: skipped.join(',') }),
      );
      i = j;
      continue;
    }
    const dur = i + 2 < rest.length ? parseDuration(rest[i + 2]) : null;
    sensors.push({ sensorId: rest[i], status: reported(parseStatusWord(rest[i + 1])!, dur ?? gwDur, now) });
    i += dur === null ? 2 : 3;
  }
  return { sensors, errors };
}
