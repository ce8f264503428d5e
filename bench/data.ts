// Generated data for the bench: ledgers of a given shape, the units they name, filled submission
// forms and a huge sheet. Deterministic (no randomness), so runs compare.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Backend } from '../electron/backend/backend.js';
import { insertRowTree, type RowTreeSpec } from '../electron/backend/db/bulk-rows.js';
import type { FieldKey } from '#shared/fields.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
export const LEDGER_TEMPLATE = path.join(FIXTURES, 'templates', '台账模板-重点工作推进情况.xlsx');
export const SUBMISSION_TEMPLATE = path.join(FIXTURES, 'templates', '报送模板-学校.xlsx');
export const WORK_PLAN = path.join(FIXTURES, 'work-plan-2020.txt');

/** The period every generated progress value belongs to. */
export const PERIOD = '2020-06';
export const YEAR = 2020;

export function makeBenchDir(): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-'));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const DEPTS = ['办公室', '基础教育科', '安全稳定科', '计划财务科', '人事科', '督导室', '学前教育科', '体卫艺科'];
const LEADERS = ['王局长', '李副局长', '张副局长', '赵副局长'];
const STATUSES = ['已完成', '推进中', '未启动', '滞后'];
const NUMERALS = '一二三四五六七八九十';

/** School names: 第001学校 … (kindergartens every tenth, as in a district). */
export function unitNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 10 === 9 ? `第${String(i + 1).padStart(3, '0')}幼儿园` : `第${String(i + 1).padStart(3, '0')}学校`));
}

function sectionNumeral(i: number): string {
  if (i < 10) return `${NUMERALS[i]}、`;
  return `${NUMERALS[Math.floor(i / 10) - 1] === '一' ? '' : NUMERALS[Math.floor(i / 10) - 1]}十${i % 10 === 9 ? '' : NUMERALS[i % 10]}、`;
}

export interface LedgerShape {
  sections: number;
  tasksPerSection: number;
  measuresPerTask: number;
  /** Units each task names in 责任单位 (rotating through `units`). */
  unitsPerTask: number;
  units: string[];
  /** Fill the period's progress fields. */
  progress: boolean;
  /** Under each task, one item row per unit it names (what a submission updates) instead of measure rows. */
  unitItems?: boolean;
}

export function rowCount(shape: LedgerShape): number {
  return shape.sections * (1 + shape.tasksPerSection * (1 + (shape.unitItems ? shape.unitsPerTask : shape.measuresPerTask)));
}

/** The item a unit carries under task `n`, as the ledger holds it and as its submission form repeats it. */
export function unitItemText(unit: string, n: number): string {
  return `${unit}承担第${n}项工作：按计划完成本校任务`;
}

/** A ledger of `shape`: section rows, numbered task rows, measure rows, with plausible text. */
export function ledgerTree(shape: LedgerShape): RowTreeSpec[] {
  let taskNo = 0;
  let unitCursor = 0;
  const progress = (n: number): Partial<Record<FieldKey, string>> =>
    shape.progress
      ? {
          achieved: String((n * 7) % 100),
          progressPct: `${(n * 13) % 101}%`,
          progress: `已召开专题推进会${(n % 5) + 1}次，完成阶段性任务${(n * 3) % 40}项，相关工作按计划有序推进。`,
          problems: n % 3 === 0 ? '资金到位较慢，下一步将加强与财政部门沟通协调。' : '',
          status: STATUSES[n % STATUSES.length],
        }
      : {};
  return Array.from({ length: shape.sections }, (_, s) => ({
    level: 'section' as const,
    values: { code: sectionNumeral(s), task: `第${s + 1}部分重点工作` },
    children: Array.from({ length: shape.tasksPerSection }, () => {
      const n = ++taskNo;
      const units: string[] = [];
      for (let u = 0; u < shape.unitsPerTask && shape.units.length; u++) units.push(shape.units[unitCursor++ % shape.units.length]);
      return {
        level: 'task' as const,
        values: {
          code: String(n),
          task: `扎实推进第${n}项重点工作，确保全年目标任务按期完成`,
          leader: LEADERS[n % LEADERS.length],
          leadDept: DEPTS[n % DEPTS.length],
          units: units.join('、'),
          deadline: `${(n % 12) + 1}月底前`,
          target: `不低于${50 + (n % 50)}%`,
          remarks: n % 7 === 0 ? '区委督办' : '',
          ...progress(n),
        },
        children: shape.unitItems
          ? units.map((unit, m) => ({ level: 'item' as const, values: { measures: unitItemText(unit, n), units: unit, ...progress(n * 100 + m) } }))
          : Array.from({ length: shape.measuresPerTask }, (_, m) => ({
          level: 'item' as const,
          values: {
            measures: `措施${m + 1}：完善第${n}项工作机制，组织开展专项检查${m + 2}次，覆盖全区中小学校。`,
            target: `${(n + m) % 30}所`,
            ...progress(n * 10 + m),
          },
        })),
      };
    }),
  }));
}

/** Creates a ledger filled with `shape` through the backend (one transaction for the rows); returns its id. */
export async function seedLedger(backend: Backend, name: string, shape: LedgerShape): Promise<{ ledgerId: number; rows: number }> {
  const created = await backend.dispatch('ledger.create', { name, year: YEAR });
  if (!created.ok) throw new Error(`ledger.create: ${created.error.message}`);
  const ledgerId = (created.value as { id: number }).id;
  const rows = insertRowTree(backend.store.db, ledgerId, ledgerTree(shape), PERIOD, new Date().toISOString());
  return { ledgerId, rows };
}

/** Adds units to the directory (those not there yet). */
export async function seedUnits(backend: Backend, names: string[]): Promise<void> {
  for (const name of names) {
    const r = await backend.dispatch('units.add', { name, kind: name.endsWith('幼儿园') ? 'kindergarten' : 'school', aliases: [] });
    if (!r.ok && !/已存在|exists|duplicate/i.test(r.error.message + r.error.code)) throw new Error(`units.add ${name}: ${r.error.message}`);
  }
}

/** The task codes a unit carries in `shape` (same rotation as ledgerTree). */
export function tasksOfUnit(shape: LedgerShape, unit: string): number[] {
  const out: number[] = [];
  let cursor = 0;
  const tasks = shape.sections * shape.tasksPerSection;
  for (let n = 1; n <= tasks; n++) {
    for (let u = 0; u < shape.unitsPerTask; u++) if (shape.units[cursor++ % shape.units.length] === unit) out.push(n);
  }
  return out;
}

/**
 * A filled submission form: the bureau's submission template with the unit's name, a report date and
 * one row per task the unit carries (code, task, its part, deadline, target, progress, status).
 */
export async function submissionForm(template: Buffer, unit: string, taskCodes: number[], rowsWanted: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  ws.getCell('B2').value = unit;
  ws.getCell('J2').value = '2020年6月30日';
  const firstRow = 4;
  const styleRow = ws.getRow(firstRow);
  const styles = Array.from({ length: 11 }, (_, c) => styleRow.getCell(c + 1).style);
  for (let i = 0; i < rowsWanted; i++) {
    const n = taskCodes[i % taskCodes.length];
    const row = ws.getRow(firstRow + i);
    const values = [
      i + 1,
      n,
      `扎实推进第${n}项重点工作，确保全年目标任务按期完成`,
      unitItemText(unit, n),
      `2020年${(n % 12) + 1}月底前`,
      50 + (n % 50),
      (n * 3) % 50,
      (n * 11) % 101,
      `${unit}已完成第${n}项工作阶段任务，召开推进会${(i % 4) + 1}次。`,
      i % 4 === 0 ? '经费紧张，下步争取专项资金。' : '无',
      STATUSES[(n + i) % STATUSES.length],
    ];
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v;
      cell.style = styles[c];
    });
    row.commit?.();
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A huge ledger-like sheet (title, header, `rows` data rows of 12 columns, shared strings), written
 * with exceljs's streaming writer as Excel would store it.
 */
export async function hugeSheet(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('重点工作台账');
  ws.addRow(['2020年重点工作推进情况台账']).commit();
  ws.addRow(['序号', '工作任务', '具体措施', '责任领导', '牵头科室', '责任单位', '完成时限', '目标值', '累计完成', '进展情况', '状态', '备注']).commit();
  for (let i = 1; i <= rows; i++) {
    ws.addRow([
      i,
      `扎实推进第${i}项重点工作，确保全年目标任务按期完成`,
      `完善第${i % 500}项工作机制，组织开展专项检查，覆盖全区中小学校。`,
      LEADERS[i % LEADERS.length],
      DEPTS[i % DEPTS.length],
      `第${String((i % 200) + 1).padStart(3, '0')}学校`,
      `2020年${(i % 12) + 1}月底前`,
      50 + (i % 50),
      (i * 7) % 100,
      `已召开专题推进会${(i % 5) + 1}次，完成阶段性任务${i % 40}项。`,
      STATUSES[i % STATUSES.length],
      i % 7 === 0 ? '区委督办' : '',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

/** One filled form per unit (the first `count` of the shape's units), `rows` rows each, named as schools name them. */
export async function schoolForms(shape: LedgerShape, count: number, rows: number): Promise<{ name: string; bytes: Uint8Array }[]> {
  const template = fs.readFileSync(SUBMISSION_TEMPLATE);
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const unit of shape.units.slice(0, count)) {
    const bytes = await submissionForm(template, unit, tasksOfUnit(shape, unit), rows);
    files.push({ name: `${unit}-6月报送.xlsx`, bytes: new Uint8Array(bytes) });
  }
  return files;
}
