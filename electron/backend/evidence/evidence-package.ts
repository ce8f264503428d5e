// The evidence package an inspector asks for: a .zip laid out 序号-任务/单位/月份/文件名 with 清单.xlsx
// (row, unit, month, file, size, SHA-256, added by, added at), for a period and a selection (all, one unit,
// some rows and their sub-rows). Names in the package come from sanitised labels, never from stored paths.
import type { Evidence } from '#shared/api/evidence-api.js';
import type { Row } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import { assignmentsByUnit, UnitDirectory } from '#shared/responsibility.js';
import { childrenByParent, descendantsOf } from '#shared/tree.js';
import type { Unit } from '#shared/domain.js';
import { writeZip, type ZipWriteEntry } from '../excel/zip-writer.js';
import { sanitiseFileName, sanitiseFolderName } from './file-name.js';

/** The zip writer has no zip64: a package stays below 4 GB. */
const MAX_PACKAGE_BYTES = 4 * 1024 * 1024 * 1024 - 64 * 1024 * 1024;
export const MANIFEST_NAME = '清单.xlsx';

/** A month, a quarter or a year as an inclusive month range. */
export function periodRange(period: string | undefined): { from?: string; to?: string } {
  if (!period) return {};
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const last = Number(q[2]) * 3;
    return { from: `${q[1]}-${String(last - 2).padStart(2, '0')}`, to: `${q[1]}-${String(last).padStart(2, '0')}` };
  }
  if (/^\d{4}$/.test(period)) return { from: `${period}-01`, to: `${period}-12` };
  return { from: period, to: period };
}

export function monthFolder(period: string): string {
  return `${period.slice(0, 4)}年${period.slice(5, 7)}月`;
}

export interface Selection {
  /** Resolved through the directory (aliases). */
  unit?: string;
  rowIds?: readonly number[];
}

export interface PackageItem {
  evidence: Evidence;
  path: string;
  row: Row;
  unit: string;
}

function rowLabel(row: Row): string {
  const text = row.values.task || row.values.measures || row.values.units || '';
  return `${row.values.code ? `${row.values.code} ` : ''}${text}`.trim().slice(0, 80) || `第 ${row.id} 行`;
}

/** Decides each file's place in the package and filters by the selection. */
export function planPackage(rows: readonly Row[], units: readonly Unit[], evidence: readonly Evidence[], selection: Selection): PackageItem[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const dir = new UnitDirectory(units);
  // Each row's units: the units whose assignment it is (the most specific row naming them, shared/responsibility.ts).
  const unitsOfRow = new Map<number, string[]>();
  for (const [name, list] of assignmentsByUnit(rows, dir)) {
    for (const a of list) {
      const names = unitsOfRow.get(a.rowId) ?? [];
      if (!names.includes(name)) names.push(name);
      unitsOfRow.set(a.rowId, names);
    }
  }
  let allowedRows: Set<number> | null = null;
  if (selection.rowIds) {
    const children = childrenByParent(rows);
    allowedRows = new Set<number>();
    for (const id of selection.rowIds) {
      allowedRows.add(id);
      for (const d of descendantsOf(children, id)) allowedRows.add(d.id);
    }
  }
  const wantedUnit = selection.unit ? dir.resolve(selection.unit) : null;

  // The task a row belongs to names the first folder: 序号-任务.
  const taskOf = (row: Row): Row => {
    let r: Row | undefined = row;
    while (r && r.level === 'item' && r.parentId != null) r = byId.get(r.parentId);
    return r ?? row;
  };

  const used = new Set<string>();
  const items: PackageItem[] = [];
  const ordered = [...evidence].sort((a, b) => {
    const ra = rows.indexOf(byId.get(a.rowId)!);
    const rb = rows.indexOf(byId.get(b.rowId)!);
    return ra - rb || a.period.localeCompare(b.period) || a.id - b.id;
  });
  for (const e of ordered) {
    const row = byId.get(e.rowId);
    if (!row) continue;
    if (allowedRows && !allowedRows.has(row.id)) continue;
    const rowUnits = unitsOfRow.get(row.id) ?? [];
    const sender = e.unit ? dir.resolve(e.unit) : null;
    if (wantedUnit && (sender ? sender !== wantedUnit : !rowUnits.includes(wantedUnit))) continue;
    const unit = wantedUnit ?? sender ?? (rowUnits.length ? rowUnits.join('、') : '未指定单位');
    const task = taskOf(row);
    const taskFolder = sanitiseFolderName(`${task.values.code ? `${task.values.code}-` : ''}${task.values.task || task.values.measures}`, `行${task.id}`);
    const folder = `${taskFolder}/${sanitiseFolderName(unit, '未指定单位')}/${monthFolder(e.period)}`;
    const name = sanitiseFileName(e.name, e.type);
    let path = `${folder}/${name}`;
    // Two files of one name in one folder: 照片 (2).jpg.
    for (let n = 2; used.has(path.toLowerCase()); n++) {
      const dot = name.lastIndexOf('.');
      path = dot > 0 ? `${folder}/${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${folder}/${name} (${n})`;
    }
    used.add(path.toLowerCase());
    items.push({ evidence: e, path, row, unit });
  }
  return items;
}

export async function manifestWorkbook(items: readonly PackageItem[], title: string): Promise<Buffer> {
  // Loaded on first use: importing exceljs costs a second at every start of serve or the app.
  const { Workbook } = (await import('exceljs')).default;
  const wb = new Workbook();
  const ws = wb.addWorksheet('清单', { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.mergeCells(1, 1, 1, 10);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const header = ['序号', '台账行', '单位', '月份', '文件', '大小（字节）', 'SHA-256', '添加人', '添加时间', '包内位置'];
  ws.addRow(header).font = { bold: true };
  items.forEach((it, i) => {
    ws.addRow([
      i + 1,
      rowLabel(it.row),
      it.unit,
      monthFolder(it.evidence.period),
      it.evidence.name,
      it.evidence.size,
      it.evidence.sha256,
      it.evidence.addedBy,
      it.evidence.addedAt.replace('T', ' ').slice(0, 19),
      it.path,
    ]);
  });
  [6, 40, 18, 10, 30, 12, 66, 10, 20, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function buildPackage(
  items: readonly PackageItem[],
  read: (sha256: string) => Uint8Array,
  title: string,
): Promise<{ bytes: Buffer; totalBytes: number }> {
  const totalBytes = items.reduce((n, it) => n + it.evidence.size, 0);
  if (totalBytes > MAX_PACKAGE_BYTES) {
    throw new AppError('too_large', `所选佐证材料共约 ${Math.round(totalBytes / 1024 ** 3)} GB，超过一个压缩包的上限 4 GB。请按月份、季度或单位分几次导出。`);
  }
  const entries: ZipWriteEntry[] = [];
  // Photos and Office files are compressed already: stored as they are, the package is written fast.
  for (const it of items) entries.push({ name: it.path, data: read(it.evidence.sha256), compress: false });
  entries.push({ name: MANIFEST_NAME, data: await manifestWorkbook(items, title), compress: false });
  return { bytes: writeZip(entries), totalBytes };
}
