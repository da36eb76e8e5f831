import type { ValuePoint } from '../../shared/model.js';

/** points kept decoded: about 50 sensors' newest chunks several times over, a few MB */
export const DECODED_CHUNK_POINTS = 200_000;

/**
 * Decoded chunk bodies for the read path, least recently used dropped first, bounded by points.
 * A chart's newest bucket reads the minute after the rollups' watermark raw, which decodes each
 * sensor's whole last chunk (up to 1 000 points) for a handful of values: in a 50-sensor request that
 * was the largest share of the site's CPU time (issue 15). An entry answers only for the very bytes
 * it was decoded from (the body is compared, a memcmp of a few kB), so an appended-to chunk (same id,
 * new body), a deleted one or a reused id can never be answered from a stale entry.
 * The arrays are shared between readers: frozen, so a caller that wrote into one would fail loudly.
 */
export class DecodedChunks {
  private readonly entries = new Map<number, { body: Buffer; points: readonly ValuePoint[] }>();
  private points = 0;

  constructor(private readonly maxPoints = DECODED_CHUNK_POINTS) {}

  get(id: number, body: Buffer, decode: (body: Buffer) => ValuePoint[]): readonly ValuePoint[] {
    const hit = this.entries.get(id);
    if (hit && hit.body.equals(body)) {
      // most recently used last: Map keeps insertion order
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.points;
    }
    if (hit) this.drop(id, hit.points.length);
    const points = Object.freeze(decode(body));
    if (points.length > this.maxPoints) return points;
    this.entries.set(id, { body, points });
    this.points += points.length;
    for (const [oldId, e] of this.entries) {
      if (this.points <= this.maxPoints) break;
      this.drop(oldId, e.points.length);
    }
    return points;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(id: number, n: number): void {
    this.entries.delete(id);
    this.points -= n;
  }
}
