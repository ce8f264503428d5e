// Templates end to end over the real dispatcher and SQLite: register the bureau's two sample
// templates and a supervision-vocabulary one, export the sample plan's ledger into them, produce
// per-unit forms, and read every output back — directly and after a LibreOffice round trip.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDto } from '#shared/api/template-api.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { insertRowTree } from '../../electron/backend/db/bulk-rows.js';
import { parseRange } from '../../electron/backend/excel/cell-address.js';
import { inflateEntry, readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { parseValidations } from '../../electron/backend/export/template-workbook.js';
import { convertWithLibreOffice, sofficeAvailable } from '../helpers/soffice.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const MEETING = path.join(FIXTURES, 'templates', '台账模板-重点工作推进情况.xlsx');
const SCHOOL = path.join(FIXTURES, 'templates', '报送模板-学校.xlsx');
const SUPERVISION = path.join(FIXTURES, 'templates', '督办模板-督查督办.xlsx');

const tmp = makeTempDir('taizhang-templates-');
let backend: Backend;
let ledgerId: number;

async function call<T = any>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function register(file: string): Promise<TemplateDto> {
  return call<TemplateDto>('templates.add', { bytes: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file) });
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb.worksheets[0]!;
}

function text(ws: ExcelJS.Worksheet, address: string): string {
  const v = ws.getCell(address).value;
  if (v == null) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

function merges(ws: ExcelJS.Worksheet): string[] {
  return Object.values((ws as unknown as { _merges: Record<string, { range: string }> })._merges).map((m) => m.range);
}

function sheetXml(bytes: Uint8Array): string {
  const entry = readZipDirectory(bytes, 1000).find((e) => /worksheets\/sheet1\.xml$/.test(e.name))!;
  return inflateEntry(bytes, entry).toString('utf8');
}

/** Rows whose first cell is a merged section title (一、…), and the plan numbers in a column, top to bottom. */
function tableShape(ws: ExcelJS.Worksheet, firstDataRow: number, lastCol: string, codeCol: string) {
  const sections: { row: number; text: string }[] = [];
  const codes: string[] = [];
  const mergeSet = new Set(merges(ws));
  for (let r = firstDataRow; r <= ws.rowCount; r++) {
    const a = text(ws, `A${r}`);
    if (mergeSet.has(`A${r}:${lastCol}${r}`)) sections.push({ row: r, text: a });
    else {
      const code = text(ws, `${codeCol}${r}`);
      if (code && ws.getCell(`${codeCol}${r}`).master.address === `${codeCol}${r}`) codes.push(code);
    }
  }
  return { sections, codes };
}

/** The file as LibreOffice reads and saves it again (null where LibreOffice is not installed). */
async function libreOfficeRoundTrip(bytes: Uint8Array, name: string): Promise<ExcelJS.Worksheet | null> {
  if (!sofficeAvailable()) return null;
  const file = tmp.file(`${name}.xlsx`);
  fs.writeFileSync(file, bytes);
  return readBack(new Uint8Array(fs.readFileSync(await convertWithLibreOffice(file, tmp.file(`lo-${name}`)))));
}

async function exportTo(file: string, bytes: Uint8Array): Promise<string> {
  fs.writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  backend = createBackend(tmp.file('ledger.db'), { actor: 'test' });
  const plan = await call('plan.parse', { text: fs.readFileSync(path.join(FIXTURES, 'work-plan-2020.txt'), 'utf8') });
  // Responsible units as a clerk would assign them.
  plan.sections[0].tasks[0].units = ['和平小学', '东元中学'];
  plan.sections[0].tasks[0].leaders = ['张局长'];
  plan.sections[1].tasks[0].leadUnits = ['基础教育科'];
  plan.sections[1].tasks[0].units = ['和平小学'];
  const made = await call('plan.createLedger', { name: '2020年工作要点台账', year: 2020, sections: plan.sections });
  ledgerId = made.ledger.id;
  const rows = await call<any[]>('rows.list', { ledgerId });
  const tasks = rows.filter((r) => r.level === 'task');
  await call('rows.updateCell', { rowId: tasks[0].id, field: 'status', value: '已完成', period: '2020-06' });
  await call('rows.updateCell', { rowId: tasks[1].id, field: 'status', value: '滞后', period: '2020-06' });
  await call('rows.updateCell', { rowId: tasks[1].id, field: 'progress', value: '已完成方案起草。\n正在征求意见。', period: '2020-06' });
  // A measure assigned to a kindergarten, with a single quantitative target.
  await call('rows.add', {
    ledgerId,
    parentId: tasks[6].id,
    level: 'item',
    values: { measures: '汉都三幼新增学位180个', units: '汉都三幼', target: '新增学位180个', deadline: '8月底前' },
  });
  await call('units.add', { name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] });
});

afterAll(() => {
  backend?.close();
  tmp.cleanup();
});

describe('registering templates', () => {
  it('finds the two-level header of the meeting template and maps every column by meaning', async () => {
    const t = await register(MEETING);
    expect(t.kind).toBe('ledger');
    expect(t.layout).toMatchObject({ sheet: '重点工作台账', headerFirstRow: 3, headerLastRow: 4, firstDataRow: 5, firstCol: 1, lastCol: 13 });
    expect(t.layout.dateCells.map((d) => d.address)).toEqual(['G2']);
    const byHeader = Object.fromEntries(t.columns.map((c) => [c.header, c.target]));
    expect(byHeader['序号']).toEqual({ kind: 'field', field: 'code' });
    expect(byHeader['目标任务/目标值']).toEqual({ kind: 'field', field: 'target' });
    expect(byHeader['目标任务/单位']).toEqual({ kind: 'targetUnit' });
    expect(byHeader['推进情况/累计完成']).toEqual({ kind: 'field', field: 'achieved' });
    expect(byHeader['推进情况/进展情况']).toEqual({ kind: 'field', field: 'progress' });
    expect(byHeader['状态']).toEqual({ kind: 'field', field: 'status' });
    expect(t.columns.filter((c) => c.target.kind === 'none')).toEqual([]);
  });

  it('recognises the school form as a submission template with a running count and a plan-number column', async () => {
    const t = await register(SCHOOL);
    expect(t.kind).toBe('submission');
    expect(t.layout.unitCell).toEqual({ address: 'A2', label: '报送单位', value: '' });
    const byHeader = Object.fromEntries(t.columns.map((c) => [c.header, c.target]));
    expect(byHeader['序号']).toEqual({ kind: 'rowNumber' });
    expect(byHeader['任务编号']).toEqual({ kind: 'field', field: 'code' });
    expect(byHeader['本单位承担内容']).toEqual({ kind: 'field', field: 'measures' });
  });

  it('maps a template in supervision vocabulary without manual help', async () => {
    const t = await register(SUPERVISION);
    const fields = t.columns.map((c) => (c.target.kind === 'field' ? c.target.field : c.target.kind));
    expect(fields).toEqual(['code', 'task', 'measures', 'leader', 'leadDept', 'units', 'deadline', 'progress', 'status', 'remarks']);
    expect(t.layout.footerFirstRow).toBe(8);
    expect(t.layout.placeholders.map((p) => p.name)).toEqual(['台账名称', '期间']);
  });

  it('refuses bad templates with a clear Chinese message', async () => {
    const cases: [string, string, RegExp][] = [
      [path.join(FIXTURES, 'templates', 'bad', '无表头.xlsx'), 'template_no_header', /没有在模板中找到表头/],
      [path.join(FIXTURES, 'excel', 'encrypted.xlsx'), 'template_encrypted', /已加密.*取消密码/],
      [path.join(FIXTURES, 'templates', 'bad', '损坏.xlsx'), 'template_corrupt', /已损坏/],
      [path.join(FIXTURES, 'templates', 'bad', '不是工作簿.xlsx'), 'template_not_xlsx', /不是 Excel 工作簿/],
      [path.join(FIXTURES, 'excel', 'legacy.xls'), 'template_legacy_xls', /另存为/],
    ];
    const before = (await call<TemplateDto[]>('templates.list', {})).length;
    for (const [file, code, message] of cases) {
      const result = await backend.dispatch('templates.add', { bytes: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file) });
      expect(result.ok, file).toBe(false);
      if (!result.ok) {
        expect(result.error.code, file).toBe(code);
        expect(result.error.message, file).toMatch(message);
      }
    }
    expect((await call<TemplateDto[]>('templates.list', {})).length).toBe(before);
  });

  it('keeps the file bytes in the database and saves a manual mapping', async () => {
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '报送模板-学校.xlsx')!;
    const file = await call<{ bytes: Uint8Array }>('templates.file', { templateId: t.id });
    expect(Buffer.from(file.bytes).equals(fs.readFileSync(SCHOOL))).toBe(true);
    const updated = await call<TemplateDto>('templates.updateMapping', {
      templateId: t.id,
      columns: [{ col: 1, target: { kind: 'custom', label: '学段', value: '小学' } }],
    });
    expect(updated.columns[0]).toMatchObject({ target: { kind: 'custom', label: '学段', value: '小学' }, origin: 'manual', confidence: 1 });
    const again = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.id === t.id)!;
    expect(again.columns[0]!.target).toEqual({ kind: 'custom', label: '学段', value: '小学' });
    // Put it back for the exports below.
    await call('templates.updateMapping', { templateId: t.id, columns: [{ col: 1, target: { kind: 'rowNumber' } }] });
    const bad = await backend.dispatch('templates.updateMapping', { templateId: t.id, columns: [{ col: 40, target: { kind: 'none' } }] });
    expect(bad.ok).toBe(false);
  });
});

describe('exporting into the meeting template', () => {
  let bytes: Uint8Array;
  let file: string;

  beforeAll(async () => {
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '台账模板-重点工作推进情况.xlsx')!;
    const result = await call('export.ledger', { ledgerId, templateId: t.id, period: '2020-06' });
    expect(result).toMatchObject({ sections: 7, tasks: 33, items: 130, warnings: [] });
    bytes = result.bytes;
    file = await exportTo(tmp.file('meeting.xlsx'), bytes);
  });

  it('keeps every template property', async () => {
    const ws = await readBack(bytes);
    expect(ws.name).toBe('重点工作台账');
    expect(text(ws, 'A1')).toBe('未央区教育局2020年重点工作推进情况台账');
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:M1', 'A2:F2', 'G2:M2', 'H3:I3', 'J3:K3', 'A3:A4', 'M3:M4']));
    expect(ws.getCell('A1').font).toMatchObject({ name: '方正小标宋简体', size: 18 });
    expect(ws.getCell('A3').font).toMatchObject({ name: '黑体', size: 12 });
    expect(ws.getCell('A3').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } });
    expect(ws.getCell('A3').border?.top?.style).toBe('thin');
    expect([1, 2, 3, 11, 13].map((c) => ws.getColumn(c).width)).toEqual([6, 22, 46, 40, 14]);
    expect(ws.getRow(1).height).toBe(40);
    expect(ws.getRow(3).height).toBe(24);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' });
    expect(ws.headerFooter.oddFooter).toBe('第 &P 页，共 &N 页');
    // The date line is filled with the period's last day; the 填报单位 line is the template's own.
    expect(text(ws, 'G2')).toBe('截至时间：2020年6月30日');
    expect(text(ws, 'A2')).toBe('填报单位：未央区教育局办公室');
  });

  it('writes 33 tasks under 7 merged bold section rows, with the plan numbers in 序号', async () => {
    const ws = await readBack(bytes);
    const { sections, codes } = tableShape(ws, 5, 'M', 'A');
    // The plan numbers its sixth section 五 again (a real-world flaw); the ledger keeps what the plan says.
    const ledgerSections = (await call<any[]>('rows.list', { ledgerId })).filter((r) => r.level === 'section');
    expect(sections.map((s) => s.text)).toEqual(ledgerSections.map((r) => `${r.values.code}、${r.values.task}`));
    expect(sections[0]!.text.slice(0, 2)).toBe('一、');
    expect(codes).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    const first = sections[0]!.row;
    expect(ws.getCell(`A${first}`).font?.bold).toBe(true);
    expect(ws.getCell(`A${first}`).font?.name).toBe('仿宋_GB2312');
    // Task 1 starts on the next row with its first measure; its number, title, leader, units and status
    // span its 7 measure rows, as in the printed ledgers. Data rows look like the template's.
    const task = first + 1;
    expect(ws.getCell(`A${task}`).value).toBe(1);
    expect(text(ws, `B${task}`)).toBe('强化思想武装,抓好基层党建工作');
    expect(merges(ws)).toEqual(expect.arrayContaining([`A${task}:A${task + 6}`, `B${task}:B${task + 6}`, `F${task}:F${task + 6}`, `L${task}:L${task + 6}`]));
    expect(text(ws, `C${task}`)).toMatch(/^充分发挥基层党组织/);
    expect(text(ws, `C${task + 6}`)).toMatch(/^加强共青团/);
    expect(text(ws, `F${task}`)).toBe('和平小学、东元中学');
    expect(text(ws, `D${task}`)).toBe('张局长');
    expect(ws.getCell(`C${task + 1}`).alignment).toMatchObject({ horizontal: 'left', vertical: 'middle', wrapText: true });
    expect(ws.getCell(`C${task + 1}`).border?.left?.style).toBe('thin');
    expect(ws.getCell(`C${task + 1}`).font).toMatchObject({ name: '仿宋_GB2312', size: 12 });
    // A long measure gets a taller row than a short one.
    expect(ws.getRow(task + 1).height).toBeGreaterThan(ws.getRow(task + 3).height);
    // Status cells are coloured.
    expect(text(ws, `L${task}`)).toBe('已完成');
    expect(ws.getCell(`L${task}`).fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } });
    const task2 = task + 7;
    expect(text(ws, `L${task2}`)).toBe('滞后');
    expect(ws.getCell(`L${task2}`).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    // A target that is a number and its unit splits into 目标值 and 单位; one with more words keeps them
    // (新增学位180个, 下降1%), so the file says what the ledger says and reads back unchanged.
    const pct = ws.getColumn('C').values.findIndex((v) => v === '2020年完成普惠性幼儿园覆盖率占比80%任务。');
    expect([ws.getCell(`H${pct}`).value, text(ws, `I${pct}`)]).toEqual(['80', '%']);
    const kg = ws.getColumn('C').values.findIndex((v) => v === '汉都三幼新增学位180个');
    expect([ws.getCell(`H${kg}`).value, text(ws, `I${kg}`)]).toEqual(['新增学位180个', '']);
    expect(text(ws, `H${task}`)).toBe('');
  });

  it('extends the status drop-down over the data rows without overlapping ranges', async () => {
    const ws = await readBack(bytes);
    const validations = parseValidations(sheetXml(bytes));
    expect(validations).toHaveLength(1);
    expect(validations[0]!.rule.formulae).toEqual(['"已完成,推进中,未启动,滞后"']);
    const range = validations[0]!.ranges[0]!;
    expect(range).toEqual({ top: 5, bottom: ws.rowCount, left: 12, right: 12 });
  });

  it.runIf(sofficeAvailable())('opens in LibreOffice and keeps its layout after a round trip', async () => {
    const converted = await convertWithLibreOffice(file, tmp.file('lo-meeting'));
    const ws = await readBack(new Uint8Array(fs.readFileSync(converted)));
    expect(text(ws, 'A1')).toBe('未央区教育局2020年重点工作推进情况台账');
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:M1', 'H3:I3', 'J3:K3']));
    const { sections, codes } = tableShape(ws, 5, 'M', 'A');
    expect(sections).toHaveLength(7);
    expect(codes).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', printTitlesRow: '3:4' });
    // (Headless LibreOffice drops every sheet's freeze panes, the untouched template's too: not checked here.)
    expect(ws.headerFooter.oddFooter).toContain('&P');
    const statusRows = Object.keys((ws as any).dataValidations.model).filter((a) => a.startsWith('L'));
    expect(statusRows.length).toBeGreaterThan(100);
  });
});

describe('exporting into other templates', () => {
  it('fills the school form layout: running count, plan number, sections across A:K', async () => {
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '报送模板-学校.xlsx')!;
    const result = await call('export.ledger', { ledgerId, templateId: t.id, includeItems: false });
    expect(result).toMatchObject({ sections: 7, tasks: 33 });
    const ws = await readBack(result.bytes);
    const { sections, codes } = tableShape(ws, 4, 'K', 'B');
    expect(sections).toHaveLength(7);
    expect(codes).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    // Measures folded into the task's cell, numbered.
    expect(text(ws, 'D5')).toMatch(/^1\. 充分发挥基层党组织[\s\S]*\n2\. /);
    expect(ws.getCell('A5').value).toBe(1);
    expect(merges(ws)).toContain('A1:K1');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true });
    const back = await libreOfficeRoundTrip(result.bytes, 'school-layout');
    if (back) expect(tableShape(back, 4, 'K', 'B').codes).toHaveLength(33);
  });

  it('exports the supervision template: placeholders and 统计截止 filled, signature line kept below the data', async () => {
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '督办模板-督查督办.xlsx')!;
    const result = await call('export.ledger', { ledgerId, templateId: t.id, period: '2020-06', unit: '和平小学' });
    expect(result).toMatchObject({ sections: 2, tasks: 2 });
    const file = await exportTo(tmp.file('supervision.xlsx'), result.bytes);
    const ws = await readBack(result.bytes);
    expect(text(ws, 'A1')).toBe('2020年工作要点台账督查督办事项办理情况（2020年6月）');
    expect(text(ws, 'F2')).toBe('统计截止：2020年6月30日');
    const last = ws.rowCount;
    expect(text(ws, `A${last}`)).toMatch(/^审核人：/);
    expect(merges(ws)).toContain(`A${last}:J${last}`);
    // LibreOffice-style booleans in the template (fitToPage="true") still mean fit to page.
    expect(ws.pageSetup.fitToPage).toBe(true);
    // The drop-down over header and data, the highlight and the print area follow the data.
    const outEnd = last - 2;
    const ranges = parseValidations(sheetXml(result.bytes)).flatMap((v) => v.ranges.map((r) => `${r.top}-${r.bottom}:${r.left}`));
    expect(ranges.sort()).toEqual(['3-3:9', `4-${outEnd}:9`].sort());
    expect((ws as any).conditionalFormattings.map((c: { ref: string }) => c.ref)).toEqual([`I4:I${outEnd}`]);
    expect(parseRange(ws.pageSetup.printArea!.replace(/^.*!/, ''))).toMatchObject({ top: 1, left: 1, right: 10, bottom: last });
    expect(ws.headerFooter.oddHeader).toBe('&L督查督办&R&D');
    if (sofficeAvailable()) {
      const back = await readBack(new Uint8Array(fs.readFileSync(await convertWithLibreOffice(file, tmp.file('lo-supervision')))));
      expect(text(back, `A${last}`)).toMatch(/^审核人：/);
      expect(text(back, 'A5')).toBe('1');
    }
  });

  it('fills a column mapped by hand to one of the ledger’s own columns, and colours statuses by the ledger’s vocabulary', async () => {
    const column = await call('columns.add', { ledgerId, label: '督办级别', type: 'text' });
    const rows = await call<any[]>('rows.list', { ledgerId });
    const task1 = rows.find((r) => r.level === 'task' && r.values.code === '1');
    await call('cells.set', { rowId: task1.id, column: column.key, value: '区级督办' });
    await call('statuses.set', {
      ledgerId,
      statuses: [
        { label: '已完成', color: 'purple', done: true },
        { label: '滞后', color: 'red' },
      ],
    });
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '督办模板-督查督办.xlsx')!;
    const remarks = t.columns.find((c) => c.header === '备注')!;
    const handling = t.columns.find((c) => c.header === '办理情况')!;
    // 备注 shows the ledger's own column; 办理情况 (no drop-down in the template) becomes a second status column.
    await call('templates.updateMapping', {
      templateId: t.id,
      columns: [
        { col: remarks.col, target: { kind: 'custom', label: '督办级别' } },
        { col: handling.col, target: { kind: 'field', field: 'status' } },
      ],
    });
    const result = await call('export.ledger', { ledgerId, templateId: t.id, period: '2020-06' });
    const ws = await readBack(result.bytes);
    const row = ws.getColumn('A').values.findIndex((v) => v === 1);
    expect(text(ws, `J${row}`)).toBe('区级督办');
    expect(text(ws, `I${row}`)).toBe('已完成');
    expect(ws.getCell(`I${row}`).fill).toMatchObject({ fgColor: { argb: 'FFE4DFEC' } });
    // The template's own drop-down (办结情况) is kept; the new status column gets the ledger's statuses.
    const validations = parseValidations(sheetXml(result.bytes));
    const byColumn = new Map(validations.flatMap((v) => v.ranges.filter((r) => r.top > 3).map((r) => [r.left, v.rule.formulae[0]])));
    expect(byColumn.get(9)).toBe('"已办结,正在办理,未启动"');
    expect(byColumn.get(8)).toBe('"已完成,滞后"');
    await call('templates.updateMapping', {
      templateId: t.id,
      columns: [
        { col: remarks.col, target: { kind: 'field', field: 'remarks' } },
        { col: handling.col, target: { kind: 'field', field: 'progress' } },
      ],
    });
    await call('statuses.set', {
      ledgerId,
      statuses: [
        { label: '已完成', color: 'green', done: true },
        { label: '推进中', color: 'blue' },
        { label: '未启动', color: 'grey' },
        { label: '滞后', color: 'red' },
      ],
    });
  });

  it.runIf(sofficeAvailable())('keeps fit-to-page and the drop-down of a template last saved by LibreOffice (booleans written as "true")', async () => {
    const saved = await convertWithLibreOffice(MEETING, tmp.file('lo-saved-template'));
    expect(sheetXml(new Uint8Array(fs.readFileSync(saved)))).toContain('fitToPage="true"');
    const t = await call<TemplateDto>('templates.add', { bytes: new Uint8Array(fs.readFileSync(saved)), fileName: '另存的模板.xlsx' });
    expect(t.layout).toMatchObject({ headerFirstRow: 3, headerLastRow: 4, firstDataRow: 5 });
    const result = await call('export.ledger', { ledgerId, templateId: t.id });
    const ws = await readBack(result.bytes);
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 8, orientation: 'landscape', printTitlesRow: '3:4' });
    expect(parseValidations(sheetXml(result.bytes))[0]!.ranges[0]).toEqual({ top: 5, bottom: ws.rowCount, left: 12, right: 12 });
    expect(tableShape(ws, 5, 'M', 'A').codes).toHaveLength(33);
    const back = await libreOfficeRoundTrip(result.bytes, 'lo-saved-export');
    expect(tableShape(back!, 5, 'M', 'A').codes).toHaveLength(33);
  }, 180_000);

  it('uses the built-in A3 landscape template when none is registered', async () => {
    const result = await call('export.ledger', { ledgerId, templateId: null, period: '2020-06' });
    const ws = await readBack(result.bytes);
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', fitToPage: true, printTitlesRow: '3:4' });
    expect(text(ws, 'A1')).toBe('2020年工作要点台账');
    const { sections, codes } = tableShape(ws, 5, 'O', 'A');
    expect(sections).toHaveLength(7);
    expect(codes).toHaveLength(33);
    const back = await libreOfficeRoundTrip(result.bytes, 'built-in');
    if (back) {
      expect(tableShape(back, 5, 'O', 'A').codes).toHaveLength(33);
      expect(back.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape' });
    }
  });

  it('exports only some rows, keeping their task and section', async () => {
    const rows = await call<any[]>('rows.list', { ledgerId });
    const measure = rows.find((r) => r.level === 'item' && r.values.measures.startsWith('推进党务公开'));
    const result = await call('export.ledger', { ledgerId, rowIds: [measure.id] });
    expect(result).toMatchObject({ sections: 1, tasks: 1 });
  });

  it('writes a sheet of many times the chunk the rows are encoded in with every text intact', async () => {
    // The data rows are encoded to UTF-8 64 Ki characters at a time: CJK, an astral character and
    // characters to escape land on every side of those boundaries.
    const big = await call<{ id: number }>('ledger.create', { name: '大台账', year: 2020 });
    const measure = (n: number) => `措施${n}：<完善>机制&落实“责任”𠀀${'推进'.repeat(n % 37)}`;
    const tree = [
      {
        level: 'section' as const,
        values: { code: '一', task: '重点工作' },
        children: Array.from({ length: 40 }, (_, t) => ({
          level: 'task' as const,
          values: { code: String(t + 1), task: `第${t + 1}项任务` },
          children: Array.from({ length: 12 }, (_, m) => ({ level: 'item' as const, values: { measures: measure(t * 12 + m) } })),
        })),
      },
    ];
    insertRowTree(backend.store.db, big.id, tree, '2020-06', new Date().toISOString());
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '台账模板-重点工作推进情况.xlsx') ?? (await register(MEETING));
    const result = await call('export.ledger', { ledgerId: big.id, templateId: t.id, period: '2020-06' });
    expect(sheetXml(result.bytes).length).toBeGreaterThan(3 * 65_536);
    const ws = await readBack(result.bytes);
    const measures = (ws.getColumn('C').values as unknown[]).filter((v): v is string => typeof v === 'string' && v.startsWith('措施'));
    expect(measures).toEqual(Array.from({ length: 480 }, (_, n) => measure(n)));
  });
});

describe('per-unit submission forms', () => {
  it('makes one protected form per responsible unit, with its rows, its name and a status drop-down', async () => {
    const t = (await call<TemplateDto[]>('templates.list', {})).find((x) => x.fileName === '报送模板-学校.xlsx')!;
    const result = await call('export.forms', { ledgerId, templateId: t.id, period: '2020-06' });
    expect(result.forms.map((f: any) => [f.unit, f.rows])).toEqual([
      ['和平小学', 2],
      ['东元中学', 1],
      ['基础教育科', 1],
      ['汉都第三幼儿园', 1],
    ]);
    const school = result.forms[0];
    const file = await exportTo(tmp.file(school.fileName), school.bytes);
    const ws = await readBack(school.bytes);
    expect(text(ws, 'A2')).toBe('报送单位：');
    expect(text(ws, 'B2')).toBe('和平小学');
    expect(text(ws, 'B4')).toBe('1');
    expect(text(ws, 'C4')).toBe('强化思想武装,抓好基层党建工作');
    expect(text(ws, 'B5')).toBe('4');
    expect(text(ws, 'K4')).toBe('已完成');
    expect(ws.actualRowCount).toBe(5);
    expect(ws.rowCount).toBe(5);
    expect(sheetXml(school.bytes)).toMatch(/<sheetProtection\b[^>]*\bsheet="1"/);
    // Cells are locked unless they say otherwise (Excel's default, which exceljs leaves out).
    expect(ws.getCell('B4').protection?.locked ?? true).toBe(true);
    expect(ws.getCell('A4').protection?.locked ?? true).toBe(true);
    expect(ws.getCell('I4').protection?.locked).toBe(false);
    expect(ws.getCell('E2').protection?.locked).toBe(false);
    expect(ws.getCell('B2').protection?.locked ?? true).toBe(true);
    const validations = parseValidations(sheetXml(school.bytes));
    expect(validations.map((v) => v.ranges.map((r) => `${r.top}-${r.bottom}:${r.left}`))).toEqual([['4-5:11']]);

    // The kindergarten's form carries its task's number and title on its measure row.
    const kg = await readBack(result.forms[3].bytes);
    expect(text(kg, 'B2')).toBe('汉都第三幼儿园');
    expect(text(kg, 'B4')).toBe('7');
    expect(text(kg, 'D4')).toBe('汉都三幼新增学位180个');
    expect(text(kg, 'E4')).toBe('8月底前');

    // All forms also come as one zip.
    const names = readZipDirectory(result.zip.bytes, 100).map((e) => e.name);
    expect(names).toEqual(result.forms.map((f: any) => f.fileName));

    if (sofficeAvailable()) {
      const back = await readBack(new Uint8Array(fs.readFileSync(await convertWithLibreOffice(file, tmp.file('lo-form')))));
      expect(text(back, 'B2')).toBe('和平小学');
      expect(text(back, 'C4')).toBe('强化思想武装,抓好基层党建工作');
    }
  });

  it('explains when no unit is responsible for anything', async () => {
    const empty = await call('ledger.create', { name: '空台账' });
    const result = await backend.dispatch('export.forms', { ledgerId: empty.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/责任单位/);
  });
});
