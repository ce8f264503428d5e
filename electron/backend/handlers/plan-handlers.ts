// Handlers for work-plan import (shared/api/plan-api.ts): parse a plan, create a ledger from it.
import { writeTransaction } from '../db/write-transaction.js';
import type { planApi, ParsedPlanDto } from '#shared/api/plan-api.js';
import { AppError } from '#shared/errors.js';
import { currentPeriod } from '#shared/fields.js';
import { countRows, planRows, planYear, suggestLedgerName, type PlanRowSpec } from '../plan/plan-ledger.js';
import { parsePlan, planTasks, type ParsedPlan } from '../plan/plan-parser.js';
import { PlanInputError, readPlanFile, type PlanFileText } from '../plan/plan-text.js';
import type { Store } from '../store.js';
import { now, type CallContext, type HandlersFor } from './handler-types.js';

/** Change-log source of every row a plan import writes. */
export const PLAN_IMPORT_SOURCE = 'plan-import';

const EMPTY_TEXT = '没有可解析的文字，请粘贴工作要点正文，或选择工作要点的 .txt / .docx 文件';

/**
 * Parse plan text into the contract's structure. The name hint (a file name) is used when the text
 * names no year; notes about the file (e.g. Word's automatic numbering) come first among the warnings.
 */
export function parsePlanText(text: string, nameHint = '', fileNotes: string[] = [], tablePlan: ParsedPlan | null = null): ParsedPlanDto {
  if (!text.trim()) throw new AppError('empty_input', EMPTY_TEXT);
  const fromText = parsePlan(text);
  // A plan written as a Word table is read by its columns, unless the prose around it holds more tasks.
  const useTable = tablePlan !== null && taskCount(tablePlan) >= taskCount(fromText);
  const plan = useTable ? tablePlan : fromText;
  const notes = useTable ? [...fileNotes, `已按 Word 表格读取工作任务：${plan.sections.length} 个章节、${taskCount(plan)} 项任务（按表头“序号”“重点任务”“具体措施”“牵头科室”“责任单位”“完成时限”等列对应）`] : fileNotes;
  return {
    text,
    ...plan,
    warnings: [...notes, ...plan.warnings],
    year: planYear(plan),
    suggestedName: suggestLedgerName(plan, nameHint),
  };
}

/** Read a plan file's bytes (.txt in any common encoding, .docx); PlanInputError keeps its code and message. */
export async function readPlanBytes(bytes: Uint8Array, fileName: string): Promise<PlanFileText> {
  try {
    return await readPlanFile(bytes, fileName);
  } catch (err) {
    if (err instanceof PlanInputError) throw new AppError(err.code, err.message);
    throw err;
  }
}

export function planHandlers(store: Store): HandlersFor<keyof typeof planApi> {
  return {
    'plan.parse': async (input) => {
      if ('text' in input) return parsePlanText(input.text);
      const file = await readPlanBytes(input.bytes, input.fileName);
      return parsePlanText(file.text, baseName(input.fileName), file.notes, file.tablePlan ?? null);
    },

    'plan.createLedger': ({ name, year, sections }, ctx) => {
      const rows = planRows(sections);
      const counts = countRows(rows);
      if (counts.tasks === 0) {
        throw new AppError('invalid_input', '没有任何任务，无法生成台账。请确认工作要点中有编号任务（如“1.”），或检查是否误删了全部任务。');
      }
      const importCtx: CallContext = { ...ctx, source: PLAN_IMPORT_SOURCE };
      const at = now();
      // A plan only fills plan fields; the period is required by the repository but nothing is written to it.
      const period = currentPeriod();
      // One transaction: the ledger, every row and every change-log entry, or nothing.
      const create = writeTransaction(store.db, () => {
        const ledger = store.ledgers.create(importCtx, name, year ?? null, at);
        const insert = (spec: PlanRowSpec, parentId: number | null) => {
          const row = store.rows.insert(importCtx, { ledgerId: ledger.id, parentId, level: spec.level, values: spec.values, period }, at);
          for (const child of spec.children) insert(child, row.id);
        };
        for (const spec of rows) insert(spec, null);
        return store.ledgers.get(ledger.id)!;
      });
      return { ledger: create(), counts };
    },
  };
}

function taskCount(plan: ParsedPlan): number {
  return planTasks(plan).length;
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? '';
}
