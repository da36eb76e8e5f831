import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ValuePoint } from '../../../shared/model.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { ValueDecoder, ValueEncoder } from './values.js';

/**
 * The first byte of every chunk body is the codec id (also kept in the `chunks.codec` column so a
 * migration can find old chunks without reading them). The set of codecs is fixed at build time
 * (CODECS below): the commit thread and the compaction worker load their own module instances, so a
 * codec registered at run time on the main thread would be unknown to them. A new codec (e.g. Gorilla)
 * gets a new id and an entry in CODECS; old ids stay decodable forever.
 */
export interface ChunkCodec {
  readonly id: number;
  readonly name: string;
  /** points are in strictly increasing time order */
  encode(points: readonly ValuePoint[]): Buffer;
  decode(payload: Uint8Array): ValuePoint[];
}

/** v1: delta-of-delta zigzag varint times + tagged values, raw-deflated. */
export const deltaDeflateCodec: ChunkCodec = {
  id: 1,
  name: 'delta-deflate',
  encode(points) {
    const w = new ByteWriter(points.length * 4 + 16);
    w.varint(points.length);
    let prevT = 0;
    let prevDelta = 0;
    points.forEach((p, i) => {
      if (i === 0) w.zigzag(p.time);
      else {
        const delta = p.time - prevT;
        w.zigzag(delta - prevDelta);
        prevDelta = delta;
      }
      prevT = p.time;
    });
    const enc = new ValueEncoder(w);
    for (const p of points) enc.write(p.value);
    return deflateRawSync(w.finish());
  },
  decode(payload) {
    const r = new ByteReader(inflateRawSync(payload));
    const n = r.varint();
    const times = new Array<number>(n);
    let t = 0;
    let delta = 0;
    for (let i = 0; i < n; i++) {
      if (i === 0) t = r.zigzag();
      else {
        delta += r.zigzag();
        t += delta;
      }
      times[i] = t;
    }
    const dec = new ValueDecoder(r);
    const out = new Array<ValuePoint>(n);
    for (let i = 0; i < n; i++) out[i] = { time: times[i], value: dec.read() };
    return out;
  },
};

/** every codec a chunk may have been written with, by id */
const CODECS: ReadonlyMap<number, ChunkCodec> = new Map([[deltaDeflateCodec.id, deltaDeflateCodec]]);

export const DEFAULT_CODEC = deltaDeflateCodec;

export function encodeChunk(points: readonly ValuePoint[], codec: ChunkCodec = DEFAULT_CODEC): Buffer {
  const payload = codec.encode(points);
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = codec.id;
  payload.copy(out, 1);
  return out;
}

export function decodeChunk(body: Uint8Array): ValuePoint[] {
  const codec = CODECS.get(body[0]);
  if (!codec) throw new Error(`unknown chunk codec ${body[0]}`);
  return codec.decode(body.subarray(1));
}
