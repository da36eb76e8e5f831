import type { ValuePoint } from '../../shared/model.js';

/** A log row that may hold a series' points: enough to find the rows a query needs without reading others. */
export interface TailEntry {
  logId: number;
  /** the row's earliest and latest point, of any series (see LogTail) */
  first: number;
  last: number;
}

/**
 * In-memory index of the not-yet-compacted log: which rows may hold a series' points and their time
 * span, in log order (= time order per series, because the ordering rule admits only newer points).
 * Rebuilt from the log on open. A row is one gateway's message, and a gateway's sensors have
 * neighbouring series ids, so the index keeps one entry per row, not per series in it: rows are grouped
 * by their span of series ids (lowest, highest), each group a packed Float64Array of
 * (logId, first, last) triples, 24 bytes per row. At one value per sensor per message and 50 sensors a
 * gateway that is 50× less than an entry per series (the index was the bulk of the store's memory). A
 * query for a series reads the groups whose span holds it (as many as the gateway's distinct sensor
 * sets, usually one); `first`/`last` are the row's earliest and latest point of any series, so a row is
 * skipped only when none of its points can be in range, and a row whose span holds the series without
 * its section reads as empty.
 */
export class LogTail {
  private readonly groups: TailGroup[] = [];
  /** lo → hi → group */
  private readonly bySpan = new Map<number, Map<number, TailGroup>>();
  private count = 0;

  /** a committed row: its sections of live series (empty ones are ignored) */
  addRow(
    logId: number,
    sections: Iterable<{ seriesId: number; points: readonly ValuePoint[] }>,
    isLive: (seriesId: number) => boolean = () => true,
  ): void {
    let lo = Infinity;
    let hi = -Infinity;
    let first = Infinity;
    let last = -Infinity;
    for (const s of sections) {
      if (s.points.length === 0 || !isLive(s.seriesId)) continue;
      if (s.seriesId < lo) lo = s.seriesId;
      if (s.seriesId > hi) hi = s.seriesId;
      if (s.points[0].time < first) first = s.points[0].time;
      const end = s.points[s.points.length - 1].time;
      if (end > last) last = end;
    }
    if (lo === Infinity) return;
    this.addSpan(logId, lo, hi, first, last);
  }

  /** a committed row by its span of live series ids and its earliest and latest point */
  addSpan(logId: number, lo: number, hi: number, first: number, last: number): void {
    let byHi = this.bySpan.get(lo);
    if (!byHi) this.bySpan.set(lo, (byHi = new Map()));
    let group = byHi.get(hi);
    if (!group) {
      group = { lo, hi, buf: new Float64Array(3 * 4), n: 0 };
      byHi.set(hi, group);
      this.groups.push(group);
    }
    if (group.buf.length < 3 * (group.n + 1)) {
      const grown = new Float64Array(3 * Math.ceil(group.n * 1.5 + 4));
      grown.set(group.buf);
      group.buf = grown;
    }
    const at = 3 * group.n++;
    group.buf[at] = logId;
    group.buf[at + 1] = first;
    group.buf[at + 2] = last;
    this.count++;
  }

  /** rows that may hold the series' points, oldest first (materialised for one query) */
  entries(seriesId: number): TailEntry[] {
    const out: TailEntry[] = [];
    let matched = 0;
    for (const g of this.groups) {
      if (seriesId < g.lo || seriesId > g.hi) continue;
      matched++;
      for (let i = 0; i < g.n; i++) {
        out.push({ logId: g.buf[3 * i], first: g.buf[3 * i + 1], last: g.buf[3 * i + 2] });
      }
    }
    // a series in several groups (its gateway sent different sensor sets): back into log order
    if (matched > 1) out.sort((a, b) => a.logId - b.logId);
    return out;
  }

  /** rows held (stats) */
  get size(): number {
    return this.count;
  }

  /** after every row ≤ maxId was compacted and deleted */
  dropThrough(maxId: number): void {
    let kept = 0;
    for (const g of this.groups) {
      let k = 0;
      while (k < g.n && g.buf[3 * k] <= maxId) k++;
      this.count -= k;
      if (k === g.n) {
        this.unmap(g);
        continue;
      }
      if (k > 0) {
        g.buf.copyWithin(0, 3 * k, 3 * g.n);
        g.n -= k;
        // give memory back after a pass emptied most of the group
        if (g.buf.length > 3 * 16 && g.buf.length >= 3 * 3 * g.n) {
          g.buf = g.buf.slice(0, 3 * Math.max(4, Math.ceil(g.n * 1.5)));
        }
      }
      this.groups[kept++] = g;
    }
    this.groups.length = kept;
  }

  /** a deleted series: the rows of its own (rows it shared keep their other series) */
  forget(seriesId: number): void {
    const i = this.groups.findIndex((g) => g.lo === seriesId && g.hi === seriesId);
    if (i < 0) return;
    this.count -= this.groups[i].n;
    this.unmap(this.groups[i]);
    this.groups.splice(i, 1);
  }

  private unmap(g: TailGroup): void {
    const byHi = this.bySpan.get(g.lo)!;
    byHi.delete(g.hi);
    if (byHi.size === 0) this.bySpan.delete(g.lo);
  }
}

interface TailGroup {
  lo: number;
  hi: number;
  /** (logId, first, last) triples, log order */
  buf: Float64Array;
  n: number;
}
