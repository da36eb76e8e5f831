// Protocol errors: every rejected message or point carries one, so it can be counted and shown to the
// operator (protocol §3: "the message is rejected (and counted, and visible to the operator), never a
// crash, and valid parts of a batch are still stored").

/** Stable error kinds: metrics and the console group by these; do not rename. */
export type ProtocolErrorKind =
  /** not parseable at all: bad JSON/CSV structure, wrong top-level shape, empty payload */
  | 'payload.malformed'
  /** the (inflated) payload is larger than the configured bound */
  | 'payload.tooLarge'
  /** starts with the gzip magic `1f 8b` but does not inflate */
  | 'payload.gzip'
  /** a time that is not a number / numeric string, or is outside the accepted range */
  | 'time.invalid'
  /** a value that is null, NaN/Infinity, unparseable, or of the wrong kind for its sensor type */
  | 'value.invalid'
  /** a time without a value (odd number of elements), or a pair that is not `[t,v]` */
  | 'pair.incomplete'
  /** a sensor id that is not acceptable (protocol §7) */
  | 'sensorId.invalid'
  /** a status word other than on / off / err / err:{reason} */
  | 'status.invalid'
  /** a status duration that is neither -1, seconds, nor absolute ms */
  | 'duration.invalid';

export interface ProtocolError {
  kind: ProtocolErrorKind;
  /** human-readable, for logs and the console */
  message: string;
  /** the sensor the error belongs to, when known */
  sensorId?: string;
  /** index of the offending pair in its batch (0-based), when the error is about one pair */
  index?: number;
  /** the offending text, shortened (at most 80 characters) */
  raw?: string;
}

const RAW_MAX = 80;

/** Shortens `raw` for an error report so a huge payload does not end up in every log line. */
export function excerpt(raw: string): string {
  return raw.length <= RAW_MAX ? raw : `${raw.slice(0, RAW_MAX - 1)}…`;
}

export function protocolError(
  kind: ProtocolErrorKind,
  message: string,
  extra: { sensorId?: string; index?: number; raw?: string } = {},
): ProtocolError {
  const error: ProtocolError = { kind, message };
  if (extra.sensorId !== undefined) error.sensorId = extra.sensorId;
  if (extra.index !== undefined) error.index = extra.index;
  if (extra.raw !== undefined) error.raw = excerpt(extra.raw);
  return error;
}
