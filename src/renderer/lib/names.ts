// Pure helpers that put names and units where the site's records hold ids: timeline lines, rule
// conditions, actuator answers. Ids stay available as secondary text / tooltips.
import type { TimelineEntry } from '../../shared/model.js';
import { triggerText } from '../../shared/rules.js';
import { formatMeasure, formatTime } from './format.js';
import { replicationText } from './replication-messages.js';

/** What the console knows about the site's gateways and sensors (may be incomplete while loading). */
export interface Names {
  gatewayName(gatewayId: string): string | undefined;
  sensor(gatewayId: string, sensorId: string): { name?: string; unit?: string } | undefined;
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export const NO_NAMES: Names = { gatewayName: () => undefined, sensor: () => undefined };

export function gatewayLabel(names: Names, gatewayId: string): string {
  return names.gatewayName(gatewayId)?.trim() || gatewayId;
}

export function sensorLabel(names: Names, gatewayId: string, sensorId: string): string {
  return names.sensor(gatewayId, sensorId)?.name?.trim() || sensorId;
}

export function sensorUnit(names: Names, gatewayId: string, sensorId: string): string {
  return names.sensor(gatewayId, sensorId)?.unit?.trim() ?? '';
}

const withUnit = (value: string, unit: string): string => (unit ? `${value} ${unit}` : value);

/** "> 70 °C" / "< -5.5" */
export function conditionText(rule: Parameters<typeof triggerText>[0], unit = ''): string {
  return triggerText(rule, unit);
}

/**
 * A gateway's answer to a command in words: Thing+ gateways answer `{"result":""}` (or nothing) for
 * "done"; a non-empty result is shown as it is.
 */
export function answerText(answer: unknown, t: Translate): string {
  let a = answer;
  if (a && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 1 && 'result' in a) {
    a = (a as { result: unknown }).result;
  }
  if (a === undefined || a === null || a === '' || a === true) return t('actuator.done');
  if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return String(a);
  return JSON.stringify(a);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

/**
 * The timeline line in the user's language with names and units. The site writes English lines with ids
 * (`Rule: sid@gw: 71.04 (over 70)`); the known shapes are rebuilt from the entry's structured parts, any
 * other line keeps its text with `sid@gw` and gateway ids replaced by names.
 */
/**
 * An alarm's transition as the alarms service writes it (`Rule: alarm #7 alarm raised (unack) by rule`,
 * `Rule: alarm #7 alarm unack → ack by kim (comment)`), in the reader's language; null for other lines.
 */
function alarmText(e: TimelineEntry, vars: { sensor: string; gateway: string }, t: Translate): string | null {
  const rule = escape(e.rule?.name ?? '');
  const m = new RegExp(
    `^${rule}: alarm #(\\d+) alarm (?:raised \\((\\w+)\\)|(\\w+) → (\\w+)) by (.+?)(?: \\((.*)\\))?$`,
    's',
  ).exec(e.message);
  if (!m) return null;
  const state = (s: string): string => t(`alarms.state.${s}`, { defaultValue: s });
  const by =
    m[5] === 'rule' ? t('timeline.alarm.byRule') : m[5] === 'system' ? t('timeline.alarm.bySystem') : m[5]!;
  // the value that raised it is the one note the service writes itself; an operator's comment stays as typed
  // (`value 71.5, since <ISO time>` when it was raised for a time before now, as after a hold)
  const value = m[6] ? /^value (.+?)(?:, since (\S+))?$/.exec(m[6]) : null;
  const raised = value ? Number(value[1]) : NaN;
  const shown = value && (Number.isFinite(raised) ? formatMeasure(raised) : value[1]);
  const since = value?.[2] ? Date.parse(value[2]) : NaN;
  const note = !value
    ? m[6]
    : Number.isFinite(since)
      ? t('timeline.alarm.valueSinceNote', { value: shown, time: formatTime(since) })
      : t('timeline.alarm.valueNote', { value: shown });
  const common = { ...vars, rule: e.rule?.name ?? '', id: m[1], by, note: note ? ` (${note})` : '' };
  return m[2]
    ? t('timeline.alarm.raised', { ...common, state: state(m[2]) })
    : t('timeline.alarm.moved', { ...common, from: state(m[3]!), to: state(m[4]!) });
}

export function timelineText(e: TimelineEntry, names: Names, t: Translate): string {
  const sensorNode = e.node.find((n) => n.type === 'sensor' && n.gatewayId);
  const gatewayNode = e.node.find((n) => n.type === 'gateway');
  if (sensorNode?.gatewayId) {
    const gw = sensorNode.gatewayId;
    const sid = sensorNode.id;
    const at = `${escape(sid)}@${escape(gw)}`;
    const vars = { sensor: sensorLabel(names, gw, sid), gateway: gatewayLabel(names, gw) };
    const unit = sensorUnit(names, gw, sid);
    if (e.type === 'rule' && e.rule) {
      const alarm = alarmText(e, vars, t);
      if (alarm) return alarm;
      const m = new RegExp(`^${escape(e.rule.name)}: ${at}: (\\S+) \\((over|under) (\\S+)\\)$`).exec(
        e.message,
      );
      if (m) {
        const value = Number(m[1]);
        return t('timeline.msg.rule', {
          ...vars,
          rule: e.rule.name,
          value: withUnit(Number.isFinite(value) ? formatMeasure(value) : m[1], unit),
          condition: conditionText({ method: m[2] as 'over' | 'under', threshold: Number(m[3]) }, unit),
        });
      }
    }
    if (e.type === 'actuator') {
      const failed = new RegExp(`^${at}: (\\S+) failed: (.*)$`, 's').exec(e.message);
      if (failed) {
        return t('timeline.msg.actuatorFailed', {
          ...vars,
          cmd: t(`actuator.cmd.${failed[1]}`, { defaultValue: failed[1] }),
          error: failed[2],
        });
      }
      const ok = new RegExp(`^${at}: (\\S+) → (.*)$`, 's').exec(e.message);
      if (ok) {
        return t('timeline.msg.actuator', {
          ...vars,
          cmd: t(`actuator.cmd.${ok[1]}`, { defaultValue: ok[1] }),
          answer: answerText(parseJson(ok[2] ?? ''), t),
        });
      }
    }
    return e.message.replace(new RegExp(at, 'g'), `${vars.sensor} · ${vars.gateway}`);
  }
  if (gatewayNode) {
    const gateway = gatewayLabel(names, gatewayNode.id);
    const id = escape(gatewayNode.id);
    if (new RegExp(`^Gateway ${id} registered$`).test(e.message))
      return t('timeline.msg.registered', { gateway });
    const paired = new RegExp(`^Gateway ${id} registered \\(paired with a code from (.+)\\)$`).exec(
      e.message,
    );
    if (paired) return t('timeline.msg.paired', { gateway, address: paired[1] });
    if (new RegExp(`^Gateway ${id} lost its connection unexpectedly$`).test(e.message))
      return t('timeline.msg.lost', { gateway });
    return e.message.replace(new RegExp(`\\b${id}\\b`, 'g'), gateway);
  }
  if (e.type === 'site') {
    const full = /^Disk full on the site PC \((.+?) free\)/.exec(e.message);
    if (full) return t('timeline.msg.diskFull', { free: full[1] });
    const low = /^Disk space low on the site PC: (.+?) free \(warning below (.+?)\)$/.exec(e.message);
    if (low) return t('timeline.msg.diskLow', { free: low[1], below: low[2] });
    const replication = replicationText(e.message, t);
    if (replication) return replication;
  }
  return e.message;
}
