// A list of units to add to the directory: pasted text (one unit per line, or tab-separated columns
// copied from Excel: 单位名称, 单位类别, 简称/别名) or a 名录 workbook (title rows above the header,
// several aliases in one cell), read through the Excel core's guarded loader. Then each line against
// the directory: new, already there, or conflicting — with the reason in Chinese.
import path from 'node:path';
import type { UnitImportRow } from '#shared/api/units-api.js';
import { UNIT_LIST_MAX_ROWS } from '#shared/api/units-api.js';
import type { Unit } from '#shared/domain.js';
import { AppError } from '#shared/errors.js';
import {
  inferUnitKind,
  parseUnitKind,
  splitUnitText,
  UNIT_KIND_LABELS,
  UnitDirectory,
  unitKey,
  type UnitKind,
} from '#shared/responsibility.js';
import { squashWhitespace } from '#shared/text-normalise.js';
import { columnLetters, headerKey, loadWorkbookSafely, SheetGrid, sniffFileKind, type WorkbookModel } from '../excel/index.js';
import { isFooterText, isNoticeText } from '../excel/notice-lines.js';
import { readCsvWorkbook } from '../import/csv-workbook.js';
import { workbookAppError } from '../ledger-import/ledger-reader.js';

/** One line of the list as written. */
export interface UnitLine {
  /** `名录!A4` or `第 3 行`. */
  source: string;
  name: string;
  /** The kind given, or null (not given or not understood: inferred from the name). */
  kind: UnitKind | null;
  aliases: string[];
}

export interface UnitList {
  lines: UnitLine[];
  warnings: string[];
}

type UnitColumn = 'name' | 'kind' | 'aliases';

/** The header words of a 名录: which column is the name, the kind, the aliases. */
function unitHeader(text: string): UnitColumn | null {
  const k = headerKey(text);
  if (!k || k.length > 12) return null;
  if (/简称|别名|又称|曾用名|其他名称/.test(k)) return 'aliases';
  if (/类别|类型|性质|分类/.test(k)) return 'kind';
  if (/^(?:单位|单位全称|全称)$/.test(k) || /名称$/.test(k)) return 'name';
  return null;
}

/** Cells of a header row → column index per meaning (the first column of each meaning). */
function headerMap(cells: readonly string[]): Map<UnitColumn, number> | null {
  const map = new Map<UnitColumn, number>();
  cells.forEach((c, i) => {
    const what = unitHeader(c);
    if (what && !map.has(what)) map.set(what, i);
  });
  return map.has('name') ? map : null;
}

const SKIP_NAME = /^(?:合计|总计|小计|序号|备注|说明|注)$/;

function lineOf(source: string, cells: readonly string[], map: Map<UnitColumn, number> | null, warnings: string[]): UnitLine | null {
  const at = (c: UnitColumn) => {
    const i = map?.get(c);
    return i === undefined ? '' : squashWhitespace(cells[i] ?? '');
  };
  let name: string;
  let kindText = '';
  const aliasTexts: string[] = [];
  if (map) {
    name = at('name');
    kindText = at('kind');
    aliasTexts.push(at('aliases'));
  } else {
    // No header: the first cell is the name; a later cell is the kind when it reads as one, else aliases.
    name = squashWhitespace(cells[0] ?? '');
    for (const c of cells.slice(1)) {
      const t = squashWhitespace(c);
      if (!t) continue;
      if (!kindText && parseUnitKind(t)) kindText = t;
      else aliasTexts.push(t);
    }
  }
  name = name.replace(/^\d+[.、．]\s*/, '').trim();
  if (!name || SKIP_NAME.test(name) || isNoticeText(name) || isFooterText(name)) return null;
  if (name.length > 100) {
    warnings.push(`${source}：单位名称超过 100 个字，已跳过`);
    return null;
  }
  const kind = kindText ? parseUnitKind(kindText) : null;
  if (kindText && !kind) warnings.push(`${source}：单位类别“${kindText}”无法识别（应为 科室/学校/幼儿园/其他），已按名称推断`);
  const aliases: string[] = [];
  for (const t of aliasTexts) for (const a of splitUnitText(t)) if (a.length <= 100 && !aliases.includes(a)) aliases.push(a);
  return { source, name, kind, aliases };
}

/** Pasted text: one unit per line, or tab-separated columns (a header line such as 单位名称	单位类别	简称 is recognised). */
export function readUnitText(text: string): UnitList {
  const warnings: string[] = [];
  const lines: UnitLine[] = [];
  let map: Map<UnitColumn, number> | null = null;
  let seenContent = false;
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  raw.forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split('\t');
    if (!seenContent) {
      seenContent = true;
      const header = headerMap(cells);
      if (header) {
        map = header;
        return;
      }
    }
    const l = lineOf(`第 ${i + 1} 行`, cells, map, warnings);
    if (l) lines.push(l);
  });
  return cap({ lines, warnings });
}

function cap(list: UnitList): UnitList {
  if (list.lines.length <= UNIT_LIST_MAX_ROWS) return list;
  return {
    lines: list.lines.slice(0, UNIT_LIST_MAX_ROWS),
    warnings: [...list.warnings, `名单超过 ${UNIT_LIST_MAX_ROWS} 个单位，只读取了前 ${UNIT_LIST_MAX_ROWS} 个`],
  };
}

const MAX_HEADER_SCAN = 30;

/** A 名录 workbook (.xlsx/.xlsm or .csv): the first visible sheet with a 单位名称 header. */
export async function readUnitWorkbook(fileName: string, bytes: Uint8Array): Promise<UnitList> {
  let model: WorkbookModel;
  try {
    model = sniffFileKind(bytes) === 'text' ? readCsvWorkbook(bytes, path.parse(fileName).name.slice(0, 31) || 'CSV') : await loadWorkbookSafely(bytes);
  } catch (err) {
    throw workbookAppError(err);
  }
  for (const sheet of model.sheets) {
    if (sheet.state !== 'visible') continue;
    const grid = new SheetGrid(sheet);
    const rowCells = (r: number) => {
      const cells: string[] = [];
      for (let c = 1; c <= grid.maxCol; c++) cells.push(grid.text(r, c));
      return cells;
    };
    let headerRow = 0;
    let map: Map<UnitColumn, number> | null = null;
    for (let r = 1; r <= Math.min(grid.maxRow, MAX_HEADER_SCAN) && !map; r++) {
      map = headerMap(rowCells(r));
      if (map) headerRow = r;
    }
    if (!map) continue;
    const headerCells = rowCells(headerRow);
    const warnings: string[] = [];
    const lines: UnitLine[] = [];
    for (let r = headerRow + 1; r <= grid.maxRow; r++) {
      const cells = rowCells(r);
      // A repeated header (a 名录 printed over several pages) is not a unit.
      if (headerKey(cells[map.get('name')!] ?? '') === headerKey(headerCells[map.get('name')!] ?? '')) continue;
      const l = lineOf(`${sheet.name}!${columnLetters(map.get('name')! + 1)}${r}`, cells, map, warnings);
      if (l) lines.push(l);
      if (lines.length > UNIT_LIST_MAX_ROWS) break;
    }
    return cap({ lines, warnings });
  }
  throw new AppError(
    'no_data_sheet',
    '没有找到单位名录的表头：请确认表中有“单位名称”列（可另有“单位类别”“简称/别名”列），表头可在标题行下面',
  );
}

/** Whose a spelling is within the list: an existing unit (by id) or a new one (by its name's key). */
type Owner = string;

/**
 * Each line against the directory (and the lines above it): new, existing (its new aliases and kind are
 * added), or conflict (a name or alias already belonging to another unit, or a line repeated).
 */
export function planUnitImport(units: readonly Unit[], lines: readonly UnitLine[]): UnitImportRow[] {
  const dir = new UnitDirectory(units);
  const claims = new Map<string, { owner: Owner; source: string; name: string }>();
  return lines.map((line): UnitImportRow => {
    const existing = dir.unit(line.name);
    const owner: Owner = existing ? `u${existing.id}` : `n${unitKey(line.name)}`;
    const aliases = line.aliases.filter((a) => unitKey(a) !== unitKey(line.name) && unitKey(a) !== '');
    const kind = line.kind ?? existing?.kind ?? inferUnitKind(line.name);
    const reasons: string[] = [];
    const nameClaim = claims.get(unitKey(line.name));
    if (nameClaim) {
      reasons.push(
        nameClaim.owner === owner && nameClaim.name === line.name
          ? `与${nameClaim.source}重复`
          : `“${line.name}”在${nameClaim.source}已是“${nameClaim.name}”的简称`,
      );
    }
    for (const a of aliases) {
      const holder = dir.unit(a);
      if (holder && holder.id !== existing?.id) reasons.push(`简称“${a}”已属于目录中的“${holder.name}”`);
      const c = claims.get(unitKey(a));
      if (c && c.owner !== owner) reasons.push(`简称“${a}”在${c.source}已属于“${c.name}”`);
    }
    const row = { source: line.source, name: line.name, kind, kindInferred: line.kind === null && !existing, aliases, unitId: existing?.id ?? null };
    if (reasons.length) return { ...row, status: 'conflict', message: `${reasons.join('；')}，不能导入这一行` };
    for (const n of [line.name, ...aliases]) if (!claims.has(unitKey(n))) claims.set(unitKey(n), { owner, source: line.source, name: line.name });
    if (!existing) {
      const parts = [`新单位，类别：${UNIT_KIND_LABELS[kind]}${line.kind ? '' : '（由名称推断，可修改）'}`];
      if (aliases.length) parts.push(`简称：${aliases.join('、')}`);
      return { ...row, status: 'new', message: parts.join('；') };
    }
    const spelled = new Set([existing.name, ...existing.aliases].map(unitKey));
    const added = aliases.filter((a) => !spelled.has(unitKey(a)));
    const parts = [existing.name === line.name ? '已在目录中' : `“${line.name}”是目录中“${existing.name}”的简称`];
    if (added.length) parts.push(`将添加简称：${added.join('、')}`);
    if (kind !== existing.kind) parts.push(`类别将由 ${UNIT_KIND_LABELS[existing.kind]} 改为 ${UNIT_KIND_LABELS[kind]}`);
    if (!added.length && kind === existing.kind) parts.push('无变化');
    return { ...row, status: 'existing', message: parts.join('；') };
  });
}

/** What applying the planned rows writes: new units, and the new aliases/kind of existing ones. */
export function importChanges(units: readonly Unit[], rows: readonly UnitImportRow[]) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const add: { name: string; kind: UnitKind; aliases: string[] }[] = [];
  const update: { id: number; kind: UnitKind; aliases: string[] }[] = [];
  let unchanged = 0;
  for (const r of rows) {
    if (r.status === 'new') add.push({ name: r.name, kind: r.kind, aliases: r.aliases });
    else if (r.status === 'existing') {
      const u = byId.get(r.unitId!)!;
      const spelled = new Set([u.name, ...u.aliases].map(unitKey));
      const pending = update.find((x) => x.id === u.id);
      for (const a of pending?.aliases ?? []) spelled.add(unitKey(a));
      const aliases = r.aliases.filter((a) => !spelled.has(unitKey(a)));
      if (!aliases.length && r.kind === (pending?.kind ?? u.kind)) {
        unchanged++;
        continue;
      }
      if (pending) {
        pending.kind = r.kind;
        pending.aliases.push(...aliases);
      } else update.push({ id: u.id, kind: r.kind, aliases });
    }
  }
  return { add, update, unchanged };
}
