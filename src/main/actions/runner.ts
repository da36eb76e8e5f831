import type { ActionResult, RuleAction, Severity, Rule } from '../../shared/model.js';
import { prepared } from '../storage/database.js';
import type { Logger } from '../logger/logger.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { Timeline } from '../timeline/index.js';
import { renderDeep, renderTemplate, type TemplateContext } from './templates.js';

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
}

export const DEFAULT_ACTION_TEXT =
  '{{ruleName}}: {{triggerSensor}}@{{triggerGateway}}: {{value}} {{unit}} ({{triggerCondition}})';
const MAX_REASON = 500;

/** A failure worth another attempt (a receiver answering 5xx, a timeout, a refused connection). */
class Retryable extends Error {}

/**
 * Runs a rule's actions asynchronously and records each one's result. `run` returns at once: an action
 * that hangs (a URL down, a gateway offline) never delays ingest, other rules or the other actions; each
 * action runs on its own, with its timeout and retries.
 */
export class ActionRunner {
  private readonly inflight = new Set<Promise<void>>();
  private readonly backoffMs: number;
  private readonly defaultTimeoutMs: number;
  private readonly defaultRetries: number;
  private readonly now: () => number;

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

  private context(f: Firing): TemplateContext {
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

  private async runOne(
    f: Firing,
    action: RuleAction,
    index: number,
    context: TemplateContext,
  ): Promise<void> {
    const startedAt = this.now();
    const params = action.method.params ?? {};
    const retries =
      action.agent === 'dataPush' ? ((params.retries as number | undefined) ?? this.defaultRetries) : 0;
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
        return this.push(params, context);
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

  private async push(params: Record<string, unknown>, context: TemplateContext): Promise<void> {
    const body =
      params.body === undefined
        ? { ...context, text: renderTemplate(DEFAULT_ACTION_TEXT, context) }
        : renderDeep(params.body, context);
    const timeoutMs = (params.timeoutMs as number | undefined) ?? this.defaultTimeoutMs;
    let response: Response;
    try {
      response = await fetch(params.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') throw new Retryable(`no answer within ${timeoutMs} ms`);
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND…)
      throw new Retryable(e.cause?.code ?? e.cause?.message ?? e.message);
    }
    // the receiver's body is not ours to read: a huge one must not cost memory
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return;
    const failure = `HTTP ${response.status}`;
    // 4xx (but 408 and 429) will not change by trying again
    if (response.status >= 500 || response.status === 408 || response.status === 429)
      throw new Retryable(failure);
    throw new Error(failure);
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
