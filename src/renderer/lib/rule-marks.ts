// Pure helpers that turn when a rule was (or would have been) active into spans on a sensor's chart.
import type { Alarm } from '../../shared/model.js';
import type { RuleTestResult } from '../../shared/rules.js';

/** A span on the time axis (ms); `end` null = still active at the right edge. */
export interface ChartMark {
  start: number;
  end: number | null;
  kind: 'raised' | 'alarm';
}

/**
 * The test's raised → cleared pairs of one sensor as spans; a raise never cleared stays open to the end
 * of the chart, a momentary rule (`changed`) that is never cleared gives a span of no width (a line).
 */
export function testMarks(result: RuleTestResult, gatewayId: string, sensorId: string): ChartMark[] {
  const marks: ChartMark[] = [];
  let open: ChartMark | null = null;
  const events = result.events
    .filter((e) => e.gatewayId === gatewayId && e.sensorId === sensorId)
    .sort((a, b) => a.time - b.time);
  for (const e of events) {
    if (e.kind === 'raised') {
      if (open) marks.push(open);
      open = { start: e.time, end: null, kind: 'raised' };
    } else if (open) {
      marks.push({ ...open, end: e.time });
      open = null;
    }
  }
  if (open) marks.push(open);
  return marks;
}

/** How many times the rule would have fired (raised), per the test. */
export function raisedCount(result: RuleTestResult): number {
  return result.events.filter((e) => e.kind === 'raised').length;
}

/** The sensors the test's events name, in the order they first appear. */
export function testSensors(result: RuleTestResult): Array<{ gatewayId: string; sensorId: string }> {
  const seen = new Set<string>();
  const out: Array<{ gatewayId: string; sensorId: string }> = [];
  for (const e of result.events) {
    const key = `${e.gatewayId}\n${e.sensorId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ gatewayId: e.gatewayId, sensorId: e.sensorId });
  }
  return out;
}

/** A sensor's alarms as spans: raised → cleared, or still open. */
export function alarmMarks(alarms: readonly Alarm[], sensorId: string): ChartMark[] {
  return alarms
    .filter((a) => a.sensorId === sensorId)
    .map((a) => ({ start: a.raisedAt, end: a.clearedAt, kind: 'alarm' as const }))
    .sort((a, b) => a.start - b.start);
}

/** Alarms of any of a chart's sensors as spans (a dashboard chart of several sensors, on several gateways). */
export function sensorsAlarmMarks(
  alarms: readonly Alarm[],
  sensors: ReadonlyArray<{ gatewayId: string; sensorId: string }>,
): ChartMark[] {
  return alarms
    .filter((a) => sensors.some((s) => s.gatewayId === a.gatewayId && s.sensorId === a.sensorId))
    .map((a) => ({ start: a.raisedAt, end: a.clearedAt, kind: 'alarm' as const }))
    .sort((a, b) => a.start - b.start);
}

/** Same spans in the same order: a chart redraws for new marks, not for an equal list loaded again. */
export function sameMarks(a: readonly ChartMark[], b: readonly ChartMark[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.start === b[i]!.start && m.end === b[i]!.end && m.kind === b[i]!.kind)
  );
}
