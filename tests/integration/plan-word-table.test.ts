// A plan published as a Word table (任务分解表, tests/fixtures/plans/make-table-plan.ts): one written by
// the `docx` package and the same saved by LibreOffice Writer, read through the app's entry points
// (plan.parse with the file's bytes, `taizhang plan import`) column by column: sections from the
// spanning rows, tasks with their merged-down measure rows, measures, units, lead departments, deadlines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ParsedPlanDto } from '#shared/api/plan-api.js';
import { createBackend } from '../../electron/backend/backend.js';
import { parsePlanTables } from '../../electron/backend/plan/plan-table.js';
import { inflateEntry, readZipDirectory } from '../../electron/backend/excel/zip-directory.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from '../helpers/cli.js';

const PLANS = path.join(REPO_ROOT, 'tests', 'fixtures', 'plans');
const FILES = ['任务分解表.docx', '任务分解表-LibreOffice.docx'];
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
afterEach(() => vi.restoreAllMocks());

const EXPECTED_SECTIONS = [
  ['一', '扩大优质教育资源供给'],
  ['二', '加强教师队伍建设'],
];
const EXPECTED_TASKS = [
  {
    number: '1',
    title: '切实保障学位需求',
    measures: ['新建、改扩建学校6所，新增学位5190个', '推进幼儿园建设，新增学前学位1200个'],
    leadUnits: ['计财科'],
    units: ['各中小学', '汉都三幼', '和平小学'],
    deadline: '12月底前',
  },
  { number: '2', title: '推进集团化办学', measures: ['组建教育集团5个，覆盖率占比80%'], leadUnits: ['基础教育科'], units: ['各中小学'], deadline: '6月底前' },
  { number: '3', title: '招聘高层次教师', measures: ['招聘高层次教师100名', '开展新教师岗前培训'], leadUnits: ['人事科'], units: ['各学校'], deadline: '年底前' },
  { number: '4', title: '深化师德师风建设', measures: ['开展师德师风专项整治'], leadUnits: ['教师工作科'], units: ['各中小学', '各幼儿园'], deadline: '长期坚持' },
];

function shape(plan: Pick<ParsedPlanDto, 'sections'>) {
  return {
    sections: plan.sections.map((s) => [s.numeral, s.title]),
    tasks: plan.sections.flatMap((s) => s.tasks).map((t) => ({ number: t.number, title: t.title, measures: t.measures, leadUnits: t.leadUnits, units: t.units, deadline: t.deadline })),
  };
}

describe('a plan written as a Word table', () => {
  it.each(FILES)('%s: plan.parse reads each column by meaning, sections from the spanning rows', async (name) => {
    const backend = createBackend(tmp.file(`parse-${name}.db`), { actor: '测试员' });
    try {
      const result = await backend.dispatch('plan.parse', { bytes: new Uint8Array(fs.readFileSync(path.join(PLANS, name))), fileName: name });
      if (!result.ok) throw new Error(result.error.message);
      const plan = result.value as ParsedPlanDto;
      expect(shape(plan)).toEqual({ sections: EXPECTED_SECTIONS, tasks: EXPECTED_TASKS });
      const tasks = plan.sections.flatMap((s) => s.tasks);
      expect(tasks[0]!.targets.map((t) => t.text)).toEqual(['6所', '新增学位5190个', '新增学前学位1200个']);
      expect(tasks[2]!.targets.map((t) => [t.value, t.unit])).toEqual([[100, '名']]);
      expect(plan.year).toBe(2021);
      expect(plan.suggestedName).toBe('灞桥区教育局2021年重点工作任务分解表台账');
      expect(plan.warnings[0]).toMatch(/已按 Word 表格读取工作任务：2 个章节、4 项任务/);
      expect(plan.warnings.slice(1)).toEqual(['任务 1“切实保障学位需求”的各项措施完成时限不同（8月底前、12月底前），任务的完成时限取“12月底前”，请在台账中为各措施分别填写']);
    } finally {
      backend.close();
    }
  });

  it('is a pure function of document.xml (the reader the worker can call)', () => {
    const bytes = fs.readFileSync(path.join(PLANS, FILES[1]!));
    const entry = readZipDirectory(bytes, 100).find((e) => e.name === 'word/document.xml')!;
    const plan = parsePlanTables(inflateEntry(bytes, entry).toString('utf8'));
    expect(plan && shape(plan)).toEqual({ sections: EXPECTED_SECTIONS, tasks: EXPECTED_TASKS });
    // A document without a plan table is left to the text parser.
    expect(parsePlanTables('<w:document><w:body><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p></w:body></w:document>')).toBeNull();
    const otherTable = '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>电话</w:t></w:r></w:p></w:tc></w:tr></w:tbl>';
    expect(parsePlanTables(`<w:document><w:body>${otherTable}</w:body></w:document>`)).toBeNull();
  });

  it('taizhang plan import makes the ledger: sections, tasks with 牵头科室/责任单位/完成时限, one row per measure', async () => {
    const db = tmp.file('import.db');
    const { code, out, err } = await runCliCaptured(['plan', 'import', path.join(PLANS, FILES[1]!), '--db', db, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.counts).toMatchObject({ sections: 2, tasks: 4, measures: 6 });
    const rows = JSON.parse((await runCliCaptured(['rows', '--db', db, '--ledger', String(json.id), '--json'])).out).rows as Record<string, unknown>[];
    type Listed = { level: string; values: Record<string, string>; deadlineDate: string | null };
    const values = (level: string) => (rows as unknown as Listed[]).filter((r) => r.level === level);
    expect(values('task').map(({ values: v }) => [v.code, v.task, v.leadDept, v.units, v.deadline])).toEqual([
      ['1', '切实保障学位需求', '计财科', '各中小学、汉都三幼、和平小学', '12月底前'],
      ['2', '推进集团化办学', '基础教育科', '各中小学', '6月底前'],
      ['3', '招聘高层次教师', '人事科', '各学校', '年底前'],
      ['4', '深化师德师风建设', '教师工作科', '各中小学、各幼儿园', '长期坚持'],
    ]);
    expect(values('task')[0]!.deadlineDate).toBe('2021-12-31');
    expect(values('section').map((r) => r.values.task)).toEqual(['扩大优质教育资源供给', '加强教师队伍建设']);
    expect(values('item').map((r) => r.values.measures)).toEqual(EXPECTED_TASKS.flatMap((t) => t.measures));
  });
});
