// Opening an existing Excel ledger as a new ledger, through the real dispatcher on a real SQLite file:
// the tree rebuilt from both sample templates filled by tests/fixtures/ledgers/make-ledgers.ts, custom
// columns for unknown columns, every cell not understood reported, the layout registered as a template,
// the round trip (export into that template, open again: the same ledger), refused files (same codes and
// messages as the submission import, database untouched), and the CLI.
import fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerImportPreview } from '#shared/api/ledger-import-api.js';
import type { SubmissionPreview } from '#shared/api/submission-api.js';
import type { TemplateDto } from '#shared/api/template-api.js';
import { runCli } from '../../electron/cli.js';
import { openDatabase } from '../../electron/backend/db/open-database.js';
import { ledgerImportSchema } from '../../electron/backend/db/migrations/005-ledger-import.js';
import { MIGRATIONS } from '../../electron/backend/db/migrations/index.js';
import { restyleRow } from '../../electron/backend/export/filled-ledger-template.js';
import { excelFixture, templateFixture } from '../fixtures/excel/fixture-files.js';
import { zipBombXlsx } from '../fixtures/excel/xlsx-builder.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { LEDGER_FIXTURES, ledgerFixture, TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let t: TestBackend;
let n = 0;
beforeEach(() => {
  t = new TestBackend(tmp.file(`import-${++n}/ledger.db`));
});
afterEach(() => t.close());

type Created = { ledger: { id: number; name: string; year: number | null; rowCount: number }; counts: { rows: number; tasks: number; items: number; sections: number }; templateId: number | null; customColumns: { key: string; label: string }[]; warnings: string[] };

async function importFile(name: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) {
  const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: name, bytes, ...extra });
  const created = await t.ok<Created>('ledgerimport.create', { previewId: preview.previewId });
  return { preview, created };
}

describe('opening a filled ledger workbook', () => {
  it('rebuilds sections → tasks → measures of the meeting template, keeps unknown columns, reports what it could not read', async () => {
    const { preview, created } = await importFile(LEDGER_FIXTURES[0], ledgerFixture(LEDGER_FIXTURES[0]));
    expect(preview.period).toBe('2020-06');
    expect(preview.counts).toEqual({ sections: 2, tasks: 4, items: 6, rows: 12 });
    expect(preview.issues.map((i) => i.cell)).toEqual(['J15']);
    expect(preview.issues[0]!.message).toContain('“八十” 不是数字');
    expect(preview.skipped.map((s) => s.reason)).toEqual(['合计行', '说明行']);
    expect(preview.columns.filter((c) => c.use === 'custom').map((c) => c.label)).toEqual(['单位', '联系人']);

    expect(created.ledger.name).toBe('未央区教育局2020年重点工作推进情况台账');
    expect(created.ledger.year).toBe(2020);
    expect(created.ledger.rowCount).toBe(12);
    const tree = await t.tree(created.ledger.id, '2020-06');
    expect(tree[0]).toBe('section {"code":"一","task":"扩大优质教育资源供给"} {}');
    // Task 5's merged cells are the task's; each measure row is a child with its own unit, target and status.
    expect(tree[1]).toBe('  task {"code":"5","task":"切实保障学位需求","leader":"王副局长","leadDept":"计财科","deadline":"2020年12月底前","remarks":"重点督办"} {"联系人":"李老师"}');
    expect(tree[4]).toBe('    item {"measures":"扩充义务教育阶段学位","units":"汉都三幼","target":"1200","achieved":"800","progress":"受疫情影响进度滞后","status":"滞后"} {"单位":"个"}');
    // Task 6 on one line: the task's cells on the task, the measure with its target (and the target's unit) below it.
    expect(tree[5]).toBe('  task {"code":"6","task":"推进集团化办学","leader":"赵副局长","leadDept":"基础教育科","units":"各中小学","deadline":"6月底前"} {}');
    expect(tree[6]).toBe('    item {"measures":"组建教育集团5个","target":"5","achieved":"5","progress":"已组建5个集团","status":"已完成"} {"单位":"个"}');
    // Task 10 has a line of its own (its status and deadline) above its measures.
    expect(tree.find((l) => l.includes('"code":"10"'))).toContain('"status":"推进中"');
    // The unreadable number (reported as J15 in the preview) is not taken; the rest of the row is.
    const task11 = tree.find((l) => l.includes('"code":"11"'))!;
    expect(task11).not.toContain('八十');
    expect(task11).toContain('"status":"未启动"');

    const templates = await t.ok<TemplateDto[]>('templates.list', {});
    const template = templates.find((x) => x.id === created.templateId)!;
    expect(template.kind).toBe('ledger');
    expect(template.columns.find((c) => c.letter === 'N')!.target).toEqual({ kind: 'custom', label: '联系人', value: '' });
    // Every insert is in the change log with the file as its source.
    const log = t.backend.store.db.prepare("SELECT count(*) AS n FROM change_log WHERE action = 'insert_row' AND source LIKE '台账文件 重点工作台账-2020年6月.xlsx%'").get() as { n: number };
    expect(log.n).toBe(12);
  });

  it('reads the school form used as a ledger: running 序号 left out, plan numbers kept, percents and statuses normalised', async () => {
    const { preview, created } = await importFile(LEDGER_FIXTURES[1], ledgerFixture(LEDGER_FIXTURES[1]));
    expect(preview.columns.find((c) => c.letter === 'A')!.use).toBe('rowNumber');
    expect(preview.counts).toEqual({ sections: 2, tasks: 3, items: 4, rows: 9 });
    const tree = await t.tree(created.ledger.id, '2020-06');
    expect(tree).toContain('    item {"measures":"开展课后服务","deadline":"10月31日前","target":"30","achieved":"20","progressPct":"80%","progress":"已开设20个社团","problems":"场地不足，下步协调","status":"推进中"} {}');
    expect(tree.filter((l) => l.includes('"task":"落实“双减”课后服务"'))).toHaveLength(1);
    expect(created.customColumns.map((c) => c.label)).toEqual(['佐证材料']);
  });

  for (const name of LEDGER_FIXTURES) {
    it(`round trip: ${name} exported into its registered template and opened again is the same ledger`, async () => {
      const first = await importFile(name, ledgerFixture(name));
      const exported = await t.ok<{ bytes: Uint8Array; warnings: string[] }>('export.ledger', {
        ledgerId: first.created.ledger.id,
        templateId: first.created.templateId,
        period: '2020-06',
      });
      fs.writeFileSync(tmp.file(`roundtrip-${name}`), exported.bytes);
      const second = await importFile(`导出-${name}`, exported.bytes, { period: '2020-06' });
      expect(second.preview.counts).toEqual(first.preview.counts);
      const a = await t.tree(first.created.ledger.id, '2020-06');
      const b = await t.tree(second.created.ledger.id, '2020-06');
      expect(b).toEqual(a);
      expect(second.created.customColumns.map((c) => c.label)).toEqual(first.created.customColumns.map((c) => c.label));

      // The same look: section lines bold and filled as in the file, task and measure lines plain.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(exported.bytes) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const original = new ExcelJS.Workbook();
      await original.xlsx.load(Buffer.from(ledgerFixture(name)) as unknown as ArrayBuffer);
      const find = (sheet: ExcelJS.Worksheet, text: string) => {
        for (let r = 1; r <= sheet.rowCount; r++) {
          for (let c = 1; c <= 4; c++) if (String(sheet.getRow(r).getCell(c).value ?? '') === text) return sheet.getRow(r).getCell(c);
        }
        throw new Error(`${text} not found`);
      };
      const title = name.startsWith('重点') ? '切实保障学位需求' : '加强思政课建设';
      expect(find(ws, title).font?.bold ?? false).toBe(false);
      expect(find(ws, title).fill).toEqual(find(original.worksheets[0]!, title).fill);
      const sectionRow = Number(second.preview.nodes[0]!.cell.slice(1)); // the first node is a section (A5 / A4)
      expect(ws.getRow(sectionRow).getCell(1).font?.bold).toBe(true);
    });
  }

  it('restyles only the s attributes of the first data row, from the row it is told to copy', () => {
    const xml = '<sheetData><row r="5" ht="20"><c r="A5" s="7" t="s"><v>1</v></c><c r="B5" s="7"/></row><row r="6"><c r="A6" s="3"><v>5</v></c><c r="B6"/></row></sheetData>';
    expect(restyleRow(xml, 5, 6)).toBe('<sheetData><row r="5" ht="20"><c r="A5" t="s" s="3"><v>1</v></c><c r="B5"/></row><row r="6"><c r="A6" s="3"><v>5</v></c><c r="B6"/></row></sheetData>');
    expect(restyleRow(xml, 5, 9)).toBeNull();
  });
});

describe('migration 5', () => {
  it('is listed after 4 and upgrades a version-4 database, keeping its data', () => {
    expect(MIGRATIONS.map((m) => m.version).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(MIGRATIONS[4]).toBe(ledgerImportSchema);
    const file = tmp.file('v4.db');
    const v4 = openDatabase(file, { migrations: MIGRATIONS.slice(0, 4) });
    v4.prepare("INSERT INTO ledgers (name, created_at, updated_at, last_used_at) VALUES ('旧台账', 'a', 'a', 'a')").run();
    v4.close();
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) });
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT name FROM ledgers').get()).toEqual({ name: '旧台账' });
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = 'ledger_exports'").get()).toEqual({ strict: 1 });
    db.close();
  });

  it('each export of a ledger records what it wrote (the newest five kept)', async () => {
    const { created } = await importFile(LEDGER_FIXTURES[1], ledgerFixture(LEDGER_FIXTURES[1]));
    for (let i = 0; i < 6; i++) await t.ok('export.ledger', { ledgerId: created.ledger.id, templateId: created.templateId, period: '2020-06' });
    const rows = t.backend.store.db.prepare('SELECT period, template_id AS templateId, snapshot FROM ledger_exports WHERE ledger_id = ?').all(created.ledger.id) as { period: string; templateId: number; snapshot: Buffer }[];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ period: '2020-06', templateId: created.templateId });
    // Stored deflated (migration 9).
    const snapshot = JSON.parse(inflateRawSync(rows[0]!.snapshot).toString('utf8')) as { level: string; values: Record<string, string>; custom: Record<string, string> }[];
    expect(snapshot).toHaveLength(9);
    expect(snapshot.find((r) => r.values['measures'] === '建立服务收费公示制度')).toMatchObject({ level: 'item', custom: { 佐证材料: '公示照片' }, values: { status: '推进中' } });
  });
});

describe('other files', () => {
  it('a CSV ledger (GBK) becomes a ledger without a template; the month can be chosen at creation', async () => {
    const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: 'gbk.csv', bytes: Uint8Array.from(excelFixture('gbk.csv')) });
    const created = await t.ok<Created>('ledgerimport.create', { previewId: preview.previewId, name: 'CSV 台账', period: '2020-05' });
    expect(created.templateId).toBeNull();
    expect(created.warnings).toEqual([expect.stringContaining('CSV 文件没有版式')]);
    expect(await t.tree(created.ledger.id, '2020-05')).toEqual(['task {"code":"5","task":"切实保障学位需求","deadline":"2020年8月底","status":"推进中"} {}']);
  });

  it('a template without data rows cannot become a ledger, and nothing is written', async () => {
    const before = t.dbHash();
    const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: '空模板.xlsx', bytes: Uint8Array.from(templateFixture('台账模板-重点工作推进情况.xlsx')) });
    expect(preview.counts.rows).toBe(0);
    const err = await t.failure('ledgerimport.create', { previewId: preview.previewId });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('没有在“重点工作台账”中读到任何任务行');
    expect(t.dbHash()).toBe(before);
  });
});

describe('refused and cancelled imports', () => {
  const bad: [string, () => Uint8Array][] = [
    ['encrypted.xlsx', () => Uint8Array.from(excelFixture('encrypted.xlsx'))],
    ['legacy.xls', () => Uint8Array.from(excelFixture('legacy.xls'))],
    ['random.xlsx', () => Uint8Array.from(excelFixture('random.xlsx'))],
    ['empty.xlsx', () => Uint8Array.from(excelFixture('empty.xlsx'))],
    ['损坏.xlsx', () => Uint8Array.from(templateFixture('bad/损坏.xlsx'))],
    ['bomb.xlsx', () => Uint8Array.from(zipBombXlsx())],
  ];
  it('refuses every file the submission import refuses, with the same code and message, writing nothing', async () => {
    const created = await t.ok<{ id: number }>('ledger.create', { name: '对照台账', year: 2020 });
    const before = t.dbHash();
    for (const [name, bytes] of bad) {
      const err = await t.failure('ledgerimport.preview', { fileName: name, bytes: bytes() });
      const sub = await t.ok<SubmissionPreview>('submissions.preview', { ledgerId: created.id, files: [{ name, bytes: bytes() }] });
      const file = sub.files[0]!;
      expect(file.status, name).toBe('error');
      expect(err.code, name).toBe(file.errorCode);
      expect(err.message, name).toBe(file.message);
      await t.ok('submissions.discard', { previewId: sub.previewId });
    }
    expect(t.dbHash()).toBe(before);
  });

  it('a cancelled import (preview, then discard) leaves the database as it was; create after discard is refused', async () => {
    const before = t.dbHash();
    const preview = await t.ok<LedgerImportPreview>('ledgerimport.preview', { fileName: LEDGER_FIXTURES[0], bytes: ledgerFixture(LEDGER_FIXTURES[0]) });
    expect(await t.ok('ledgerimport.discard', { previewId: preview.previewId })).toEqual({ discarded: true });
    const err = await t.failure('ledgerimport.create', { previewId: preview.previewId });
    expect(err.code).toBe('not_found');
    expect(t.dbHash()).toBe(before);
  });
});

describe('taizhang ledger import', () => {
  it('prints the created ledger id, row count and warnings (--json), and a Chinese summary without', async () => {
    t.close();
    const db = tmp.file('cli/ledger.db');
    fs.mkdirSync(tmp.file('cli'), { recursive: true });
    const file = tmp.file(LEDGER_FIXTURES[0]);
    fs.writeFileSync(file, ledgerFixture(LEDGER_FIXTURES[0]));
    let out = '';
    expect(await runCli(['ledger', 'import', file, '--name', '会议台账', '--db', db, '--json'], (s) => (out += s))).toBe(0);
    const json = JSON.parse(out) as { ledgerId: number; name: string; rows: number; warnings: string[]; templateId: number };
    expect(json).toMatchObject({ name: '会议台账', rows: 12 });
    expect(json.ledgerId).toBeGreaterThan(0);
    expect(json.warnings.some((w) => w.includes('J15'))).toBe(true);

    out = '';
    expect(await runCli(['ledger', 'import', file, '--db', db], (s) => (out += s))).toBe(0);
    expect(out).toContain('已新建台账 #2');
    expect(out).toContain('12 行');

    out = '';
    expect(await runCli(['ledger', 'import', tmp.file('没有这个文件.xlsx'), '--db', db, '--json'], (s) => (out += s))).not.toBe(0);
    t = new TestBackend(tmp.file('cli-after/ledger.db'));
  });
});
