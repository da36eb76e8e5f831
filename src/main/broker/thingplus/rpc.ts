// RPC messages (protocol §4): requests on `v/a/g/{gw}/req`, responses on `v/a/g/{gw}/res`.
//   request  {"id":"e1kcs13b9","method":"timeSync","params":{"time":1372874401865}}  (no `jsonrpc` member)
//   success  {"id":"…","result":""}              (result: string or object)
//   failure  {"id":"…","error":{"code":-32000,"message":"…"}}
// Tolerated: the C SDK's malformed error `{"id":"x","error":"code":-32000,"message":"m"}` (and its
// unescaped `%s` messages), numeric ids, and a quoted (double-encoded) string id.
import { randomBytes } from 'node:crypto';

export interface RpcErrorObject {
  code: number;
  message: string;
}

export interface RpcResponse {
  id: string;
  result?: unknown;
  error?: RpcErrorObject;
}

/** JSON-RPC codes the gateways use (protocol §4); -32000…-32099 are implementation-defined. */
export const RPC_ERROR_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  serverError: -32000,
} as const;

/** Restart-type methods (protocol §4): they answer `{"stdout":"requireRestart"}` first, maybe again later. */
export const RESTART_METHODS: ReadonlySet<string> = new Set([
  'setProperty',
  'poweroff',
  'reboot',
  'resetConfig',
  'restart',
  'swUpdate',
]);

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const RPC_ID_LENGTH = 9;

/** A fresh 9-character request id of [0-9a-z], like `e1kcs13b9` (protocol §4). */
export function newRpcId(): string {
  const bytes = randomBytes(RPC_ID_LENGTH);
  let id = '';
  // 252 = 7 × 36: bytes ≥ 252 would bias the first letters; re-draw them (rare) instead
  for (let i = 0; i < RPC_ID_LENGTH; i++) {
    let b = bytes[i];
    while (b >= 252) b = randomBytes(1)[0];
    id += ID_ALPHABET[b % 36];
  }
  return id;
}

/** `{"id":…,"method":…,"params":{…}}`, members in that order, no `jsonrpc` member (protocol §4). */
export function buildRpcRequest(
  method: string,
  params: Record<string, unknown> | undefined,
  id: string,
): string {
  return JSON.stringify({ id, method, params: params ?? {} });
}

/**
 * Parses a response; null when it has no usable id (or is not a response at all). Invalid JSON with a
 * readable id becomes an error response (code -32700) unless it is one of the C SDK's known shapes.
 */
export function parseRpcResponse(text: string): RpcResponse | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return parseMalformedResponse(text);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const obj = parsed as Record<string, unknown>;
  const id = normaliseId(obj.id);
  if (id === null) return null;
  if (obj.error !== undefined && obj.error !== null) return { id, error: normaliseError(obj.error) };
  return 'result' in obj ? { id, result: obj.result } : { id };
}

/** true for `{"stdout":"requireRestart"}` (also when a gateway double-encoded it as a JSON string). */
export function isRestartAck(result: unknown): boolean {
  let value = result;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return false;
    }
  }
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).stdout === 'requireRestart'
  );
}

function normaliseId(raw: unknown): string | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string' || raw === '') return null;
  // a quoted-string id: "\"e1kcs13b9\"" → e1kcs13b9
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(raw);
      if (typeof inner === 'string' && inner !== '') return inner;
    } catch {
      return raw.slice(1, -1) || null;
    }
  }
  return raw;
}

function normaliseError(raw: unknown): RpcErrorObject {
  if (typeof raw === 'object' && raw !== null) {
    const e = raw as Record<string, unknown>;
    const code =
      typeof e.code === 'number' && Number.isFinite(e.code)
        ? e.code
        : typeof e.code === 'string' && /^-?\d+$/.test(e.code.trim())
          ? Number(e.code)
          : RPC_ERROR_CODES.serverError;
    const message =
      typeof e.message === 'string' ? e.message : e.message === undefined ? '' : JSON.stringify(e.message);
    return { code, message };
  }
  // {"error":"some text"}: keep the text
  return { code: RPC_ERROR_CODES.serverError, message: typeof raw === 'string' ? raw : JSON.stringify(raw) };
}

const ID_FIELD = /"id"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+))/;
// the C SDK: {"id":"%s","error":"code":%d,"message":"%s"}  (message inserted unescaped)
const C_SDK_ERROR = /"error"\s*:\s*"code"\s*:\s*(-?\d+)\s*,\s*"message"\s*:\s*"([\s\S]*)"\s*\}?\s*\}\s*$/;
// the C SDK: {"id":"%s","result":"%s"}  (result inserted unescaped, so a quote breaks the JSON)
const C_SDK_RESULT = /"result"\s*:\s*"([\s\S]*)"\s*\}\s*$/;

function parseMalformedResponse(text: string): RpcResponse | null {
  const idMatch = ID_FIELD.exec(text);
  if (!idMatch) return null;
  const id = idMatch[1] !== undefined ? unescapeJsonString(idMatch[1]) : idMatch[2];
  if (id === '') return null;
  const err = C_SDK_ERROR.exec(text);
  if (err) return { id, error: { code: Number(err[1]), message: unescapeJsonString(err[2]) } };
  const res = C_SDK_RESULT.exec(text);
  if (res) return { id, result: unescapeJsonString(res[1]) };
  // an answer we cannot read: fail the call now rather than let it time out
  const shown = text.length <= 80 ? text : `${text.slice(0, 79)}…`;
  return { id, error: { code: RPC_ERROR_CODES.parseError, message: `unparseable response: ${shown}` } };
}

function unescapeJsonString(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body; // unescaped quotes and the like: the raw text is the best we have
  }
}
