import type { ValuePoint } from '../../../shared/model.js';
import { packedStart, type PackedBatch } from '../packed.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { ValueDecoder, ValueEncoder, writeNumbers } from './values.js';

/**
 * Body of one ingest-log row (= one received message). Layout:
 *   version(1) · varint sections · per section: varint seriesId · varint byteLength · payload
 *   payload: varint n · zigzag(t0 − receivedAt) · zigzag Δt… · value stream
 * Times are relative to the row's received_at because gateway clocks are synced by timeSync, so the
 * first time costs 1–3 bytes instead of 6. The byte length lets a reader skip other sensors' sections.
 * Not compressed: the log is short-lived and the hot path must stay cheap on CPU.
 */
export const LOG_BODY_VERSION = 1;

export interface LogSection {
  seriesId: number;
  points: ValuePoint[];
}

// Reused by every call (encoding is synchronous): a message of 100 sensors allocated 200 buffers here,
// garbage the broker thread collected at 100 values per message; now only the result is allocated.
const bodyWriter = new ByteWriter(4096);
const sectionWriter = new ByteWriter(1024);

export function encodeLogBody(sections: readonly LogSection[], receivedAt: number): Buffer {
  const w = bodyWriter;
  w.reset();
  w.byte(LOG_BODY_VERSION);
  w.varint(sections.length);
  for (const s of sections) {
    // its own writer: the section's length must be known before it is framed
    sectionWriter.reset();
    encodeSection(sectionWriter, s.points, receivedAt);
    w.varint(s.seriesId);
    w.varint(sectionWriter.length);
    w.bytes(sectionWriter.view());
  }
  return w.finish();
}

/** The same body from a packed message (series id per sensor in `ids`), no object per point. */
export function encodePackedLogBody(ids: readonly number[], p: PackedBatch, receivedAt: number): Buffer {
  const w = bodyWriter;
  w.reset();
  w.byte(LOG_BODY_VERSION);
  w.varint(ids.length);
  for (let i = 0; i < ids.length; i++) {
    sectionWriter.reset();
    const start = packedStart(p, i);
    const end = p.ends[i];
    sectionWriter.varint(end - start);
    let prev = receivedAt;
    for (let k = start; k < end; k++) {
      sectionWriter.zigzag(p.times[k] - prev);
      prev = p.times[k];
    }
    writeNumbers(sectionWriter, p.values, start, end);
    w.varint(ids[i]);
    w.varint(sectionWriter.length);
    w.append(sectionWriter);
  }
  return w.finish();
}

function encodeSection(out: ByteWriter, points: readonly ValuePoint[], receivedAt: number): void {
  out.varint(points.length);
  let prev = receivedAt;
  for (const p of points) {
    out.zigzag(p.time - prev);
    prev = p.time;
  }
  const enc = new ValueEncoder(out);
  for (const p of points) enc.write(p.value);
}

/** Walks a body's sections: series id and undecoded payload of each. */
function forEachSection(body: Uint8Array, visit: (seriesId: number, payload: Uint8Array) => void): void {
  const r = new ByteReader(body);
  const version = r.byte();
  if (version !== LOG_BODY_VERSION) throw new Error(`unknown log body version ${version}`);
  const sections = r.varint();
  for (let i = 0; i < sections; i++) {
    const seriesId = r.varint();
    visit(seriesId, r.bytes(r.varint()));
  }
}

/** Calls `visit` for each section; when `only` is given, other sections are skipped undecoded. */
export function readLogBody(
  body: Uint8Array,
  receivedAt: number,
  visit: (seriesId: number, points: ValuePoint[]) => void,
  only?: number,
): void {
  if (only === undefined) readLogBodyRange(body, receivedAt, -Infinity, Infinity, visit);
  else readLogBodyRange(body, receivedAt, only, only + 1, visit);
}

/** Like readLogBody for the sections whose series id is in [from, to); the others stay undecoded. */
export function readLogBodyRange(
  body: Uint8Array,
  receivedAt: number,
  from: number,
  to: number,
  visit: (seriesId: number, points: ValuePoint[]) => void,
): void {
  forEachSection(body, (seriesId, payload) => {
    if (seriesId >= from && seriesId < to) visit(seriesId, decodeSection(payload, receivedAt));
  });
}

/** Calls `visit` with each section's series id and point count, decoding no points. */
export function countLogBody(body: Uint8Array, visit: (seriesId: number, points: number) => void): void {
  forEachSection(body, (seriesId, payload) => visit(seriesId, new ByteReader(payload).varint()));
}

function decodeSection(payload: Uint8Array, receivedAt: number): ValuePoint[] {
  const r = new ByteReader(payload);
  const n = r.varint();
  const times = new Array<number>(n);
  let t = receivedAt;
  for (let i = 0; i < n; i++) {
    t += r.zigzag();
    times[i] = t;
  }
  const dec = new ValueDecoder(r);
  const out = new Array<ValuePoint>(n);
  for (let i = 0; i < n; i++) out[i] = { time: times[i], value: dec.read() };
  return out;
}

export function decodeLogBody(body: Uint8Array, receivedAt: number): LogSection[] {
  const out: LogSection[] = [];
  readLogBody(body, receivedAt, (seriesId, points) => out.push({ seriesId, points }));
  return out;
}
