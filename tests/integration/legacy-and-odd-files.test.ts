// Files as schools and other tools really write them, through the real dispatcher on a real SQLite
// file: legacy .xls saved by LibreOffice (submissions, an existing ledger, templates) read like the
// .xlsx they were saved from; a password-protected .xls says so; workbooks whose cells and rows
// carry no `r` attribute (tests/fixtures/excel/strip-refs.ts) are read, not refused as corrupt.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerImportPreview } from '#shared/api/ledger-import-api.js';
import type { SubmissionFile, SubmissionPreview } from '#shared/api/submission-api.js';
import type { TemplateDto } from '#shared/api/template-api.js';
import { api, type MethodName } from '#shared/api.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { loadWorkbookSafely } from '../../electron/backend/excel/safe-load.js';
import { fixtureBytes, submissionFixture, templateFixture, TEMPLATE_LEDGER, TEMPLATE_SCHOOL, xlsFixture } from '../fixtures/excel/fixture-files.js';
import { stripCellRefs } from '../fixtures/excel/strip-refs.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const PLAN_TEXT = fixtureBytes('work-plan-2020.txt').toString('utf8');
const file = (name: string, bytes: Uint8Array) => ({ name, bytes: Uint8Array.from(bytes) });

let backend: Backend;
let ledgerId: number;
let dbCount = 0;

async function ok<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method as never, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  api[method as MethodName].output.parse(result.value);
  return result.value as T;
}

beforeEach(async () => {
  const dbPath = tmp.file(`odd-${++dbCount}/ledger.db`);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  backend?.close();
  backend = createBackend(dbPath, { actor: '测试员' });
  const plan = await ok<{ year: number; sections: unknown[] }>('plan.parse', { text: PLAN_TEXT });
  const created = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年重点工作台账', year: plan.year, sections: plan.sections });
  ledgerId = created.ledger.id;
  for (const [name, kind] of [['和平小学', 'school'], ['东元中学', 'school'], ['汉都三幼', 'kindergarten']] as const) {
    await ok('units.add', { name, kind, aliases: [] });
  }
});

/** What a preview says about a file, without the file's own name and hash. */
function gist(f: SubmissionFile) {
  return {
    status: f.status,
    errorCode: f.errorCode,
    unit: f.unit,
    period: f.period,
    rows: f.rows.map((r) => ({ sheetRow: r.sheetRow, action: r.action, matchedBy: r.matchedBy, rowId: r.rowId, values: r.values, changes: r.changes.map((c) => [c.cell, c.field, c.oldValue, c.newValue]) })),
    warnings: f.warnings.map((w) => w.message),
  };
}

describe('legacy .xls submissions', () => {
  it('preview exactly like the .xlsx they were saved from; the protected one says what to do', async () => {
    const p = await ok<SubmissionPreview>('submissions.preview', {
      ledgerId,
      files: [
        file('和平小学-6月报送.xlsx', submissionFixture('和平小学-6月报送.xlsx')),
        file('东元中学-6月报送.xlsx', submissionFixture('东元中学-6月报送.xlsx')),
        file('和平小学-6月报送.xls', xlsFixture('和平小学-6月报送.xls')),
        file('东元中学-6月报送.xls', xlsFixture('东元中学-6月报送.xls')),
        file('加密-汉都三幼-6月报送.xls', xlsFixture('加密-汉都三幼-6月报送.xls')),
      ],
    });
    const [a, b, xa, xb, locked] = p.files;
    expect(xa!.status).toBe(a!.status);
    expect(a!.rows.length).toBeGreaterThan(0);
    expect(a!.rows.some((r) => r.changes.length > 0)).toBe(true);
    // The .xls copies are the same content sent again, so they are compared as what each would change.
    expect({ ...gist(xa!), status: null, warnings: null }).toEqual({ ...gist(a!), status: null, warnings: null });
    expect({ ...gist(xb!), status: null, warnings: null }).toEqual({ ...gist(b!), status: null, warnings: null });
    expect(xa!.unit).toBe('和平小学');
    expect(locked).toMatchObject({ status: 'error', errorCode: 'encrypted' });
    expect(locked!.message).toMatch(/密码保护.*请在 Excel\/WPS 中取消密码保护后另存再导入/);
    expect(locked!.message).not.toMatch(/另存为.*\.xlsx/);
  });
});

describe('cells and rows without r attributes', () => {
  it('read like the workbook they were stripped from (submission import)', async () => {
    const original = submissionFixture('汉都三幼-6月报送.xlsx');
    const files = [
      file('汉都三幼-6月报送.xlsx', original),
      file('汉都三幼-无单元格地址.xlsx', stripCellRefs(original)),
      file('汉都三幼-无行号.xlsx', stripCellRefs(original, { rowsToo: true })),
    ];
    for (const f of files.slice(1)) expect(Buffer.from(f.bytes).includes(Buffer.from('<c r="'))).toBe(false);
    const p = await ok<SubmissionPreview>('submissions.preview', { ledgerId, files });
    const [a, b, c] = p.files.map((f) => ({ ...gist(f), status: f.status === 'error' ? f.message : 'read', warnings: null }));
    expect(a!.status).toBe('read');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a!.rows.length).toBeGreaterThan(0);
  });

  it('a template without r is registered and exported into (the export numbers them first)', async () => {
    const t = await ok<TemplateDto>('templates.add', { bytes: stripCellRefs(templateFixture(TEMPLATE_LEDGER), { rowsToo: true }), fileName: '无行号模板.xlsx' });
    const ref = await ok<TemplateDto>('templates.add', { bytes: templateFixture(TEMPLATE_LEDGER), fileName: '台账模板.xlsx' });
    expect(t.columns).toEqual(ref.columns);
    expect(t.layout).toEqual(ref.layout);
    const out = await ok<{ bytes: Uint8Array; tasks: number }>('export.ledger', { ledgerId, templateId: t.id, period: '2020-06' });
    expect(out.tasks).toBe(33);
    const model = await loadWorkbookSafely(out.bytes);
    expect(model.sheets[0]!.maxRow).toBeGreaterThan(33);
  });
});

type Created = { ledger: { id: number; rowCount: number }; templateId: number | null; warnings: string[] };

describe('an existing ledger as .xls or without r', () => {
  it('opens as the same ledger; its layout is registered as an .xlsx template that exports', async () => {
    const xlsx = fixtureBytes('ledgers/重点工作台账-2020年6月.xlsx');
    const variants: [string, Uint8Array][] = [
      ['重点工作台账-2020年6月.xlsx', xlsx],
      ['重点工作台账-2020年6月.xls', xlsFixture('重点工作台账-2020年6月.xls')],
      ['重点工作台账-2020年6月(无地址).xlsx', stripCellRefs(xlsx, { rowsToo: true })],
    ];
    const previews: LedgerImportPreview[] = [];
    for (const [name, bytes] of variants) previews.push(await ok<LedgerImportPreview>('ledgerimport.preview', { fileName: name, bytes: Uint8Array.from(bytes) }));
    const facts = (p: LedgerImportPreview) => ({ counts: p.counts, period: p.period, issues: p.issues.map((i) => [i.cell, i.message]), columns: p.columns.map((c) => [c.label, c.use]) });
    expect(previews[0]!.counts.rows).toBe(12);
    expect(facts(previews[1]!)).toEqual(facts(previews[0]!));
    expect(facts(previews[2]!)).toEqual(facts(previews[0]!));

    const created = await ok<Created>('ledgerimport.create', { previewId: previews[1]!.previewId });
    expect(created.ledger.rowCount).toBe(12);
    expect(created.templateId).not.toBeNull();
    expect(created.warnings.join('\n')).toMatch(/已转换为 \.xlsx/);
    const stored = await ok<{ fileName: string; bytes: Uint8Array }>('templates.file', { templateId: created.templateId });
    expect(stored.fileName).toBe('重点工作台账-2020年6月.xlsx');
    expect(Buffer.from(stored.bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
    const out = await ok<{ bytes: Uint8Array; items: number }>('export.ledger', { ledgerId: created.ledger.id, templateId: created.templateId, period: '2020-06' });
    const exported = await loadWorkbookSafely(out.bytes);
    expect(exported.sheets[0]!.rows.flatMap((r) => r.cells).some((c) => c.text === '切实保障学位需求')).toBe(true);

    const stripped = await ok<Created>('ledgerimport.create', { previewId: previews[2]!.previewId });
    expect(stripped.ledger.rowCount).toBe(12);
  });
});

describe('legacy .xls templates', () => {
  it('are stored converted to .xlsx with the same mapping, and say what was not kept', async () => {
    const ref = await ok<TemplateDto>('templates.add', { bytes: templateFixture(TEMPLATE_SCHOOL), fileName: TEMPLATE_SCHOOL });
    const t = await ok<TemplateDto & { warnings?: string[] }>('templates.add', { bytes: xlsFixture('报送模板-学校.xls'), fileName: '报送模板-学校.xls', name: '旧版报送模板' });
    expect(t.fileName).toBe('报送模板-学校.xlsx');
    expect(t.kind).toBe(ref.kind);
    expect(t.columns).toEqual(ref.columns);
    expect(t.layout).toEqual(ref.layout);
    expect(t.warnings?.[0]).toMatch(/已转换为 \.xlsx.*字体、边框和打印设置未能保留/);
    // A ledger naming units (the plan's names none).
    const preview = await ok<LedgerImportPreview>('ledgerimport.preview', { fileName: '台账.xlsx', bytes: Uint8Array.from(fixtureBytes('ledgers/重点工作台账-2020年6月.xlsx')) });
    const withUnits = await ok<Created>('ledgerimport.create', { previewId: preview.previewId });
    const out = await ok<{ forms: { unit: string; bytes: Uint8Array }[] }>('export.forms', { ledgerId: withUnits.ledger.id, templateId: t.id, period: '2020-06' });
    expect(out.forms.length).toBeGreaterThan(0);
    const first = out.forms[0]!;
    const form = await loadWorkbookSafely(first.bytes);
    // The 报送单位 line of the converted template is filled, as in the .xlsx template.
    expect(form.sheets[0]!.rows.flatMap((r) => r.cells).some((c) => c.text.includes(first.unit))).toBe(true);
  });
});
