// Creating a ledger from a read Excel ledger: in ONE transaction the ledger, its custom columns, every
// row with its values (each insert in the change log, with the file as source) and the file's layout
// registered as a template whose columns fill back exactly what was read. A failure writes nothing.
import { writeTransaction } from '../db/write-transaction.js';
import type { TemplateLayout } from '#shared/api/template-api.js';
import { TEMPLATE_FILE_MAX_BYTES } from '#shared/api/template-api.js';
import type { CustomColumn } from '#shared/api/workbench-api.js';
import type { Ledger } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import type { WriteContext } from '../db/change-log.js';
import { sniffFileKind } from '../excel/index.js';
import { XLS_TEMPLATE_WARNING } from '../export/template-analysis.js';
import type { Store } from '../store.js';
import { templateBytesFor } from '../export/filled-ledger-template.js';
import { countNodes, templateColumns, type LedgerFile, type LedgerNode } from './ledger-reader.js';
import { sanitiseName } from '#shared/text-normalise.js';

export interface CreatedLedger {
  ledger: Ledger;
  counts: ReturnType<typeof countNodes>;
  templateId: number | null;
  customColumns: { key: string; label: string }[];
  warnings: string[];
}

/** Change-log source of everything a ledger import writes. */
export function ledgerFileSource(file: Pick<LedgerFile, 'name' | 'hash' | 'sheet'>): string {
  const name = file.name.length > 120 ? `${file.name.slice(0, 117)}…` : file.name;
  return `台账文件 ${name} ${file.sheet} sha256:${file.hash.slice(0, 16)}`;
}

/** Sheet row of the first task or measure (the look of every exported data line). */
function firstRowOf(roots: LedgerNode[]): number | null {
  let best: number | null = null;
  const visit = (n: LedgerNode) => {
    if (n.level !== 'section' && (best === null || n.sheetRow < best)) best = n.sheetRow;
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return best;
}

function uniqueTemplateName(store: Store, wanted: string): string {
  const base = wanted.trim().slice(0, 90) || '导入的台账版式';
  let name = base;
  for (let i = 2; store.templates.findByName(name); i++) name = `${base} (${i})`;
  return name;
}

export function createLedgerFromFile(
  store: Store,
  file: LedgerFile,
  bytes: Uint8Array,
  options: { name: string; year: number | null },
  ctx: WriteContext,
  at: string,
): CreatedLedger {
  const counts = countNodes(file.roots);
  if (counts.tasks + counts.items === 0) {
    throw new AppError('invalid_input', `没有在“${file.sheet}”中读到任何任务行，无法生成台账。请确认表头下方有任务内容。`);
  }
  const writeCtx: WriteContext = { actor: ctx.actor, source: ledgerFileSource(file) };
  const warnings: string[] = [];
  const isXlsx = sniffFileKind(bytes) !== 'text';
  const tooBig = bytes.length > TEMPLATE_FILE_MAX_BYTES;
  if (!isXlsx) warnings.push('CSV 文件没有版式，未登记为模板；导出时请选择其他模板。');
  else if (tooBig) warnings.push('文件超过 20 MB，未登记为模板；导出时请选择其他模板。');
  else if (file.xlsxBytes) warnings.push(XLS_TEMPLATE_WARNING);
  const templateSource = file.xlsxBytes ?? bytes;

  const create = writeTransaction(store.db, () => {
    const ledger = store.ledgers.create(writeCtx, options.name, options.year, at);
    const custom = new Map<string, CustomColumn>();
    for (const c of file.columns) {
      if (c.use.kind === 'custom') custom.set(c.use.key, store.workbench.addColumn(ledger.id, c.use.label, 'text', false, at));
    }
    const insert = (n: LedgerNode, parentId: number | null) => {
      // A cell that could not be taken (八十 where a number belongs) is listed in the preview, not written.
      const skip = new Set(n.invalid ?? []);
      const values = Object.fromEntries(Object.entries(n.values).filter(([k]) => !skip.has(k)));
      const row = store.rows.insert(writeCtx, { ledgerId: ledger.id, parentId, level: n.level, values, period: file.period }, at);
      for (const [key, value] of Object.entries(n.custom)) {
        const column = custom.get(key);
        if (column && value !== '' && !skip.has(key)) store.workbench.setValue(writeCtx, row, column, value, file.period, at);
      }
      for (const child of n.children) insert(child, row.id);
    };
    for (const n of file.roots) insert(n, null);
    let templateId: number | null = null;
    if (isXlsx && !tooBig) {
      const layout: TemplateLayout = file.analysis.layout;
      const styleRow = firstRowOf(file.roots);
      templateId = store.templates.insert(
        {
          name: uniqueTemplateName(store, `${options.name}（导入版式）`),
          kind: 'ledger',
          fileName: sanitiseName(file.name.replace(/^.*[\\/]/, '').replace(/\.xls$/i, '.xlsx')),
          bytes: templateBytesFor(templateSource, layout.sheet, layout.firstDataRow, styleRow),
          sheetName: layout.sheet,
          layout,
          columns: templateColumns(file),
        },
        at,
      ).id;
    }
    return {
      ledger: store.ledgers.get(ledger.id)!,
      templateId,
      customColumns: [...custom.values()].map((c) => ({ key: c.key, label: c.label })),
    };
  });
  const out = create();
  return { ...out, counts, warnings };
}
