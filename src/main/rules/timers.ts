import { Cron } from 'croner';
import type { Rule } from '../../shared/model.js';
import type { Evaluator } from './evaluator.js';
import { targetsOf, type RuleIndex } from './rule-index.js';
import type { SensorDirectory } from './types.js';

/** how often silent sensors are looked for: a no-data alarm is at most this late */
export const NO_DATA_CHECK_MS = 1000;

/**
 * The rules the clock wakes: `noData` (no value for N seconds, by the site's clock: a gateway's
 * timestamps may lag) and `schedule` (croner, in the rule's timezone). Runs only while the engine is
 * the acting master.
 */
export class RuleTimers {
  private readonly lastSeen = new Map<string, number>();
  private jobs: Cron[] = [];
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly dir: SensorDirectory,
    private readonly now: () => number,
  ) {}

  /** (re)arm for the current rules; a sensor not seen yet counts as seen now (no alarm at start-up) */
  arm(index: RuleIndex): void {
    this.disarm();
    this.jobs = index.scheduled.map(
      (rule) =>
        new Cron(rule.cron ?? '', { timezone: rule.timezone, catch: true }, () => this.scheduled(rule)),
    );
    if (index.silent.length > 0) {
      this.ticker = setInterval(() => this.checkSilent(index.silent), NO_DATA_CHECK_MS);
      this.ticker.unref();
    }
  }

  disarm(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** a value arrived: its noData rules return to normal */
  seen(rule: Rule, gatewayId: string, sensorId: string): void {
    const now = this.now();
    this.lastSeen.set(key(rule, gatewayId, sensorId), now);
    this.evaluator.level({ rule, gatewayId, sensorId, value: '', time: now, kind: 'event' }, false);
  }

  /** exposed for tests: one pass of the silent-sensor check */
  checkSilent(rules: readonly Rule[]): void {
    const now = this.now();
    for (const rule of rules) {
      const targets = rule.sensorType
        ? this.dir.sensorsOfType(rule.gatewayId, rule.sensorType)
        : targetsOf(rule);
      for (const sensorId of targets) {
        const k = key(rule, rule.gatewayId, sensorId);
        const last = this.lastSeen.get(k);
        if (last === undefined) {
          this.lastSeen.set(k, now);
          continue;
        }
        if (now - last <= (rule.windowSeconds ?? 60) * 1000) continue;
        const state = this.evaluator.state(rule, rule.gatewayId, sensorId);
        if (state.active) continue;
        this.evaluator.level(
          { rule, gatewayId: rule.gatewayId, sensorId, value: '', time: now, kind: 'event' },
          true,
        );
      }
    }
  }

  private scheduled(rule: Rule): void {
    const time = this.now();
    this.evaluator.apply(
      { rule, gatewayId: rule.gatewayId, sensorId: rule.sensorId, value: '', time, kind: 'event' },
      { active: true, was: false, pulse: true, holding: false },
    );
  }
}

const key = (rule: Rule, gatewayId: string, sensorId: string): string =>
  `${rule.id}\u0000${gatewayId}\u0000${sensorId}`;
