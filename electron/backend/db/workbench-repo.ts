// The workbench's per-ledger settings and data: custom columns and their values, grid layout,
// status vocabulary and saved views. Custom values are logged in the change log under the column key.
import type { Row } from '../../../shared/domain.js';
import {
  DEFAULT_STATUS_DEFS,
  layoutSchema,
  viewStateSchema,
  type CustomColumn,
  type Layout,
  type SavedView,
  type StatusDef,
  type ViewState,
} from '../../../shared/api/workbench-api.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import { PERIOD_FIELD_BY_COLUMN } from './columns.js';
import type { Db } from './open-database.js';

interface ColumnRecord {
  id: number;
  ledger_id: number;
  key: string;
  label: string;
  type: CustomColumn['type'];
  per_period: number;
}

function toColumn(r: ColumnRecord): CustomColumn {
  return { id: r.id, ledgerId: r.ledger_id, key: r.key, label: r.label, type: r.type, perPeriod: r.per_period === 1 };
}

function parseJson<T>(text: string, parse: (v: unknown) => T, fallback: T): T {
  try {
    return parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

const COLUMN_SELECT = 'SELECT id, ledger_id, key, label, type, per_period FROM custom_columns';

// Values of a ledger's custom columns: plan-like columns (period '') plus the given period, or
// for per-period columns each one's latest period when no period is given.
const VALUES_OF_PERIOD = `
  SELECT v.row_id AS rowId, c.key, v.value FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
  WHERE c.ledger_id = ? AND (v.period = '' OR v.period = ?)`;
const VALUES_LATEST = `
  SELECT v.row_id AS rowId, c.key, v.value FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
  WHERE c.ledger_id = ? AND v.period = (SELECT max(w.period) FROM custom_values w WHERE w.row_id = v.row_id AND w.column_id = v.column_id)`;

export class WorkbenchRepo {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.stmt = {
      columns: db.prepare(`${COLUMN_SELECT} WHERE ledger_id = ? ORDER BY id`),
      column: db.prepare(`${COLUMN_SELECT} WHERE id = ?`),
      columnByKey: db.prepare(`${COLUMN_SELECT} WHERE ledger_id = ? AND key = ?`),
      nextKey: db.prepare(`SELECT coalesce(max(CAST(substr(key, 2) AS INTEGER)), 0) + 1 AS n FROM custom_columns WHERE ledger_id = ?`),
      insertColumn: db.prepare('INSERT INTO custom_columns (ledger_id, key, label, type, per_period, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      updateColumn: db.prepare('UPDATE custom_columns SET label = ?, type = ? WHERE id = ?'),
      deleteColumn: db.prepare('DELETE FROM custom_columns WHERE id = ?'),
      valuesOfColumn: db.prepare('SELECT row_id AS rowId, period, value FROM custom_values WHERE column_id = ?'),
      valuesOfPeriod: db.prepare(VALUES_OF_PERIOD),
      valuesLatest: db.prepare(VALUES_LATEST),
      valuesOfRowPeriod: db.prepare(
        `SELECT c.key, v.value FROM custom_values v JOIN custom_columns c ON c.id = v.column_id WHERE v.row_id = ? AND (v.period = '' OR v.period = ?)`,
      ),
      valuesOfRowLatest: db.prepare(
        `SELECT c.key, v.value FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
         WHERE v.row_id = ? AND v.period = (SELECT max(w.period) FROM custom_values w WHERE w.row_id = v.row_id AND w.column_id = v.column_id)`,
      ),
      value: db.prepare('SELECT value FROM custom_values WHERE row_id = ? AND column_id = ? AND period = ?'),
      upsertValue: db.prepare(
        `INSERT INTO custom_values (row_id, column_id, period, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (row_id, column_id, period) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      deleteValue: db.prepare('DELETE FROM custom_values WHERE row_id = ? AND column_id = ? AND period = ?'),
      touchRow: db.prepare('UPDATE rows SET updated_at = ? WHERE id = ?'),
      touchLedger: db.prepare('UPDATE ledgers SET updated_at = ?, last_used_at = ? WHERE id = ?'),
      layout: db.prepare('SELECT layout FROM ledger_layouts WHERE ledger_id = ?'),
      saveLayout: db.prepare(
        `INSERT INTO ledger_layouts (ledger_id, layout, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (ledger_id) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at`,
      ),
      statuses: db.prepare('SELECT label, color, done FROM ledger_statuses WHERE ledger_id = ? ORDER BY position'),
      clearStatuses: db.prepare('DELETE FROM ledger_statuses WHERE ledger_id = ?'),
      insertStatus: db.prepare('INSERT INTO ledger_statuses (ledger_id, position, label, color, done) VALUES (?, ?, ?, ?, ?)'),
      views: db.prepare('SELECT id, ledger_id AS ledgerId, name, state FROM saved_views WHERE ledger_id = ? ORDER BY name'),
      view: db.prepare('SELECT id, ledger_id AS ledgerId, name, state FROM saved_views WHERE id = ?'),
      saveView: db.prepare(
        `INSERT INTO saved_views (ledger_id, name, state, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (ledger_id, name) DO UPDATE SET state = excluded.state`,
      ),
      viewByName: db.prepare('SELECT id FROM saved_views WHERE ledger_id = ? AND name = ?'),
      deleteView: db.prepare('DELETE FROM saved_views WHERE id = ?'),
      periodsOfLedger: db.prepare(
        `SELECT DISTINCT period FROM (
           SELECT p.period FROM row_progress p JOIN rows r ON r.id = p.row_id WHERE r.ledger_id = ?1
           UNION SELECT v.period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id WHERE c.ledger_id = ?1 AND v.period != ''
         ) ORDER BY period DESC`,
      ),
      periodValues: db.prepare(
        `SELECT period, field, value FROM row_progress WHERE row_id = ?1
         UNION ALL
         SELECT v.period, c.key AS field, v.value FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
         WHERE v.row_id = ?1 AND v.period != ''
         ORDER BY period DESC`,
      ),
    };
  }

  // ---- custom columns ----

  columns(ledgerId: number): CustomColumn[] {
    return (this.stmt.columns.all(ledgerId) as ColumnRecord[]).map(toColumn);
  }

  column(id: number): CustomColumn | undefined {
    const r = this.stmt.column.get(id) as ColumnRecord | undefined;
    return r && toColumn(r);
  }

  columnByKey(ledgerId: number, key: string): CustomColumn | undefined {
    const r = this.stmt.columnByKey.get(ledgerId, key) as ColumnRecord | undefined;
    return r && toColumn(r);
  }

  addColumn(ledgerId: number, label: string, type: CustomColumn['type'], perPeriod: boolean, at: string): CustomColumn {
    return this.db.transaction(() => {
      const n = (this.stmt.nextKey.get(ledgerId) as { n: number }).n;
      const id = Number(this.stmt.insertColumn.run(ledgerId, `x${n}`, label, type, perPeriod ? 1 : 0, at).lastInsertRowid);
      return this.column(id)!;
    })();
  }

  updateColumn(id: number, label: string, type: CustomColumn['type']): CustomColumn | undefined {
    this.stmt.updateColumn.run(label, type, id);
    return this.column(id);
  }

  /** Deletes a column; each non-blank value is kept in the change log. Returns the number of values removed. */
  deleteColumn(ctx: WriteContext, id: number, at: string): number {
    return this.db.transaction(() => {
      const column = this.column(id);
      if (!column) return 0;
      const values = this.stmt.valuesOfColumn.all(id) as { rowId: number; period: string; value: string }[];
      for (const v of values) {
        this.log.record(
          ctx,
          { ledgerId: column.ledgerId, rowId: v.rowId, action: 'update_cell', field: column.key, period: v.period || null, oldValue: v.value, newValue: '' },
          at,
        );
      }
      this.stmt.deleteColumn.run(id);
      this.stmt.touchLedger.run(at, at, column.ledgerId);
      return values.length;
    })();
  }

  /** Sets `custom` (values by column key) on rows of one ledger. */
  attachCustom(ledgerId: number, rows: Row[], period: string | null): Row[] {
    const records = (period ? this.stmt.valuesOfPeriod.all(ledgerId, period) : this.stmt.valuesLatest.all(ledgerId)) as {
      rowId: number;
      key: string;
      value: string;
    }[];
    const byRow = new Map<number, Record<string, string>>();
    for (const r of records) {
      let map = byRow.get(r.rowId);
      if (!map) byRow.set(r.rowId, (map = {}));
      map[r.key] = r.value;
    }
    // The rows are fresh objects from the repository: fill them in place (50,000 copies add up).
    for (const r of rows) r.custom = byRow.get(r.id) ?? {};
    return rows;
  }

  /** One row with its custom values. */
  withCustom(row: Row, period: string | null): Row {
    const records = (period ? this.stmt.valuesOfRowPeriod.all(row.id, period) : this.stmt.valuesOfRowLatest.all(row.id)) as {
      key: string;
      value: string;
    }[];
    return { ...row, custom: Object.fromEntries(records.map((r) => [r.key, r.value])) };
  }

  /** Sets one custom cell; logs only real changes. */
  setValue(ctx: WriteContext, row: Row, column: CustomColumn, value: string, period: string, at: string): void {
    this.db.transaction(() => {
      const p = column.perPeriod ? period : '';
      const old = (this.stmt.value.get(row.id, column.id, p) as { value: string } | undefined)?.value ?? '';
      if (old === value) return;
      if (value === '') this.stmt.deleteValue.run(row.id, column.id, p);
      else this.stmt.upsertValue.run(row.id, column.id, p, value, at);
      this.stmt.touchRow.run(at, row.id);
      this.log.record(
        ctx,
        { ledgerId: row.ledgerId, rowId: row.id, action: 'update_cell', field: column.key, period: p || null, oldValue: old, newValue: value },
        at,
      );
      this.stmt.touchLedger.run(at, at, row.ledgerId);
    })();
  }

  /** Months that hold per-period values in a ledger, newest first. */
  periods(ledgerId: number): string[] {
    return (this.stmt.periodsOfLedger.all({ 1: ledgerId }) as { period: string }[]).map((r) => r.period);
  }

  /** A row's values per period, newest first; progress fields by their API key, custom ones by column key. */
  periodValues(rowId: number): { period: string; values: Record<string, string> }[] {
    const out: { period: string; values: Record<string, string> }[] = [];
    for (const r of this.stmt.periodValues.all({ 1: rowId }) as { period: string; field: string; value: string }[]) {
      let last = out[out.length - 1];
      if (!last || last.period !== r.period) out.push((last = { period: r.period, values: {} }));
      last.values[PERIOD_FIELD_BY_COLUMN.get(r.field) ?? r.field] = r.value;
    }
    return out;
  }

  // ---- layout ----

  layout(ledgerId: number): Layout | null {
    const r = this.stmt.layout.get(ledgerId) as { layout: string } | undefined;
    return r ? parseJson(r.layout, (v) => layoutSchema.parse(v), null) : null;
  }

  saveLayout(ledgerId: number, layout: Layout, at: string): Layout {
    this.stmt.saveLayout.run(ledgerId, JSON.stringify(layout), at);
    return layout;
  }

  // ---- statuses ----

  statuses(ledgerId: number): StatusDef[] {
    const rows = this.stmt.statuses.all(ledgerId) as { label: string; color: StatusDef['color']; done: number }[];
    if (!rows.length) return DEFAULT_STATUS_DEFS.map((s) => ({ ...s }));
    return rows.map((r) => ({ label: r.label, color: r.color, done: r.done === 1 }));
  }

  setStatuses(ledgerId: number, statuses: StatusDef[]): StatusDef[] {
    this.db.transaction(() => {
      this.stmt.clearStatuses.run(ledgerId);
      statuses.forEach((s, i) => this.stmt.insertStatus.run(ledgerId, i, s.label, s.color, s.done ? 1 : 0));
    })();
    return this.statuses(ledgerId);
  }

  // ---- saved views ----

  views(ledgerId: number): SavedView[] {
    return (this.stmt.views.all(ledgerId) as { id: number; ledgerId: number; name: string; state: string }[]).map((v) => ({
      ...v,
      state: parseJson(v.state, (x) => viewStateSchema.parse(x), viewStateSchema.parse({})),
    }));
  }

  saveView(ledgerId: number, name: string, state: ViewState, at: string): SavedView {
    this.stmt.saveView.run(ledgerId, name, JSON.stringify(state), at);
    const id = (this.stmt.viewByName.get(ledgerId, name) as { id: number }).id;
    return this.views(ledgerId).find((v) => v.id === id)!;
  }

  viewLedger(id: number): number | undefined {
    return (this.stmt.view.get(id) as { ledgerId: number } | undefined)?.ledgerId;
  }

  deleteView(id: number): number {
    return this.stmt.deleteView.run(id).changes;
  }
}
