// Handlers for bulk assignment and splitting (shared/api/assign-api.ts). Every write goes through the
// rows repository (each cell / inserted row is in the change log) inside one transaction per call.
import { writeTransaction } from '../db/write-transaction.js';
import { assignApi } from '#shared/api/assign-api.js';
import { assignedText } from '#shared/assignment.js';
import type { Row } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import { FIELD_BY_KEY } from '#shared/fields.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { childrenByParent } from '#shared/tree.js';
import { ledgerPeriod } from '../as-of/ledger-as-of.js';
import type { Store } from '../store.js';
import { checkCellValue } from '../workbench/cell-value.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

/** Change-log sources of these writes (shown as is in the history panel). */
export const ASSIGN_SOURCE = '批量指派';
export const SPLIT_SOURCE = '拆分到各责任单位';

export function assignHandlers(store: Store): HandlersFor<keyof typeof assignApi> {
  const requireRow = (id: number) => store.rows.get(id) ?? raise(notFound('该行'));
  // A row as the grid shows it: as of the month (its roll-up is the caller's: shared/as-of.ts), as cells.set returns it.
  const shown = (id: number, period: string): Row => store.workbench.withCustom(store.rows.get(id, period) ?? raise(notFound('该行')), period);

  return {
    'rows.assign': ({ rowIds, field, value, mode, period }, ctx) => {
      const ids = [...new Set(rowIds)];
      const rows = ids.map(requireRow);
      const ledgerId = rows[0]!.ledgerId;
      if (rows.some((r) => r.ledgerId !== ledgerId)) throw new AppError('invalid_input', '所选行不属于同一个台账，请刷新后重试。');
      const ledger = store.ledgers.yearOf(ledgerId) ?? raise(notFound('台账'));
      // The checks cells.set applies: a deadline must be understood, unit and leader text is trimmed.
      const check = checkCellValue(FIELD_BY_KEY[field].type, value, {
        statuses: store.workbench.statuses(ledgerId).map((s) => s.label),
        year: ledger.year,
      });
      if (!check.ok) throw new AppError('invalid_value', `${check.reason}。`);
      if (mode === 'add' && !check.value) throw new AppError('invalid_input', `请填写要追加的${FIELD_BY_KEY[field].label}。`);
      const dir = new UnitDirectory(store.units.list());
      const p = ledgerPeriod(store, ledgerId, period);
      const at = now();
      const write = { ...ctx, source: ASSIGN_SOURCE };
      const changedIds: number[] = [];
      let skipped = 0;
      writeTransaction(store.db, () => {
        for (const row of rows) {
          if (row.level === 'section') {
            skipped++;
            continue;
          }
          const old = row.values[field];
          const next = assignedText(old, check.value, field, mode, dir);
          if (next === old) continue;
          store.rows.writeKnownCell(write, { ledgerId, rowId: row.id, field, oldValue: old, value: next, period: p }, at);
          changedIds.push(row.id);
        }
        if (changedIds.length) store.rows.touchLedger(ledgerId, at);
      })();
      return { changed: changedIds.length, skipped, rows: changedIds.map((id) => shown(id, p)) };
    },

    'rows.split': ({ rowId, period }, ctx) => {
      const task = requireRow(rowId);
      if (task.level === 'section') throw new AppError('invalid_input', '章节行不能拆分，请选择章节下的一条任务。');
      if (task.level === 'item') throw new AppError('invalid_input', '明细行不能再拆分，请选择它所属的任务行。');
      const dir = new UnitDirectory(store.units.list());
      const lead = dir.namesIn(task.values.leadDept);
      const units = dir.namesIn(task.values.units).filter((n) => !lead.includes(n));
      if (!units.length) {
        throw new AppError(
          'invalid_input',
          task.values.units.trim()
            ? '该任务的责任单位只有牵头科室，牵头科室直接填报任务本身，无需拆分。'
            : '该任务还没有填写责任单位，无法拆分。请先填写责任单位（多个单位用“、”分隔）。',
        );
      }
      const children = childrenByParent(store.rows.listInOrder(task.ledgerId)).get(task.id) ?? [];
      const existing = units.filter((u) => children.some((c) => dir.names(c, u)));
      const write = { ...ctx, source: SPLIT_SOURCE };
      const at = now();
      const p = ledgerPeriod(store, task.ledgerId, period);
      const created = writeTransaction(store.db, () =>
        units
          .filter((u) => !existing.includes(u))
          .map((u) => store.rows.insert(write, { ledgerId: task.ledgerId, parentId: task.id, level: 'item', values: { units: u }, period: p }, at).id),
      )();
      return { created: created.length, existing, rows: created.map((id) => shown(id, p)) };
    },
  };
}
