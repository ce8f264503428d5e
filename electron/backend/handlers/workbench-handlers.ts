// Handlers for the ledger workbench (shared/api/workbench-api.ts).
import { writeTransaction } from '../db/write-transaction.js';
import { workbenchApi } from '#shared/api/workbench-api.js';
import { AppError } from '#shared/errors.js';
import { FIELD_KEYS, type FieldKey } from '#shared/fields.js';
import { ledgerPeriod } from '../as-of/ledger-as-of.js';
import type { WriteContext } from '../db/change-log.js';
import type { Store } from '../store.js';
import { checkedCellValue } from './checked-cell.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

const isFieldKey = (k: string): k is FieldKey => (FIELD_KEYS as readonly string[]).includes(k);

export function workbenchHandlers(store: Store): HandlersFor<keyof typeof workbenchApi> {
  const requireLedger = (id: number) => store.ledgers.get(id) ?? raise(notFound('台账'));
  const requireRow = (id: number) => store.rows.get(id) ?? raise(notFound('该行'));
  const requireColumn = (id: number) => store.workbench.column(id) ?? raise(notFound('该列'));

  // An undo is a write like any other, logged as what it is and which step it reverses.
  const replayed = (ctx: WriteContext, replay: { kind: 'undo' | 'redo'; step: string } | undefined): WriteContext =>
    replay ? { ...ctx, source: `${replay.kind === 'undo' ? '撤销' : '重做'}：${replay.step}` } : ctx;

  /** Checks one cell by its column's type and writes it (logged); throws with the reason when refused. */
  const setCell = (ctx: WriteContext, rowId: number, column: string, value: string, period: string | undefined) => {
    const row = requireRow(rowId);
    const custom = isFieldKey(column) ? undefined : store.workbench.columnByKey(row.ledgerId, column);
    if (!isFieldKey(column) && !custom) throw notFound(`列“${column}”`);
    const checked = checkedCellValue(store, row, custom ?? (column as FieldKey), value);
    const p = ledgerPeriod(store, row.ledgerId, period);
    if (custom) store.workbench.setValue(ctx, row, custom, checked, p, now());
    else store.rows.updateCell(ctx, rowId, column as FieldKey, checked, p, now());
    return { row, p, value: checked };
  };

  return {
    'workbench.config': ({ ledgerId }) => {
      requireLedger(ledgerId);
      return {
        columns: store.workbench.columns(ledgerId),
        layout: store.workbench.layout(ledgerId),
        statuses: store.workbench.statuses(ledgerId),
        views: store.workbench.views(ledgerId),
        periods: store.workbench.periods(ledgerId),
        defaultPeriod: ledgerPeriod(store, ledgerId),
        settings: store.workbench.settings(ledgerId),
      };
    },

    'columns.add': ({ ledgerId, label, type, perPeriod }) => {
      requireLedger(ledgerId);
      if (store.workbench.columns(ledgerId).length >= 100) throw new AppError('invalid_input', '自定义列不能超过 100 个。');
      return store.workbench.addColumn(ledgerId, label, type, perPeriod, now());
    },

    'columns.update': ({ columnId, label, type }) => {
      const column = requireColumn(columnId);
      return store.workbench.updateColumn(columnId, label ?? column.label, type ?? column.type) ?? raise(notFound('该列'));
    },

    'columns.delete': ({ columnId }, ctx) => {
      requireColumn(columnId);
      return { deleted: store.workbench.deleteColumn(ctx, columnId, now()) };
    },

    'layout.save': ({ ledgerId, layout }) => {
      requireLedger(ledgerId);
      return store.workbench.saveLayout(ledgerId, layout, now());
    },

    'statuses.set': ({ ledgerId, statuses }) => {
      requireLedger(ledgerId);
      const seen = new Set<string>();
      for (const s of statuses) {
        if (seen.has(s.label)) throw new AppError('invalid_input', `状态“${s.label}”重复了，请删除重复的一项。`);
        seen.add(s.label);
      }
      return store.workbench.setStatuses(ledgerId, statuses);
    },

    'settings.set': ({ ledgerId, settings }) => {
      requireLedger(ledgerId);
      const current = store.workbench.settings(ledgerId);
      return store.workbench.saveSettings(ledgerId, { ...current, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) }, now());
    },

    'views.save': ({ ledgerId, name, state }) => {
      requireLedger(ledgerId);
      return store.workbench.saveView(ledgerId, name, state, now());
    },

    'views.delete': ({ viewId }) => ({ deleted: store.workbench.deleteView(viewId) }),

    'cells.set': ({ rowId, column, value, period, replay }, writeCtx) => {
      const { row, p, value: stored } = setCell(replayed(writeCtx, replay), rowId, column, value, period);
      // The row as the grid shows it: as of the month written (its roll-up is the caller's: shared/as-of.ts).
      const saved = store.rows.get(row.id, p) ?? raise(notFound('该行'));
      return { row: store.workbench.withCustom(saved, p), value: stored };
    },

    'cells.setMany': ({ cells, period, replay }, writeCtx) => {
      const ctx = replayed(writeCtx, replay);
      const out: ({ value: string } | { error: string })[] = [];
      const written = new Map<number, string>();
      // One transaction, the write lock taken up front: a 10,000-cell paste is one write, not 10,000.
      writeTransaction(store.db, () => {
        for (const c of cells) {
          try {
            const { row, p, value } = setCell(ctx, c.rowId, c.column, c.value, period);
            written.set(row.id, p);
            out.push({ value });
          } catch (err) {
            // A refused value is reported with its cell; a full disk or a read-only database stops the paste.
            if (err instanceof AppError && (err.code === 'invalid_value' || err.code === 'not_found')) out.push({ error: err.message });
            else throw err;
          }
        }
      })();
      const rows = [...written].map(([id, p]) => store.rows.get(id, p)).filter((r) => r != null).map((r) => store.workbench.withCustom(r!, written.get(r!.id)!));
      return { cells: out, rows };
    },

    'rows.progress': ({ rowId }) => {
      requireRow(rowId);
      return store.workbench.periodValues(rowId);
    },

    'rows.move': ({ rowId, parentId, afterId }, ctx) => {
      const row = requireRow(rowId);
      if (parentId != null) {
        const parent = requireRow(parentId);
        if (parent.ledgerId !== row.ledgerId) throw new AppError('invalid_input', '目标上级行不属于该台账，请刷新后重试。');
        if (parent.level === 'item') throw new AppError('invalid_input', '明细行下不能再放子行。');
        // Refuse moving a row under itself or one of its descendants.
        for (let p: number | null = parentId; p != null; p = store.rows.get(p)?.parentId ?? null) {
          if (p === rowId) throw new AppError('invalid_input', '不能把一行移到它自己的下级。');
        }
      } else if (row.level === 'item') {
        throw new AppError('invalid_input', '明细行必须放在任务或章节之下。');
      }
      if (afterId != null) {
        const after = requireRow(afterId);
        if (after.parentId !== parentId) throw new AppError('invalid_input', '目标位置不在同一上级之下，请刷新后重试。');
      }
      return { moved: store.rows.move(ctx, rowId, parentId, afterId, now()) ? 1 : 0 };
    },
  };
}
