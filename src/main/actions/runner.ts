import type { ActionResult, RuleAction, Severity, Rule } from '../../shared/model.js';
import { prepared } from '../storage/database.js';
import type { Logger } from '../logger/logger.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import { sendEmail, type SmtpSettings } from './email.js';
import { httpPush } from './http-push.js';
import { Retryable } from './retryable.js';
import { renderDeep, renderTemplate, type TemplateContext } from './templates.js';
import { DEFAULT_ACTION_TEXT } from './text.js';

export { DEFAULT_ACTION_TEXT };

/** What fired: the rule, the sensor and the value, for the templates. */
export interface Firing {
  rule: Pick<Rule, 'id' | 'name' | 'severity' | 'actions'>;
  gatewayId: string;
  sensorId: string;
  value: number | string;
  condition: string;
  threshold: number;
  time: number;
  epoch: number;
}

/** Where actions reach out: the site broker, the gateway RPC, the registry's names. */
export interface ActionPorts {
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  controlActuator(
    gatewayId: string,
    sensorId: string,
    cmd: string,
    options: Record<string, unknown>,
  ): Promise<unknown>;
  names(gatewayId: string, sensorId: string): { sensorName: string; gatewayName: string; unit: string };
}

export interface ActionRunnerOptions {
  /** first retry delay; doubled at each retry */
  backoffMs?: number;
  defaultTimeoutMs?: number;
  defaultRetries?: number;
  now?: () => number;
  /** the SMTP relay of `email/send`; absent = e-mail actions are refused when a rule is saved */
  smtp?: SmtpSettings;
}

/** How one run of an action ended (a rule firing's, or a test's). */
export interface ActionOutcome {
  status: 'success' | 'failure';
  attempts: number;
  reason: string | null;
  durationMs: number;
}

const MAX_REASON = 500;
/** agents whose failures may pass (a receiver down, a relay busy): retried with back-off */
const RETRYING: ReadonlySet<RuleAction['agent']> = new Set(['dataPush', 'email']);

/**
 * Runs a rule's actions asynchronously and records each one's result. `run` returns at once: an action
 * that hangs (a URL down, a gateway offline) never delays ingest, other rules or the other actions; each
 * action runs on its own, with its timeout and retries.
 */
export class ActionRunner {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly backoffMs: number;
  private readonly defaultTimeoutMs: number;
  private readonly defaultRetries: number;
  private readonly now: () => number;
  private readonly smtp: SmtpSettings | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly timeline: Timeline,
    private readonly ports: ActionPorts,
    private readonly logger: Logger,
    options: ActionRunnerOptions = {},
  ) {
    this.backoffMs = options.backoffMs ?? 1000;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
    this.defaultRetries = options.defaultRetries ?? 3;
    this.now = options.now ?? Date.now;
    this.smtp = options.smtp;
  }

  /** whether `email/send` can run (the site has an SMTP relay configured) */
  get emailConfigured(): boolean {
    return this.smtp !== undefined;
  }

  /**
   * Runs one action now, once (no retries: someone waits for the answer), with the values given; the
   * result is answered, not recorded among the rule's results.
   */
  async test(
    f: Firing,
    action: RuleAction,
    context: TemplateContext = this.context(f),
  ): Promise<ActionOutcome> {
    const run = this.attempts(f, action, context, 0);
    this.inflight.add(run);
    try {
      return await run;
    } finally {
      this.inflight.delete(run);
    }
  }

  /** The template values of a firing: names and units, as people know them. */
  context(f: Firing): TemplateContext {
    const names = this.ports.names(f.gatewayId, f.sensorId);
    return {
      value: String(f.value),
      unit: names.unit,
      sensorName: names.sensorName,
      gatewayName: names.gatewayName,
      triggerSensor: names.sensorName,
      triggerGateway: names.gatewayName,
      triggerCondition: f.condition,
      threshold: String(f.threshold),
      ruleName: f.rule.name,
      severity: f.rule.severity,
      time: new Date(f.time).toISOString(),
    };
  }

  run(firing: Firing): void {
    const context = this.context(firing);
    (firing.rule.actions ?? []).forEach((action, index) => {
      const done = this.runOne(firing, action, index, context).finally(() => this.inflight.delete(done));
      this.inflight.add(done);
    });
  }

  /** resolves when every action started so far has ended (tests, shutdown) */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Forgets the recorded runs of these rules (a removed demo's rules: nothing of them is left behind). */
  forgetResults(ruleIds: readonly number[]): number {
    if (ruleIds.length === 0) return 0;
    const list = ruleIds.map(() => '?').join(',');
    return this.db.prepare(`DELETE FROM action_results WHERE rule_id IN (${list})`).run(...ruleIds).changes;
  }

  results(ruleId: number, limit = 100): ActionResult[] {
    const rows = prepared(
      this.db,
      'SELECT * FROM action_results WHERE rule_id = ? ORDER BY id DESC LIMIT ?',
    ).all(ruleId, Math.min(Math.max(limit, 1), 1000)) as ResultRow[];
    return rows.map((r) => ({
      id: r.id,
      ruleId: r.rule_id,
      actionIndex: r.action_index,
      action: r.action,
      status: r.status,
      attempts: r.attempts,
      reason: r.reason,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  private async runOne(
    f: Firing,
    action: RuleAction,
    index: number,
    context: TemplateContext,
  ): Promise<void> {
    const startedAt = this.now();
    const params = action.method.params ?? {};
    const retries = RETRYING.has(action.agent)
      ? ((params.retries as number | undefined) ?? this.defaultRetries)
      : 0;
    const { reason, attempts } = await this.attempts(f, action, context, retries);
    const name = `${action.agent}/${action.method.id}`;
    try {
      this.record(f.rule.id, index, name, reason, attempts, startedAt);
    } catch (err) {
      // the site may be closing (site.db shut) while a slow action ends: log it, never crash
      this.logger.error({ err, ruleId: f.rule.id, action: name }, 'rule action result not recorded');
      return;
    }
    if (reason !== null) {
      this.logger.warn({ ruleId: f.rule.id, action: name, attempts, reason }, 'rule action failed');
      this.addSafely({
        type: 'rule',
        node: [{ type: 'sensor', id: f.sensorId, gatewayId: f.gatewayId }],
        rule: { id: f.rule.id, name: f.rule.name, what: name, when: f.time },
        severity: 'warning' as Severity,
        success: 'n',
        message: `${f.rule.name}: action ${name} failed after ${attempts} attempt(s): ${reason}`,
        epoch: f.epoch,
      });
    }
  }

  /** One attempt, then one more per retry while the failure may pass, each after a longer pause. */
  private async attempts(
    f: Firing,
    action: RuleAction,
    context: TemplateContext,
    retries: number,
  ): Promise<ActionOutcome> {
    const started = performance.now();
    let attempts = 0;
    let reason: string | null = null;
    for (;;) {
      attempts += 1;
      try {
        await this.execute(f, action, context);
        reason = null;
        break;
      } catch (err) {
        reason = (err instanceof Error ? err.message : String(err)).slice(0, MAX_REASON);
        if (!(err instanceof Retryable) || attempts > retries) break;
        await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempts - 1)));
      }
    }
    const durationMs = Math.round(performance.now() - started);
    return { status: reason === null ? 'success' : 'failure', attempts, reason, durationMs };
  }

  private addSafely(entry: Parameters<Timeline['add']>[0]): void {
    try {
      this.timeline.add(entry);
    } catch (err) {
      this.logger.error({ err }, 'rule action failure not put on the timeline');
    }
  }

  private async execute(f: Firing, action: RuleAction, context: TemplateContext): Promise<void> {
    const params = action.method.params ?? {};
    switch (action.agent) {
      case 'timeline':
        this.timeline.add({
          type: 'rule',
          node: [{ type: 'sensor', id: f.sensorId, gatewayId: f.gatewayId }],
          rule: { id: f.rule.id, name: f.rule.name, what: f.condition, when: f.time },
          severity: f.rule.severity,
          message: renderTemplate((params.message as string | undefined) ?? DEFAULT_ACTION_TEXT, context),
          epoch: f.epoch,
        });
        return;
      case 'dataPush':
        return httpPush(params, context, (params.timeoutMs as number | undefined) ?? this.defaultTimeoutMs);
      case 'email':
        // refused when the rule is saved; a config changed since then must not crash the runner
        if (!this.smtp) throw new Error('no SMTP relay configured (config.json "smtp")');
        return sendEmail(this.smtp, params, context);
      case 'mqtt': {
        const payload = renderDeep(params.payload, context);
        const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
        this.ports.publish(params.topic as string, text, (params.qos as 0 | 1 | 2 | undefined) ?? 0);
        return;
      }
      case 'actuator': {
        const options = renderDeep(params.options ?? {}, context) as Record<string, unknown>;
        const p = params as { gatewayId: string; sensorId: string; cmd: string };
        await this.ports.controlActuator(p.gatewayId, p.sensorId, p.cmd, options);
        return;
      }
    }
  }

  private record(
    ruleId: number,
    index: number,
    action: string,
    reason: string | null,
    attempts: number,
    startedAt: number,
  ): void {
    prepared(
      this.db,
      `INSERT INTO action_results (rule_id, action_index, action, status, attempts, reason, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      ruleId,
      index,
      action,
      reason === null ? 'success' : 'failure',
      attempts,
      reason,
      startedAt,
      this.now(),
    );
  }
}

interface ResultRow {
  id: number;
  rule_id: number;
  action_index: number;
  action: string;
  status: 'success' | 'failure';
  attempts: number;
  reason: string | null;
  started_at: number;
  finished_at: number;
}
