import type { EncodedChunk, SeriesPlan, StepPlan } from './compact-plan.js';
import { NO_BUCKETS, type PlannedBuckets } from './rollup.js';

/** Where a blob or a run of doubles sits in one of the packed plan's buffers. */
type Ref = readonly [offset: number, length: number];

/** A series plan whose blobs and rollups are references into the packed plan's two buffers. */
export interface PackedSeriesPlan extends Omit<SeriesPlan, 'replace' | 'inserts' | 'rollups'> {
  replace: (Omit<EncodedChunk, 'start' | 'body'> & { body: Ref }) | null;
  inserts: Array<Omit<EncodedChunk, 'body'> & { body: Ref }>;
  rollups: Ref;
}

/**
 * A plan in transferable form, as the compaction worker posts it: every blob copied into one
 * ArrayBuffer (Buffer.allocUnsafe blobs may share Node's pool slab, which must not be transferred) and
 * every series' planned rollups into one Float64Array; the rest plain data for structured clone. The
 * main thread holds a plan for the seconds of its paced apply, so per-bucket objects would be promoted
 * and turn into old-generation garbage.
 */
export interface PackedPlan {
  plan: Omit<StepPlan, 'series'> & { series: PackedSeriesPlan[] };
  buffer: ArrayBuffer;
  rollups: ArrayBuffer;
}

export function packPlan(plan: StepPlan): PackedPlan {
  let size = 0;
  let doubles = 0;
  for (const s of plan.series) {
    if (s.replace) size += s.replace.body.length;
    for (const c of s.inserts) size += c.body.length;
    doubles += s.rollups.length;
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let pos = 0;
  const put = (body: Buffer): Ref => {
    bytes.set(body, pos);
    pos += body.length;
    return [pos - body.length, body.length];
  };
  const rollups = new Float64Array(doubles);
  let at = 0;
  const putRollups = (planned: PlannedBuckets): Ref => {
    rollups.set(planned, at);
    at += planned.length;
    return [at - planned.length, planned.length];
  };
  const series = plan.series.map((s): PackedSeriesPlan => ({
    ...s,
    replace: s.replace && { ...s.replace, body: put(s.replace.body) },
    inserts: s.inserts.map((c) => ({ ...c, body: put(c.body) })),
    rollups: putRollups(s.rollups),
  }));
  return { plan: { ...plan, series }, buffer: bytes.buffer, rollups: rollups.buffer };
}

export function unpackPlan(packed: PackedPlan): StepPlan {
  const view = ([offset, length]: Ref): Buffer => Buffer.from(packed.buffer, offset, length);
  const series = packed.plan.series.map((s): SeriesPlan => ({
    ...s,
    replace: s.replace && { ...s.replace, body: view(s.replace.body) },
    inserts: s.inserts.map((c) => ({ ...c, body: view(c.body) })),
    rollups: s.rollups[1]
      ? new Float64Array(packed.rollups, s.rollups[0] * Float64Array.BYTES_PER_ELEMENT, s.rollups[1])
      : NO_BUCKETS,
  }));
  return { ...packed.plan, series };
}
