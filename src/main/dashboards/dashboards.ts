import { EventEmitter } from 'node:events';
import {
  DASHBOARD_EXPORT_FORMAT,
  type Dashboard,
  type DashboardExport,
  type DashboardInput,
  type GeneratedDashboard,
  type Widget,
} from '../../shared/dashboards.js';
import type { Sensor } from '../../shared/model.js';
import { badRequest, notFound } from '../errors.js';
import { prepared } from '../storage/database.js';
import type { SqliteDatabase } from '../storage/index.js';
import { generateDashboard } from './generate.js';
import { validateDashboard } from './validate.js';

/** What dashboards need to know of the registry: which gateways and sensors exist. */
export interface DashboardDirectory {
  gateways(): Array<{ id: string; name: string }>;
  sensors(gatewayId: string): Sensor[];
  hasSensor(gatewayId: string, sensorId: string): boolean;
  /** whether a sensor type's values are numbers (charted, shown on a gauge) */
  numeric(type: string): boolean;
  /** a sensor type's unit ('' when it has none): the generated charts hold one unit each */
  unit(type: string): string;
  /** the time of the sensor's first stored value at or after `from` (null: none), for a chart's span */
  firstValueAt(gatewayId: string, sensorId: string, from: number): number | null;
}

interface DashboardRow {
  id: number;
  name: string;
  widgets: string;
  created_at: number;
  updated_at: number;
}

/** Dashboards stored in site.db (migration 007): validated on every write, sensors checked on every read. */
export class Dashboards extends EventEmitter<{ changed: [] }> {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly directory: DashboardDirectory,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** site.db changed under it (the cluster's control log): nothing is cached, the consoles are told */
  reload(): void {
    this.emit('changed');
  }

  list(): Dashboard[] {
    const rows = prepared(this.db, 'SELECT * FROM dashboards ORDER BY id').all() as DashboardRow[];
    return rows.map((r) => this.fromRow(r));
  }

  get(id: number): Dashboard {
    const row = prepared(this.db, 'SELECT * FROM dashboards WHERE id = ?').get(id) as
      DashboardRow | undefined;
    if (!row) throw notFound(`dashboard ${id}`);
    return this.fromRow(row);
  }

  create(body: unknown): Dashboard {
    const input = validateDashboard(body);
    const at = this.now();
    const result = prepared(
      this.db,
      'INSERT INTO dashboards (name, widgets, created_at, updated_at) VALUES (?, ?, ?, ?)',
    ).run(input.name, JSON.stringify(input.widgets), at, at);
    this.emit('changed');
    return this.get(Number(result.lastInsertRowid));
  }

  /** Replaces the whole dashboard (name and grid): the editor saves what it shows. */
  update(id: number, body: unknown): Dashboard {
    const input = validateDashboard(body);
    const result = prepared(
      this.db,
      'UPDATE dashboards SET name = ?, widgets = ?, updated_at = ? WHERE id = ?',
    ).run(input.name, JSON.stringify(input.widgets), this.now(), id);
    if (result.changes === 0) throw notFound(`dashboard ${id}`);
    this.emit('changed');
    return this.get(id);
  }

  delete(id: number): void {
    const result = prepared(this.db, 'DELETE FROM dashboards WHERE id = ?').run(id);
    if (result.changes === 0) throw notFound(`dashboard ${id}`);
    this.emit('changed');
  }

  export(id: number): DashboardExport {
    const { name, widgets } = this.get(id);
    return {
      format: DASHBOARD_EXPORT_FORMAT,
      version: 1,
      exportedAt: this.now(),
      dashboard: { name, widgets },
    };
  }

  /** An exported file (or a bare {name, widgets}) becomes a new dashboard; its sensors may be unknown here. */
  import(body: unknown): Dashboard {
    if (body && typeof body === 'object' && 'format' in body) {
      const file = body as Partial<DashboardExport>;
      if (file.format !== DASHBOARD_EXPORT_FORMAT)
        throw badRequest(`format must be "${DASHBOARD_EXPORT_FORMAT}"`, ['format']);
      if (file.version !== 1) throw badRequest('version must be 1', ['version']);
      if (!file.dashboard) throw badRequest('dashboard is missing', ['dashboard']);
      return this.create(file.dashboard);
    }
    return this.create(body);
  }

  /** The dashboard a site without any gets: made from what is registered now, not stored. */
  generated(): GeneratedDashboard {
    return generateDashboard(this.directory, undefined, this.now());
  }

  private fromRow(row: DashboardRow): Dashboard {
    const widgets = JSON.parse(row.widgets) as Widget[];
    return {
      id: row.id,
      name: row.name,
      widgets,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      unknownSensors: widgets.flatMap((w) =>
        w.sensors
          .filter((s) => !this.directory.hasSensor(s.gatewayId, s.sensorId))
          .map((s) => ({ widgetId: w.id, ...s })),
      ),
    };
  }
}

export type { DashboardInput };
