// Ledger rows: a tree (section → task → item) ordered by position among siblings.
import { FIELD_KEYS, type FieldKey, type RowLevel } from '../../../shared/fields.js';
import type { Row, RowValues } from '../../../shared/domain.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import { FIELD_COLUMNS, fieldColumn } from './columns.js';
import type { Db } from './open-database.js';

interface RowRecord {
  id: number;
  ledger_id: number;
  parent_id: number | null;
  position: number;
  level: RowLevel;
  updated_at: string;
  [column: string]: unknown;
}

const SELECT_COLUMNS = ['id', 'ledger_id', 'parent_id', 'position', 'level', 'updated_at', ...FIELD_COLUMNS].join(', ');

function toRow(r: RowRecord): Row {
  const values = {} as RowValues;
  for (const key of FIELD_KEYS) values[key] = r[fieldColumn(key)] as string;
  return {
    id: r.id,
    ledgerId: r.ledger_id,
    parentId: r.parent_id,
    position: r.position,
    level: r.level,
    values,
    updatedAt: r.updated_at,
  };
}

export interface NewRow {
  ledgerId: number;
  parentId: number | null;
  /** Insert right after this sibling; null/undefined appends at the end. */
  afterId?: number | null;
  level: RowLevel;
  values: Partial<Record<FieldKey, string>>;
}

export class RowsRepo {
  private readonly getStmt;
  private readonly byLedgerStmt;
  private readonly lastPositionStmt;
  private readonly shiftStmt;
  private readonly insertStmt;
  private readonly updateStmts: Record<FieldKey, { run(value: string, at: string, id: number): unknown }>;
  private readonly subtreeStmt;
  private readonly deleteStmt;
  private readonly touchLedgerStmt;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.getStmt = db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE id = ?`);
    this.byLedgerStmt = db.prepare(`SELECT ${SELECT_COLUMNS} FROM rows WHERE ledger_id = ? ORDER BY position, id`);
    this.lastPositionStmt = db.prepare(
      'SELECT coalesce(max(position), -1) AS p FROM rows WHERE ledger_id = ? AND parent_id IS ?',
    );
    this.shiftStmt = db.prepare(
      'UPDATE rows SET position = position + 1 WHERE ledger_id = ? AND parent_id IS ? AND position > ?',
    );
    this.insertStmt = db.prepare(
      `INSERT INTO rows (ledger_id, parent_id, position, level, ${FIELD_COLUMNS.join(', ')}, created_at, updated_at)
       VALUES (?, ?, ?, ?, ${FIELD_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    );
    this.updateStmts = Object.fromEntries(
      FIELD_KEYS.map((k) => [k, db.prepare(`UPDATE rows SET ${fieldColumn(k)} = ?, updated_at = ? WHERE id = ?`)]),
    ) as unknown as RowsRepo['updateStmts'];
    this.subtreeStmt = db.prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM rows WHERE id = ? UNION ALL SELECT r.id FROM rows r JOIN sub ON r.parent_id = sub.id)
       SELECT ${SELECT_COLUMNS} FROM rows WHERE id IN (SELECT id FROM sub)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM rows WHERE id = ?');
    this.touchLedgerStmt = db.prepare('UPDATE ledgers SET updated_at = ?, last_used_at = ? WHERE id = ?');
  }

  get(id: number): Row | undefined {
    const r = this.getStmt.get(id) as RowRecord | undefined;
    return r && toRow(r);
  }

  /** All rows of a ledger in display order: depth-first, siblings by position. */
  listInOrder(ledgerId: number): Row[] {
    const records = this.byLedgerStmt.all(ledgerId) as RowRecord[];
    const children = new Map<number | null, RowRecord[]>();
    for (const r of records) {
      const list = children.get(r.parent_id);
      if (list) list.push(r);
      else children.set(r.parent_id, [r]);
    }
    const out: Row[] = [];
    const stack: RowRecord[] = [...(children.get(null) ?? [])].reverse();
    while (stack.length) {
      const r = stack.pop()!;
      out.push(toRow(r));
      const kids = children.get(r.id);
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return out;
  }

  insert(ctx: WriteContext, row: NewRow, at: string): Row {
    return this.db.transaction(() => {
      let position: number;
      const after = row.afterId != null ? this.get(row.afterId) : undefined;
      if (after && after.parentId === row.parentId && after.ledgerId === row.ledgerId) {
        this.shiftStmt.run(row.ledgerId, row.parentId, after.position);
        position = after.position + 1;
      } else {
        position = (this.lastPositionStmt.get(row.ledgerId, row.parentId) as { p: number }).p + 1;
      }
      const values = FIELD_KEYS.map((k) => row.values[k] ?? '');
      const id = Number(
        this.insertStmt.run(row.ledgerId, row.parentId, position, row.level, ...values, at, at).lastInsertRowid,
      );
      this.log.record(ctx, { ledgerId: row.ledgerId, rowId: id, action: 'insert_row', newValue: JSON.stringify(row.values) }, at);
      this.touchLedgerStmt.run(at, at, row.ledgerId);
      return this.get(id)!;
    })();
  }

  /** Sets one cell; records the change only when the value really changes. */
  updateCell(ctx: WriteContext, id: number, field: FieldKey, value: string, at: string): Row | undefined {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (!before) return undefined;
      const old = before.values[field];
      if (old === value) return before;
      this.updateStmts[field].run(value, at, id);
      this.log.record(ctx, { ledgerId: before.ledgerId, rowId: id, action: 'update_cell', field, oldValue: old, newValue: value }, at);
      this.touchLedgerStmt.run(at, at, before.ledgerId);
      return this.get(id);
    })();
  }

  /** Deletes a row with its children; each removed row's values are kept in the change log. */
  delete(ctx: WriteContext, id: number, at: string): number {
    return this.db.transaction(() => {
      const subtree = (this.subtreeStmt.all(id) as RowRecord[]).map(toRow);
      if (!subtree.length) return 0;
      for (const r of subtree) {
        this.log.record(ctx, { ledgerId: r.ledgerId, rowId: r.id, action: 'delete_row', oldValue: JSON.stringify(r.values) }, at);
      }
      this.deleteStmt.run(id);
      this.touchLedgerStmt.run(at, at, subtree[0].ledgerId);
      return subtree.length;
    })();
  }
}
