// Export use cases over the store: the ledger into a template (or the built-in one), and the
// per-unit submission forms. Returns bytes; hosts save them (CLI: atomic write; browser: download).

import type { ColumnTarget, TemplateColumn, TemplateLayout } from '#shared/api/template-api.js';
import type { Row } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import { writeZip } from '../excel/zip-writer.js';
import type { Store } from '../store.js';
import { builtInTemplates } from './default-template.js';
import { formLinesOf, ledgerLines, selectRows } from './export-lines.js';
import { UnitDirectory } from '#shared/responsibility.js';
import type { FillContext } from './template-fill.js';
import { writeIntoTemplate } from './template-export.js';
import { templateError } from './template-analysis.js';
import { recordLedgerExport } from './export-snapshot.js';
import { rowsAsOf } from '../as-of/ledger-as-of.js';
import { lastDayOfPeriod } from '#shared/as-of.js';

export interface ResolvedTemplate {
  name: string;
  bytes: Uint8Array;
  layout: TemplateLayout;
  columns: TemplateColumn[];
}

export async function resolveTemplate(store: Store, templateId: number | null | undefined, kind: 'ledger' | 'submission'): Promise<ResolvedTemplate> {
  if (templateId == null) {
    const builtIn = (await builtInTemplates())[kind];
    return { name: builtIn.name, bytes: builtIn.bytes, layout: builtIn.analysis.layout, columns: builtIn.analysis.columns };
  }
  const record = store.templates.get(templateId);
  const bytes = record ? store.templates.bytes(templateId) : undefined;
  if (!record || !bytes) throw new AppError('not_found', '模板不存在（可能已被删除），请刷新后重新选择模板。');
  return {
    name: record.name,
    bytes,
    layout: record.layout,
    columns: record.columns,
  };
}

export function unitDirectory(store: Store): UnitDirectory {
  return new UnitDirectory(store.units.list());
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The date for 截至时间: given, else the last day of the month exported. */
export function asOfDate(period: string, asOf: string | undefined): string {
  return asOf ?? lastDayOfPeriod(period);
}

export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').replace(/^\.+/, '').trim().slice(0, 120) || '台账';
}

function mappingWarnings(t: ResolvedTemplate, ledger: LedgerOptions): string[] {
  const warnings: string[] = [];
  const own = new Set(ledger.customColumns.map((c) => c.label.trim()));
  const empty = t.columns.filter((c) => c.target.kind === 'none' && !own.has((c.header.split('/').pop() ?? '').trim()));
  if (empty.length) warnings.push(`模板中这些列没有对应的台账内容，导出时留空：${empty.map((c) => `${c.letter}列“${c.header}”`).join('、')}`);
  const unknown = t.layout.placeholders.filter((p) => !p.known);
  if (unknown.length) warnings.push(`模板中不认识的占位符已清空：${[...new Set(unknown.map((p) => `{{${p.name}}}`))].join('、')}`);
  return warnings;
}

function hasField(columns: TemplateColumn[], field: string): boolean {
  return columns.some((c) => c.target.kind === 'field' && c.target.field === field);
}

type LedgerOptions = Pick<Parameters<typeof writeIntoTemplate>[1], 'customColumns' | 'statuses'>;

function ledgerOptions(store: Store, ledgerId: number): LedgerOptions {
  return { customColumns: store.workbench.columns(ledgerId), statuses: store.workbench.statuses(ledgerId) };
}


async function write(
  t: ResolvedTemplate,
  lines: Parameters<typeof writeIntoTemplate>[1]['lines'],
  fill: FillContext,
  form: boolean,
  ledger: LedgerOptions,
) {
  try {
    return await writeIntoTemplate(t.bytes, { layout: t.layout, columns: t.columns, lines, fill, form, ...ledger });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw templateError(err);
  }
}

export interface ExportLedgerInput {
  ledgerId: number;
  templateId?: number | null;
  period?: string;
  unit?: string;
  rowIds?: number[];
  includeItems: boolean;
  asOf?: string;
}

export async function exportLedger(store: Store, input: ExportLedgerInput) {
  const ledger = store.ledgers.get(input.ledgerId);
  if (!ledger) throw new AppError('not_found', '台账不存在（可能已被删除），请刷新后重试。');
  const template = await resolveTemplate(store, input.templateId, 'ledger');
  // Every value as of one month (carried forward), never a mix of months.
  const { period, rows: all } = rowsAsOf(store, input.ledgerId, input.period);
  const dir = unitDirectory(store);
  const ids = input.rowIds ? new Set(input.rowIds) : null;
  const keep =
    input.unit || ids
      ? (r: Row) => (!ids || ids.has(r.id)) && (!input.unit || dir.names(r, input.unit!))
      : undefined;
  const rows = selectRows(all, keep);
  const { lines, counts } = ledgerLines(rows, input.includeItems);
  const asOf = asOfDate(period, input.asOf);
  const fill: FillContext = {
    ledgerName: ledger.name,
    year: ledger.year,
    period,
    asOf,
    today: isoDate(new Date()),
    unit: input.unit ?? null,
  };
  const warnings = mappingWarnings(template, ledgerOptions(store, input.ledgerId));
  if (!lines.length) warnings.push(input.unit ? `没有“${input.unit}”负责的行，导出的表格只有表头。` : '台账中没有可导出的行，导出的表格只有表头。');
  const bytes = await write(template, lines, fill, false, ledgerOptions(store, input.ledgerId));
  const suffix = input.unit ? `-${input.unit}` : '';
  const fileName = `${safeFileName(`${ledger.name}${suffix}-${period}`)}.xlsx`;
  // What this export wrote, for taking back edits made in the file (ledgerimport.mergePreview).
  if (input.includeItems) recordLedgerExport(store, { ledgerId: input.ledgerId, rows, period, templateId: input.templateId, fileName, at: new Date().toISOString() });
  return { fileName, bytes, ...counts, warnings };
}

export interface ExportFormsInput {
  ledgerId: number;
  templateId?: number | null;
  period?: string;
  units?: string[];
  asOf?: string;
}

export async function exportForms(store: Store, input: ExportFormsInput) {
  const ledger = store.ledgers.get(input.ledgerId);
  if (!ledger) throw new AppError('not_found', '台账不存在（可能已被删除），请刷新后重试。');
  const template = await resolveTemplate(store, input.templateId, 'submission');
  const { period, rows } = rowsAsOf(store, input.ledgerId, input.period);
  const options = ledgerOptions(store, input.ledgerId);
  const dir = unitDirectory(store);
  const units = input.units?.length ? [...new Set(input.units.map((u) => dir.resolve(u)))] : dir.unitsNamedIn(rows);
  if (!units.length) {
    throw new AppError('no_units', '台账中还没有填写任何牵头科室或责任单位，无法生成报送表。请先在台账中为任务或措施填写责任单位。');
  }
  const warnings = mappingWarnings(template, options);
  if (!hasField(template.columns, 'code')) warnings.push('模板中没有“任务编号/序号”列，收回的报送表将难以与台账对应。');
  if (!hasField(template.columns, 'status')) warnings.push('模板中没有“状态”列，报送表中没有状态下拉框。');
  if (!template.layout.unitCell) warnings.push('模板中没有“报送单位：”一行，单位名称只写在文件名中。');
  const asOf = asOfDate(period, input.asOf);
  const forms = [];
  const used = new Set<string>();
  const linesOf = formLinesOf(rows, dir);
  for (const unit of units) {
    const lines = linesOf(unit);
    if (!lines.length) {
      warnings.push(`“${unit}”没有负责的行，未生成报送表。`);
      continue;
    }
    const fill: FillContext = { ledgerName: ledger.name, year: ledger.year, period, asOf, today: isoDate(new Date()), unit };
    const bytes = await write(template, lines, fill, true, options);
    let fileName = `${safeFileName(unit)}-报送表.xlsx`;
    for (let i = 2; used.has(fileName); i++) fileName = `${safeFileName(unit)}-报送表-${i}.xlsx`;
    used.add(fileName);
    forms.push({ unit, fileName, bytes, rows: lines.length });
  }
  if (!forms.length) throw new AppError('no_units', '所选单位在台账中都没有负责的行，没有生成报送表。');
  const zip = writeZip(forms.map((f) => ({ name: f.fileName, data: f.bytes, compress: false })));
  return {
    forms,
    zip: { fileName: `${safeFileName(`${ledger.name}-报送表`)}.zip`, bytes: new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength) },
    warnings,
  };
}

/** A manual mapping change, checked against the template's columns. */
export function applyMapping(columns: TemplateColumn[], changes: { col: number; target: ColumnTarget }[]): TemplateColumn[] {
  const byCol = new Map(changes.map((c) => [c.col, c.target]));
  for (const col of byCol.keys()) {
    if (!columns.some((c) => c.col === col)) throw new AppError('invalid_input', `模板的表头中没有第 ${col} 列，请刷新后重试。`);
  }
  return columns.map((c) => {
    const target = byCol.get(c.col);
    return target ? { ...c, target, confidence: 1, origin: 'manual' as const } : c;
  });
}
