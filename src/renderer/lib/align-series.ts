// Several sensors' points as uPlot's aligned table: one x column (seconds), a y column per sensor.
import uPlot from 'uplot';
import type { ValuePoint } from '../../shared/model.js';

const yOf = (p: ValuePoint) => (typeof p.value === 'number' ? p.value : null);

const sameTimes = (a: readonly ValuePoint[], b: readonly ValuePoint[]) =>
  a.length === b.length && a.every((p, i) => p.time === b[i]!.time);

/**
 * uPlot's aligned table over every sensor's times (a gap, undefined, where a sensor has no value at a
 * time; null where its value is not a number). Points are in ascending time.
 */
export function alignSeries(series: readonly (readonly ValuePoint[])[]): uPlot.AlignedData {
  const first = series[0];
  // a page's batch of buckets has every sensor at the same times: one x column, nothing to join (uPlot's
  // join made and compared a time column per sensor: 50 of them for the 50-sensor chart)
  if (first && series.every((pts) => sameTimes(pts, first)))
    return [first.map((p) => p.time / 1000), ...series.map((pts) => pts.map(yOf))];
  const tables = series.map((pts) => [pts.map((p) => p.time / 1000), pts.map(yOf)] as uPlot.AlignedData);
  if (tables.length === 0) return [[]];
  return tables.length === 1 ? tables[0]! : uPlot.join(tables);
}
