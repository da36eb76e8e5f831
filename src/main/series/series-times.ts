import type { SensorValue, ValuePoint } from '../../shared/model.js';

/**
 * A time per series id (ids are dense from 1), in a Float64Array: the newest time queued or in flight
 * for the ordering rule. A Map of numbers would box every time in a heap number that lives until the
 * commit; this allocates nothing per message.
 */
export class SeriesTimes {
  private t = new Float64Array(256).fill(NaN);
  private touched: number[] = [];

  get(sid: number): number | undefined {
    const v = sid < this.t.length ? this.t[sid] : NaN;
    return Number.isNaN(v) ? undefined : v;
  }

  set(sid: number, time: number): void {
    if (sid >= this.t.length) this.t = grown(this.t, sid);
    if (Number.isNaN(this.t[sid])) this.touched.push(sid);
    this.t[sid] = time;
  }

  clear(): void {
    for (const sid of this.touched) this.t[sid] = NaN;
    this.touched = [];
  }
}

function grown(a: Float64Array, sid: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(sid + 1, a.length * 2)).fill(NaN);
  b.set(a);
  return b;
}

/**
 * The newest committed point per series (the ordering rule's memory and `latest()`): numbers in two
 * Float64Arrays, other values in a map. Keeping the point objects themselves meant one object per
 * series replaced at every commit, garbage of the old generation.
 */
export class LatestPoints {
  private times = new Float64Array(256).fill(NaN);
  private numbers = new Float64Array(256);
  private readonly others = new Map<number, SensorValue>();

  get(sid: number): ValuePoint | undefined {
    const time = sid < this.times.length ? this.times[sid] : NaN;
    if (Number.isNaN(time)) return undefined;
    const other = this.others.size > 0 ? this.others.get(sid) : undefined;
    return { time, value: other ?? this.numbers[sid] };
  }

  time(sid: number): number | undefined {
    const time = sid < this.times.length ? this.times[sid] : NaN;
    return Number.isNaN(time) ? undefined : time;
  }

  set(sid: number, point: ValuePoint): void {
    if (typeof point.value === 'number') this.setNumber(sid, point.time, point.value);
    else {
      this.setNumber(sid, point.time, 0);
      this.others.set(sid, point.value);
    }
  }

  setNumber(sid: number, time: number, value: number): void {
    if (sid >= this.times.length) {
      this.times = grown(this.times, sid);
      const numbers = new Float64Array(this.times.length);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    this.times[sid] = time;
    this.numbers[sid] = value;
    if (this.others.size > 0) this.others.delete(sid);
  }

  delete(sid: number): void {
    if (sid < this.times.length) this.times[sid] = NaN;
    this.others.delete(sid);
  }
}
