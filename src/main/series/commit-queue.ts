import type { ValuePoint } from '../../shared/model.js';
import { admit, checkPoint, MAX_ABS_TIME } from './admit.js';
import { encodeLogBody, encodePackedLogBody, type LogSection } from './codec/log-body.js';
import type { NewSeriesRow } from './commit-protocol.js';
import type { CommitResult } from './commit-writer.js';
import { SeriesStoreError } from './errors.js';
import { packedStart, unpack, type PackedBatch } from './packed.js';
import { SeriesTimes } from './series-times.js';
import type { SeriesReader } from './reader.js';
import type { StoreCore } from './store-core.js';
import type { AppendOutcome, SensorBatch } from './types.js';

interface Pending {
  body: Buffer | null;
  receivedAt: number;
  sections: LogSection[];
  /** a packed message (appendPacked): its points, and the series id of each of its sensors */
  packed: PackedBatch | null;
  ids: number[] | null;
  outcome: AppendOutcome;
  resolve: (o: AppendOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * The durable path (the store's "append"): admits each message's points by the ordering rule, queues
 * its log row, and sends the whole queue as one group commit; a message's promise resolves only after
 * that commit, which is when the broker may PUBACK. While one commit is in flight the queue grows into
 * the next. The newest point per series is tracked at three stages (queued, in flight, committed) so the
 * ordering rule sees every point accepted so far, durable or not.
 */
export class CommitQueue {
  private queue: Pending[] = [];
  private pendingValues = 0;
  /** the messages of the commit in flight (their points count as known for the duplicate rule) */
  private inFlight: Pending[] = [];
  private inFlightDone: Promise<SeriesStoreError | null> | null = null;
  private commitTimer: NodeJS.Timeout | null = null;
  /** `hurry()` was called while a commit was in flight: send the next one as soon as it ends */
  private hurried = false;
  /** when the commit timer fires (performance.now() time) */
  private commitDue = Infinity;
  /** when the last commit was sent */
  private lastStarted = -Infinity;
  /** newest queued time per series; becomes inFlightLatest when the queue is sent to be committed */
  private queuedLatest = new SeriesTimes();
  /** newest time per series of the commit in flight; cleared when it ends, success or not */
  private inFlightLatest = new SeriesTimes();

  constructor(
    private readonly core: StoreCore,
    private readonly reader: SeriesReader,
  ) {}

  /** values waiting for the next group commit */
  get pending(): number {
    return this.pendingValues;
  }

  append(gatewayId: string, batches: SensorBatch[], receivedAt: number): Promise<AppendOutcome> {
    const { core } = this;
    if (core.closed) return Promise.reject(new SeriesStoreError('series store is closed'));
    let ids: number[];
    try {
      if (!Number.isSafeInteger(receivedAt) || Math.abs(receivedAt) > MAX_ABS_TIME) {
        throw new TypeError(`receivedAt must be an integer epoch ms, got ${String(receivedAt)}`);
      }
      for (const b of batches) for (const p of b.points) checkPoint(p);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    try {
      // all series rows first, so a failure here leaves the ordering state untouched
      ids = batches.map((b) => core.registry.ensure(gatewayId, b.sensorId));
    } catch (err) {
      return Promise.reject(core.fail('registering a sensor failed', err));
    }
    const { outcome, sections } = this.admitAll(batches, ids);
    const body = sections.length > 0 ? encodeLogBody(sections, receivedAt) : null;
    // a message with nothing to store still waits for the commit: if it is a resend of a message that
    // is queued, acknowledging it before that one is durable could lose the value
    return this.enqueue(body, receivedAt, sections, null, null, outcome);
  }

  /**
   * `append` for a packed message of numbers (distinct sensors). The usual message, every sensor's
   * points newer than its newest, is queued as it is; any other goes the general way, point by point.
   */
  appendPacked(gatewayId: string, p: PackedBatch, receivedAt: number): Promise<AppendOutcome> {
    const { core } = this;
    if (core.closed) return Promise.reject(new SeriesStoreError('series store is closed'));
    if (!Number.isSafeInteger(receivedAt) || Math.abs(receivedAt) > MAX_ABS_TIME) {
      return Promise.reject(
        new TypeError(`receivedAt must be an integer epoch ms, got ${String(receivedAt)}`),
      );
    }
    const n = p.sensorIds.length;
    // a sensor without points registers no series (as in `append`'s callers), a bad time is refused
    // before anything is registered: both the general way
    if (!packedWellFormed(p)) return this.append(gatewayId, unpack(p), receivedAt);
    const ids = new Array<number>(n);
    try {
      for (let i = 0; i < n; i++) ids[i] = core.registry.ensure(gatewayId, p.sensorIds[i]);
    } catch (err) {
      return Promise.reject(core.fail('registering a sensor failed', err));
    }
    for (let i = 0; i < n; i++) {
      let last = this.newestTime(ids[i]) ?? -Infinity;
      for (let k = packedStart(p, i); k < p.ends[i]; k++) {
        const t = p.times[k];
        if (!(t > last)) {
          return this.append(gatewayId, unpack(p), receivedAt);
        }
        last = t;
      }
    }
    for (let i = 0; i < n; i++) this.queuedLatest.set(ids[i], p.times[p.ends[i] - 1]);
    const accepted = n > 0 ? p.ends[n - 1] : 0;
    const outcome: AppendOutcome = { accepted, duplicates: 0, outOfOrder: 0, stored: [], packed: p };
    const body = accepted > 0 ? encodePackedLogBody(ids, p, receivedAt) : null;
    return this.enqueue(body, receivedAt, [], p, ids, outcome);
  }

  private enqueue(
    body: Buffer | null,
    receivedAt: number,
    sections: LogSection[],
    packed: PackedBatch | null,
    ids: number[] | null,
    outcome: AppendOutcome,
  ): Promise<AppendOutcome> {
    const { core } = this;
    return new Promise<AppendOutcome>((resolve, reject) => {
      this.queue.push({ body, receivedAt, sections, packed, ids, outcome, resolve, reject });
      this.pendingValues += outcome.accepted;
      // while a commit is in flight the queue grows into the next one, sent when it ends
      if (!core.committer.idle) return;
      if (this.pendingValues >= core.settings.commitMaxValues) void this.dispatch();
      else if (!this.commitTimer) this.schedule(core.settings.commitIntervalMs);
    });
  }

  /**
   * Commits the queue without waiting for the coalescing interval: now if no commit is in flight,
   * else as soon as that one ends. The interval only bounds how often a page is rewritten; when the
   * senders are all blocked on the queued messages, waiting adds latency and gathers nothing.
   * Hurried commits are still `hurrySpacingMs` apart: that bounds the commits per second (each
   * rewrites a page of the WAL) when a gateway's window is a single message.
   */
  hurry(): void {
    if (this.queue.length === 0 || this.core.closed) return;
    if (this.inFlightDone) this.hurried = true;
    else this.soon();
  }

  /** dispatch now, or when `hurrySpacingMs` have passed since the last commit was sent */
  private soon(): void {
    const wait = this.lastStarted + this.core.settings.hurrySpacingMs - performance.now();
    if (wait <= 0) void this.dispatch();
    else this.schedule(wait);
  }

  /** the commit timer in `wait` ms, unless it is due sooner already */
  private schedule(wait: number): void {
    const due = performance.now() + wait;
    if (this.commitTimer) {
      if (this.commitDue <= due) return;
      clearTimeout(this.commitTimer);
    }
    this.commitDue = due;
    this.commitTimer = setTimeout(() => void this.dispatch(), wait);
  }

  /** Commits everything queued; rejects with the first commit error met on the way. */
  async flushAll(): Promise<void> {
    let first: SeriesStoreError | null = null;
    while (this.queue.length > 0 || this.inFlightDone) {
      const e = await this.dispatch();
      first ??= e;
    }
    if (first) throw first;
  }

  private admitAll(
    batches: SensorBatch[],
    ids: number[],
  ): { outcome: AppendOutcome; sections: LogSection[] } {
    const outcome: AppendOutcome = { accepted: 0, duplicates: 0, outOfOrder: 0, stored: [] };
    // one section per series even if a message names a sensor twice: the tail index keys on (row, series)
    const sections = new Map<number, LogSection>();
    const storedBySensor = new Map<string, ValuePoint[]>();
    batches.forEach((b, i) => {
      const sid = ids[i];
      const a = admit(b.points, this.newestTime(sid), (from) => this.knownTimes(sid, from));
      outcome.duplicates += a.duplicates;
      outcome.outOfOrder += a.outOfOrder;
      if (a.stored.length === 0) return;
      outcome.accepted += a.stored.length;
      this.queuedLatest.set(sid, a.stored[a.stored.length - 1].time);
      // a.stored may be the caller's array (admit keeps it when all is new): merged by concat, never pushed to
      const section = sections.get(sid);
      if (section) section.points = section.points.concat(a.stored);
      else sections.set(sid, { seriesId: sid, points: a.stored });
      const list = storedBySensor.get(b.sensorId);
      storedBySensor.set(b.sensorId, list ? list.concat(a.stored) : a.stored);
    });
    outcome.stored = [...storedBySensor].map(([sensorId, points]) => ({ sensorId, points }));
    this.core.counters.duplicates += outcome.duplicates;
    this.core.counters.outOfOrder += outcome.outOfOrder;
    return { outcome, sections: [...sections.values()] };
  }

  private newestTime(sid: number): number | undefined {
    return this.queuedLatest.get(sid) ?? this.inFlightLatest.get(sid) ?? this.core.latestPoint.time(sid);
  }

  private knownTimes(sid: number, from: number): Set<number> {
    const known = new Set<number>();
    for (const p of this.reader.points(sid, from, MAX_ABS_TIME + 1, Infinity)) known.add(p.time);
    for (const m of this.inFlight.concat(this.queue)) {
      for (const s of m.sections) if (s.seriesId === sid) for (const p of s.points) known.add(p.time);
      const i = m.ids ? m.ids.indexOf(sid) : -1;
      if (i >= 0 && m.packed)
        for (let k = packedStart(m.packed, i); k < m.packed.ends[i]; k++) known.add(m.packed.times[k]);
    }
    return known;
  }

  /**
   * Sends the whole queue to be committed in one transaction; resolves, when that commit ended, with
   * the error its messages were rejected with (null: they are durable and were resolved).
   */
  private dispatch(): Promise<SeriesStoreError | null> {
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    this.commitDue = Infinity;
    if (this.inFlightDone) return this.inFlightDone;
    if (this.queue.length === 0) return Promise.resolve(null);
    const { core } = this;
    const batch = this.queue;
    const values = this.pendingValues;
    this.queue = [];
    this.pendingValues = 0;
    this.inFlight = batch;
    const spare = this.inFlightLatest;
    spare.clear();
    this.inFlightLatest = this.queuedLatest;
    this.queuedLatest = spare;
    const newSeries = core.registry.unsavedRows();
    const rows = batch.flatMap((m) => (m.body ? [{ receivedAt: m.receivedAt, body: m.body }] : []));
    const started = performance.now();
    this.lastStarted = started;
    let finish!: (e: SeriesStoreError | null) => void;
    const done = new Promise<SeriesStoreError | null>((resolve) => (finish = resolve));
    this.inFlightDone = done;
    core.committer.send(rows, newSeries, (result) => {
      this.inFlight = [];
      this.inFlightDone = null;
      this.inFlightLatest.clear();
      const roundTrip = performance.now() - started;
      const counters = core.counters;
      counters.commitRoundTripMsMax = Math.max(counters.commitRoundTripMsMax, roundTrip);
      if ('logIds' in result) {
        counters.commitMsMax = Math.max(counters.commitMsMax, result.ms ?? roundTrip);
        if (result.heapBytes !== undefined) counters.writerHeapBytes = result.heapBytes;
      }
      finish(this.committed(batch, values, newSeries, result));
      const hurried = this.hurried;
      this.hurried = false;
      if (this.queue.length === 0 || core.closed) return;
      if (hurried) {
        this.soon();
        return;
      }
      if (this.commitTimer) return;
      // commits at most every commitIntervalMs unless the queue is full: each commit rewrites at least
      // the log's last page in the WAL, so back-to-back small commits multiply the bytes written
      const wait = started + core.settings.commitIntervalMs - performance.now();
      if (wait <= 0 || this.pendingValues >= core.settings.commitMaxValues) void this.dispatch();
      else this.schedule(wait);
    });
    return done;
  }

  private committed(
    batch: Pending[],
    values: number,
    newSeries: NewSeriesRow[],
    result: CommitResult,
  ): SeriesStoreError | null {
    const { core } = this;
    if ('error' in result) {
      const e = core.fail(`commit of ${batch.length} messages (${values} values) failed`, result.error);
      for (const m of batch) m.reject(e);
      return e;
    }
    core.registry.savedNew(newSeries);
    const counters = core.counters;
    counters.commits++;
    counters.committedMessages += batch.length;
    counters.committedValues += values;
    let r = 0;
    let newestReceived = -Infinity;
    for (const m of batch) {
      if (!m.body) continue;
      const logId = result.logIds[r++];
      newestReceived = Math.max(newestReceived, m.receivedAt);
      counters.logRows++;
      if (m.packed) {
        packedCommitted(core, logId, m.packed, m.ids!);
        continue;
      }
      // a sensor deleted while this commit was in flight: its rows are skipped by compaction and on load
      core.tail.addRow(logId, m.sections, core.isLive);
      for (const s of m.sections) {
        if (core.isLive(s.seriesId)) core.latestPoint.set(s.seriesId, s.points[s.points.length - 1]);
      }
    }
    if (r > 0) core.marks.add(result.logIds[r - 1], newestReceived, values);
    for (const m of batch) m.resolve(m.outcome);
    return null;
  }
}

/** a committed packed message into the tail index and the newest points (as addRow for sections) */
function packedCommitted(core: StoreCore, logId: number, p: PackedBatch, ids: readonly number[]): void {
  let lo = Infinity;
  let hi = -Infinity;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < ids.length; i++) {
    const start = packedStart(p, i);
    const end = p.ends[i];
    const sid = ids[i];
    if (end === start || !core.isLive(sid)) continue;
    if (sid < lo) lo = sid;
    if (sid > hi) hi = sid;
    if (p.times[start] < first) first = p.times[start];
    if (p.times[end - 1] > last) last = p.times[end - 1];
    core.latestPoint.setNumber(sid, p.times[end - 1], p.values[end - 1]);
  }
  if (lo !== Infinity) core.tail.addSpan(logId, lo, hi, first, last);
}

function packedWellFormed(p: PackedBatch): boolean {
  for (let i = 0; i < p.sensorIds.length; i++) if (p.ends[i] === packedStart(p, i)) return false;
  for (const t of p.times) if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_ABS_TIME) return false;
  return true;
}
