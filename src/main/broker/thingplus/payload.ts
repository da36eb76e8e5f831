// Payload decoding (protocol §3 "Compression"): gateways gzip value messages over 100 bytes and RPC
// responses over 500 bytes; any payload starting with `1f 8b` is gunzipped first, with a bounded
// inflated size so a gzip bomb cannot exhaust memory.
import { gunzipSync } from 'node:zlib';
import { protocolError, type ProtocolError } from './errors.js';

export interface DecodePayloadOptions {
  /**
   * Upper bound in bytes on the decoded payload: the inflated size of a gzip payload, and the size of a
   * plain one (so both paths obey one limit).
   */
  maxInflatedBytes: number;
}

export type DecodedPayload =
  { ok: true; text: string; gzipped: boolean } | { ok: false; error: ProtocolError };

/** True when `buf` starts with the gzip magic bytes `1f 8b`. */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Decodes an MQTT payload to text: gunzip when it starts with `1f 8b`, then UTF-8. Decoding is lenient
 * (invalid sequences become U+FFFD; the parsers reject what they cannot read) and a leading BOM is dropped.
 */
export function decodePayload(buf: Buffer, options: DecodePayloadOptions): DecodedPayload {
  const max = options.maxInflatedBytes;
  let bytes: Buffer = buf;
  const gzipped = isGzip(buf);
  if (gzipped) {
    try {
      bytes = gunzipSync(buf, { maxOutputLength: max });
    } catch (err) {
      if (isBufferTooLarge(err)) {
        return {
          ok: false,
          error: protocolError('payload.tooLarge', `gzip payload inflates to more than ${max} bytes`),
        };
      }
      const reason = err instanceof Error ? err.message : String(err);
      return { ok: false, error: protocolError('payload.gzip', `invalid gzip payload: ${reason}`) };
    }
  } else if (buf.length > max) {
    return {
      ok: false,
      error: protocolError('payload.tooLarge', `payload of ${buf.length} bytes exceeds ${max} bytes`),
    };
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, gzipped };
}

function isBufferTooLarge(err: unknown): boolean {
  return err instanceof RangeError && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}
