// A 2020 ledger read as of a month through every path: rows.list, the CLI's rows --json, the export
// into the built-in template and the per-unit forms. Values are written for May, June and July; a
// month's view carries earlier values forward and never shows a later month's.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir('taizhang-asof-');
const dbPath = path.join(tmp.dir, 'asof.db');
let backend: Backend;
let ledgerId: number;
const ids: Record<string, number> = {};

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: true }, (c) => cells.push(c.text ?? ''));
    out.push(cells);
  });
  return out;
}

beforeAll(async () => {
  backend = createBackend(dbPath, { actor: '测试' });
  await call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] });
  ledgerId = (await call('ledger.create', { name: '2020年重点工作台账', year: 2020 })).id;
  const section = await call<Row>('rows.add', { ledgerId, level: 'section', values: { code: '一', task: '保障和改善民生' } });
  const task = await call<Row>('rows.add', {
    ledgerId,
    parentId: section.id,
    values: { code: '5', task: '扩大学前教育资源', leadDept: '基础教育科', units: '和平小学、汉都三幼', deadline: '6月底前', target: '6所；增加学位5190个' },
  });
  const a = await call<Row>('rows.add', { ledgerId, parentId: task.id, values: { measures: '新建幼儿园1所', units: '和平小学', target: '1所' } });
  // Typed with the alias: the directory's name is derived, the cell keeps what was typed.
  const b = await call<Row>('rows.add', { ledgerId, parentId: task.id, values: { measures: '新增学位', units: '汉都三幼' } });
  const c = await call<Row>('rows.add', { ledgerId, parentId: section.id, values: { code: '6', task: '智慧校园', leadDept: '装备中心', deadline: '长期坚持' } });
  Object.assign(ids, { section: section.id, task: task.id, a: a.id, b: b.id, c: c.id });
  const set = (rowId: number, field: string, value: string, period: string) => call('rows.updateCell', { rowId, field, value, period });
  await set(a.id, 'status', '推进中', '2020-05');
  await set(a.id, 'progress', '已选址', '2020-05');
  await set(a.id, 'progressPct', '50%', '2020-06');
  await set(b.id, 'status', '已完成', '2020-06');
  await set(a.id, 'status', '已完成', '2020-07');
  await set(a.id, 'progress', '已竣工', '2020-07');
});

afterAll(() => {
  backend.close();
  tmp.cleanup();
});

describe('a ledger as of a month', () => {
  it('reads as of the latest month with data by default, not today', async () => {
    const rows = await call<Row[]>('rows.list', { ledgerId });
    expect(rows[0]!.period).toBe('2020-07');
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Both unit rows done by July; 和平小学's 50% of June is still its 完成进度 (carried: the rule takes
    // a reported row's 完成进度 as written), so the task's mean progress is 75.
    expect(byId.get(ids.task!)!.asOf).toMatchObject({ category: 'done', derived: true, progress: 75, light: 'green', overdue: false });
    expect((await call('workbench.config', { ledgerId })).defaultPeriod).toBe('2020-07');
  });

  it("gives an import only what was written for that very month (valuesOfMonth: nothing carried forward)", () => {
    const of = (period: string) => Object.fromEntries(backend.store.rows.valuesOfMonth([ids.a!, ids.b!, ids.c!], period));
    expect(of('2020-05')).toEqual({ [ids.a!]: { status: '推进中', progress: '已选址' } });
    expect(of('2020-06')).toEqual({ [ids.a!]: { progressPct: '50%' }, [ids.b!]: { status: '已完成' } });
    expect(of('2020-08')).toEqual({});
  });

  it('carries values forward within the month viewed, and rolls the task up from its unit rows', async () => {
    const rows = new Map((await call<Row[]>('rows.list', { ledgerId, period: '2020-06' })).map((r) => [r.id, r]));
    const a = rows.get(ids.a!)!;
    expect(a.values).toMatchObject({ status: '推进中', progress: '已选址', progressPct: '50%' });
    expect(a.periods).toMatchObject({ status: '2020-05', progress: '2020-05', progressPct: '2020-06' });
    expect(a.asOf).toMatchObject({ status: '推进中', statusPeriod: '2020-05', progressPct: 50, progressPeriod: '2020-06', category: 'inProgress' });
    // Deadline 6月底前 = 2020-06-30, not done by the end of June: overdue, red; so is the task above it.
    expect(a.asOf).toMatchObject({ overdue: true, light: 'red', expected: 100 });
    expect(rows.get(ids.task!)!.asOf).toMatchObject({ derived: true, category: 'inProgress', progress: 75, overdue: true, light: 'red' });
    // 长期坚持 has no date: never overdue; 序时 is the year's share.
    expect(rows.get(ids.c!)!.asOf).toMatchObject({ overdue: false, expected: 50, light: 'red', category: 'notStarted' });
  });

  it('lights by the ledger\'s thresholds; changing one setting keeps the others', async () => {
    const scoring = { credits: { onTime: 1, late: 0.6, open: 0.5, overdue: 0 }, missingReportDeduction: 3, grades: { excellent: 90, good: 80, pass: 60 } };
    await call('settings.set', { ledgerId, settings: { scoring } });
    const saved = await call('settings.set', { ledgerId, settings: { lights: { green: 60, yellow: 80 } } });
    expect(saved).toEqual({ lights: { green: 60, yellow: 80 }, scoring });
    // 智慧校园: 序时 50, progress 0 → gap 50: green under these thresholds.
    const rows = new Map((await call<Row[]>('rows.list', { ledgerId, period: '2020-06' })).map((r) => [r.id, r]));
    expect(rows.get(ids.c!)!.asOf!.light).toBe('green');
    await call('settings.set', { ledgerId, settings: { lights: { green: 10, yellow: 30 } } });
    await expect(call('settings.set', { ledgerId, settings: { lights: { green: 40, yellow: 30 } } })).rejects.toThrow(/绿灯阈值不能大于黄灯阈值/);
  });

  it('judges overdue against the month viewed', async () => {
    const rows = new Map((await call<Row[]>('rows.list', { ledgerId, period: '2020-05' })).map((r) => [r.id, r]));
    expect(rows.get(ids.a!)!.asOf).toMatchObject({ overdue: false, expected: 83.3, status: '推进中', progress: 0 });
    expect(rows.get(ids.b!)!.values.status).toBe('');
  });

  it('exports a past month as the ledger stood then, dated its last day', async () => {
    const june = await call<{ bytes: Uint8Array; fileName: string }>('export.ledger', { ledgerId, period: '2020-06', includeItems: true });
    expect(june.fileName).toContain('2020-06');
    const lines = await sheetRows(june.bytes);
    const all = lines.map((l) => l.join('|'));
    expect(all.some((l) => l.includes('2020年6月30日'))).toBe(true);
    const lineOf = (measure: string) => all.find((l) => l.includes(measure))!;
    // June's view: May's status and narrative carried, June's 50%; never July's 已完成/已竣工.
    expect(lineOf('新建幼儿园1所')).toContain('推进中');
    expect(lineOf('新建幼儿园1所')).toContain('已选址');
    expect(lineOf('新建幼儿园1所')).toContain('50%');
    expect(all.join('\n')).not.toContain('已竣工');
    expect(lineOf('新增学位')).toContain('已完成');

    const latest = await call<{ bytes: Uint8Array; fileName: string }>('export.ledger', { ledgerId, includeItems: true });
    expect(latest.fileName).toContain('2020-07');
    const latestText = (await sheetRows(latest.bytes)).map((l) => l.join('|')).join('\n');
    expect(latestText).toContain('已竣工');
    expect(latestText).toContain('2020年7月31日');
  });

  it("gives each unit a form of its own assignments, with its own target, not the district's", async () => {
    const { forms } = await call<{ forms: { unit: string; bytes: Uint8Array; rows: number }[] }>('export.forms', { ledgerId, period: '2020-06' });
    expect(forms.map((f) => f.unit).sort()).toEqual(['和平小学', '基础教育科', '汉都第三幼儿园', '装备中心'].sort());
    const school = (await sheetRows(forms.find((f) => f.unit === '和平小学')!.bytes)).map((l) => l.join('|')).join('\n');
    expect(school).toContain('新建幼儿园1所');
    expect(school).not.toContain('新增学位');
    expect(school).not.toContain('5190');
    const kg = (await sheetRows(forms.find((f) => f.unit === '汉都第三幼儿园')!.bytes)).map((l) => l.join('|')).join('\n');
    expect(kg).toContain('新增学位');
    expect(kg).not.toContain('新建幼儿园1所');
    // The lead department's assignment is the task itself.
    const dept = (await sheetRows(forms.find((f) => f.unit === '基础教育科')!.bytes)).map((l) => l.join('|')).join('\n');
    expect(dept).toContain('扩大学前教育资源');
  });

  it('gives every row an asOf object in rows --json', async () => {
    backend.close();
    try {
      const { code, out } = await runCliCaptured(['rows', '--db', dbPath, '--ledger', String(ledgerId), '--period', '2020-06', '--json']);
      expect(code).toBe(0);
      const json = JSON.parse(out);
      expect(json.period).toBe('2020-06');
      const a = json.rows.find((r: { id: number }) => r.id === ids.a);
      expect(Object.keys(a.asOf).sort()).toEqual(
        ['period', 'status', 'statusPeriod', 'progressPct', 'progressPeriod', 'category', 'progress', 'expected', 'deadline', 'light', 'overdue', 'derived'].sort(),
      );
      expect(a.asOf).toMatchObject({ period: '2020-06', status: '推进中', statusPeriod: '2020-05', progress: 50, expected: 100, light: 'red', overdue: true, derived: false });
      expect(a.periods).toMatchObject({ status: '2020-05' });
      const byDefault = JSON.parse((await runCliCaptured(['rows', '--db', dbPath, '--ledger', String(ledgerId), '--json'])).out);
      expect(byDefault.period).toBe('2020-07');
      const human = (await runCliCaptured(['rows', '--db', dbPath, '--ledger', String(ledgerId), '--period', '2020-06'])).out;
      expect(human).toContain('截至 2020-06');
      expect(human).toMatch(/新建幼儿园1所 {2}\[红灯 推进中 进度50% 序时100% 逾期\]/);
    } finally {
      backend = createBackend(dbPath, { actor: '测试' });
    }
  });
});
