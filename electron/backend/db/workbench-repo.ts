// The workbench's per-ledger settings and data: custom columns and their values, grid layout,
// status vocabulary and saved views. Custom values are logged in the change log under the column key.
import { writeTransaction } from './write-transaction.js';
import type { Row } from '#shared/domain.js';
import {
  DEFAULT_STATUS_DEFS,
  layoutSchema,
  ledgerSettingsSchema,
  statusCategory,
  type LedgerSettings,
  viewStateSchema,
  type CustomColumn,
  type Layout,
  type SavedView,
  type StatusDef,
  type ViewState,
} from '#shared/api/workbench-api.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import type { PeriodMode } from './rows-repo.js';
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

// Values of a ledger's custom columns: plan-like columns (period '') and per-period ones as of a month
// (the latest month <= ? that has a value; '' sorts before every month) or of exactly that month.
const VALUES_AS_OF = `
  SELECT v.row_id AS rowId, c.key, v.value, max(v.period) AS period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
  WHERE c.ledger_id = ? AND v.period <= ? GROUP BY v.row_id, v.column_id`;
const VALUES_EXACT = `
  SELECT v.row_id AS rowId, c.key, v.value, v.period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
  WHERE c.ledger_id = ? AND (v.period = '' OR v.period = ?)`;

// Later than any month: as of it, each value is its latest.
const END_OF_TIME = '9999-12';

interface CustomRecord {
  key: string;
  value: string;
  period: string;
}

function fillCustom(row: Row, records: readonly CustomRecord[] | undefined): void {
  const custom: Record<string, string> = {};
  for (const r of records ?? []) {
    custom[r.key] = r.value;
    if (r.period) (row.periods ??= {})[r.key] = r.period;
  }
  row.custom = custom;
}

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
      valuesAsOf: db.prepare(VALUES_AS_OF),
      valuesExact: db.prepare(VALUES_EXACT),
      valuesOfRowExact: db.prepare(
        `SELECT c.key, v.value, v.period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id WHERE v.row_id = ? AND (v.period = '' OR v.period = ?)`,
      ),
      valuesOfRowAsOf: db.prepare(
        `SELECT c.key, v.value, max(v.period) AS period FROM custom_values v JOIN custom_columns c ON c.id = v.column_id
         WHERE v.row_id = ? AND v.period <= ? GROUP BY v.column_id`,
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
      statuses: db.prepare('SELECT label, color, done, category FROM ledger_statuses WHERE ledger_id = ? ORDER BY position'),
      clearStatuses: db.prepare('DELETE FROM ledger_statuses WHERE ledger_id = ?'),
      insertStatus: db.prepare('INSERT INTO ledger_statuses (ledger_id, position, label, color, done, category) VALUES (?, ?, ?, ?, ?, ?)'),
      settings: db.prepare('SELECT settings FROM ledger_settings WHERE ledger_id = ?'),
      saveSettings: db.prepare(
        `INSERT INTO ledger_settings (ledger_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (ledger_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      ),
      views: db.prepare('SELECT id, ledger_id AS ledgerId, name, state FROM saved_views WHERE ledger_id = ? ORDER BY name'),
      view: db.prepare('SELECT id, ledger_id AS ledgerId, name, state FROM saved_views WHERE id = ?'),
      saveView: db.prepare(
        `INSERT INTO saved_views (ledger_id, name, state, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (ledger_id, name) DO UPDATE SET state = excluded.state`,
      ),
      viewByName: db.prepare('SELECT id FROM saved_views WHERE ledger_id = ? AND name = ?'),
      deleteView: db.prepare('DELETE FROM saved_views WHERE id = ?'),
      // The months of row_progress one by one through its period index (a few seeks per month, where a
      // DISTINCT over the ledger's values reads every one of them), each kept if the ledger has a value in it.
      periodsOfLedger: db.prepare(
        `WITH RECURSIVE month(period) AS (
           SELECT min(period) FROM row_progress
           UNION ALL SELECT (SELECT min(period) FROM row_progress WHERE period > month.period) FROM month WHERE month.period IS NOT NULL
         )
         SELECT DISTINCT period FROM (
           SELECT period FROM month
            WHERE period IS NOT NULL AND EXISTS (SELECT 1 FROM row_progress p JOIN rows r ON r.id = p.row_id WHERE p.period = month.period AND r.ledger_id = ?1)
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
    return writeTransaction(this.db, () => {
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
    return writeTransaction(this.db, () => {
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

  /**
   * Sets `custom` (values by column key) on rows of one ledger, per-period columns as of `period` (null:
   * each one's latest) or of exactly that month; the month of each carried value goes into `periods`.
   */
  attachCustom(ledgerId: number, rows: Row[], period: string | null, mode: PeriodMode = 'asOf'): Row[] {
    const records = (
      mode === 'exact' && period ? this.stmt.valuesExact.all(ledgerId, period) : this.stmt.valuesAsOf.all(ledgerId, period ?? END_OF_TIME)
    ) as (CustomRecord & { rowId: number })[];
    const byRow = new Map<number, CustomRecord[]>();
    for (const r of records) {
      const list = byRow.get(r.rowId);
      if (list) list.push(r);
      else byRow.set(r.rowId, [r]);
    }
    // The rows are fresh objects from the repository: fill them in place (50,000 copies add up).
    for (const r of rows) fillCustom(r, byRow.get(r.id));
    return rows;
  }

  /** One row with its custom values, read as `attachCustom` reads them. */
  withCustom(row: Row, period: string | null, mode: PeriodMode = 'asOf'): Row {
    const records = (
      mode === 'exact' && period ? this.stmt.valuesOfRowExact.all(row.id, period) : this.stmt.valuesOfRowAsOf.all(row.id, period ?? END_OF_TIME)
    ) as CustomRecord[];
    const copy: Row = { ...row, periods: { ...row.periods } };
    fillCustom(copy, records);
    return copy;
  }

  /** Sets one custom cell; logs only real changes. */
  setValue(ctx: WriteContext, row: Row, column: CustomColumn, value: string, period: string, at: string): void {
    writeTransaction(this.db, () => {
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

  /** The status vocabulary, each with its category (the clerk's choice or the default for its label). */
  statuses(ledgerId: number): StatusDef[] {
    const rows = this.stmt.statuses.all(ledgerId) as { label: string; color: StatusDef['color']; done: number; category: StatusDef['category'] | null }[];
    if (!rows.length) return DEFAULT_STATUS_DEFS.map((s) => ({ ...s }));
    return rows.map((r) => {
      const def = { label: r.label, color: r.color, done: r.done === 1, category: r.category ?? undefined };
      return { ...def, category: statusCategory(def) };
    });
  }

  /** Replaces the vocabulary; a given category decides the done flag (done ⇔ category done). */
  setStatuses(ledgerId: number, statuses: StatusDef[]): StatusDef[] {
    writeTransaction(this.db, () => {
      this.stmt.clearStatuses.run(ledgerId);
      statuses.forEach((s, i) => {
        const done = s.category ? s.category === 'done' : s.done;
        this.stmt.insertStatus.run(ledgerId, i, s.label, s.color, done ? 1 : 0, s.category ?? null);
      });
    })();
    return this.statuses(ledgerId);
  }

  // ---- settings of the as-of rules ----

  settings(ledgerId: number): LedgerSettings {
    const r = this.stmt.settings.get(ledgerId) as { settings: string } | undefined;
    const fallback = ledgerSettingsSchema.parse({});
    return r ? parseJson(r.settings, (v) => ledgerSettingsSchema.parse(v), fallback) : fallback;
  }

  saveSettings(ledgerId: number, settings: LedgerSettings, at: string): LedgerSettings {
    this.stmt.saveSettings.run(ledgerId, JSON.stringify(settings), at);
    return this.settings(ledgerId);
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
