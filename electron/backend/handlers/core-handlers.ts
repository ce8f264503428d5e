// Handlers for ledgers, rows, units and app info (shared/api/core-api.ts).
import type { coreApi } from '#shared/api/core-api.js';
import { AppError } from '#shared/errors.js';
import { packRows } from '#shared/row-columns.js';
import { ledgerPeriod, rowsAsOf, rowsPageAsOf } from '../as-of/ledger-as-of.js';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.js';
import { countFiguresAheadSoon } from '../reports/figures-ahead.js';
import { writeKeepingFigures } from '../reports/report-data.js';
import type { Store } from '../store.js';
import { APP_VERSION } from '../version.js';
import { checkedCellValue } from './checked-cell.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

export function coreHandlers(store: Store): HandlersFor<keyof typeof coreApi> {
  const requireLedger = (id: number) => store.ledgers.get(id) ?? raise(notFound('台账'));
  const requireRow = (id: number) => store.rows.get(id) ?? raise(notFound('该行'));

  return {
    'app.info': () => ({ version: APP_VERSION, dbPath: store.path, schemaVersion: LATEST_SCHEMA_VERSION, readOnly: store.readOnly }),

    'ledger.list': () => store.ledgers.list(),

    'ledger.create': ({ name, year }, ctx) => store.ledgers.create(ctx, name, year ?? null, now()),

    'ledger.rename': ({ ledgerId, name }, ctx) => {
      requireLedger(ledgerId);
      return store.ledgers.rename(ctx, ledgerId, name, now()) ?? raise(notFound('台账'));
    },

    'ledger.open': ({ ledgerId }) => {
      requireLedger(ledgerId);
      // Opening a ledger only reads when the database is read-only (the "last used" mark is skipped). The
      // report figures do not read the mark: those kept stay kept.
      if (!store.readOnly) writeKeepingFigures(store, () => store.ledgers.touch(ledgerId, now()));
      return requireLedger(ledgerId);
    },

    'rows.list': ({ ledgerId, period }) => {
      requireLedger(ledgerId);
      return rowsAsOf(store, ledgerId, period).rows;
    },

    'rows.page': ({ ledgerId, period, offset, limit }) => {
      requireLedger(ledgerId);
      const page = rowsPageAsOf(store, ledgerId, offset, limit, period);
      // The ledger is being opened: the 统计 page's figures can be counted meanwhile.
      if (offset === 0) countFiguresAheadSoon(store, ledgerId, page.total);
      return { period: page.period, total: page.total, rows: packRows(page.rows) };
    },

    'rows.add': ({ ledgerId, parentId, afterId, level, values, period }, ctx) => {
      requireLedger(ledgerId);
      let parent = null;
      if (parentId != null) {
        parent = requireRow(parentId);
        if (parent.ledgerId !== ledgerId) throw new AppError('invalid_input', '上级行不属于该台账，请刷新后重试。');
        if (parent.level === 'item') throw new AppError('invalid_input', '明细行下不能再添加子行，请选择任务行或章节行。');
      }
      const resolvedLevel = level ?? (parent ? (parent.level === 'section' ? 'task' : 'item') : 'task');
      return store.rows.insert(
        ctx,
        { ledgerId, parentId: parentId ?? null, afterId, level: resolvedLevel, values: values ?? {}, period: ledgerPeriod(store, ledgerId, period) },
        now(),
      );
    },

    // Checked and normalised as by cells.set (a standard field only); returns the bare row.
    'rows.updateCell': ({ rowId, field, value, period }, ctx) => {
      const row = requireRow(rowId);
      const checked = checkedCellValue(store, row, field, value);
      return store.rows.updateCell(ctx, rowId, field, checked, ledgerPeriod(store, row.ledgerId, period), now()) ?? raise(notFound('该行'));
    },

    'rows.delete': ({ rowId }, ctx) => {
      requireRow(rowId);
      return { deleted: store.rows.delete(ctx, rowId, now()) };
    },

    'rows.history': ({ rowId }) => store.log.forRow(rowId),

    'units.list': () => store.units.list(),

    'units.add': ({ name, kind, aliases }) => {
      for (const n of [name, ...aliases]) {
        if (store.units.findByNameOrAlias(n) !== undefined) {
          throw new AppError('conflict', `单位名称或简称“${n}”已存在，请换一个名称或在已有单位上添加简称。`);
        }
      }
      const id = store.units.add(name, kind, aliases, now());
      return store.units.list().find((u) => u.id === id)!;
    },

    'units.update': ({ unitId, name, kind, aliases }) => {
      const unit = store.units.list().find((u) => u.id === unitId) ?? raise(notFound('该单位'));
      const next = { name: name ?? unit.name, kind: kind ?? unit.kind, aliases: aliases ?? unit.aliases };
      for (const n of [next.name, ...next.aliases]) {
        const owner = store.units.findByNameOrAlias(n);
        if (owner !== undefined && owner !== unitId) {
          throw new AppError('conflict', `单位名称或简称“${n}”已属于其他单位，请换一个名称。`);
        }
      }
      store.units.update(unitId, next.name, next.kind, next.aliases);
      return store.units.list().find((u) => u.id === unitId)!;
    },

    'units.delete': ({ unitId }) => ({ deleted: store.units.delete(unitId) }),
  };
}
