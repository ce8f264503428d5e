// Handlers for the units directory in bulk (shared/api/units-api.ts): import a list with a preview, merge.
import type { unitsApi } from '#shared/api/units-api.js';
import { AppError } from '#shared/errors.js';
import type { Store } from '../store.js';
import { importChanges, planUnitImport, readUnitText, readUnitWorkbook } from '../units/unit-list.js';
import { notFound, now, raise, type HandlersFor } from './handler-types.js';

export function unitHandlers(store: Store): HandlersFor<keyof typeof unitsApi> {
  const requireUnit = (id: number) => store.units.list().find((u) => u.id === id) ?? raise(notFound('该单位'));

  return {
    'units.importPreview': async ({ bytes, fileName, text }) => {
      const list = bytes ? await readUnitWorkbook(fileName ?? '单位名录.xlsx', bytes) : readUnitText(text ?? '');
      if (!list.lines.length && !list.warnings.length) {
        throw new AppError('empty_input', bytes ? '名录中表头下面没有单位，请检查文件' : '没有读到任何单位名称：请每行粘贴一个单位，或从 Excel 复制“单位名称、单位类别、简称”几列');
      }
      return { rows: planUnitImport(store.units.list(), list.lines), warnings: list.warnings };
    },

    'units.import': ({ rows }) => {
      let result = { added: 0, updated: 0, unchanged: 0 };
      const lines = rows.map((r, i) => ({ source: `第 ${i + 1} 行`, name: r.name, kind: r.kind, aliases: r.aliases }));
      // Checked again inside the transaction against the directory as it is then: all or nothing.
      store.units.applyImport((units) => {
        const planned = planUnitImport(units, lines);
        const conflicts = planned.filter((p) => p.status === 'conflict');
        if (conflicts.length) {
          const shown = conflicts.slice(0, 5).map((c) => `${c.source}“${c.name}”：${c.message}`);
          throw new AppError('conflict', `有 ${conflicts.length} 行与单位目录冲突，未导入任何单位。${shown.join('；')}${conflicts.length > 5 ? '…' : ''}`);
        }
        const changes = importChanges(units, planned);
        result = { added: changes.add.length, updated: changes.update.length, unchanged: changes.unchanged };
        return changes;
      }, now());
      return { ...result, units: store.units.list() };
    },

    'units.merge': ({ unitId, intoUnitId }) => {
      if (unitId === intoUnitId) throw new AppError('invalid_input', '不能把单位合并到它自己，请选择另一个单位。');
      requireUnit(unitId);
      requireUnit(intoUnitId);
      store.units.merge(unitId, intoUnitId);
      return requireUnit(intoUnitId);
    },
  };
}
