// plan.parse and plan.createLedger through the real dispatcher on a real SQLite file.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '#shared/api.js';
import type { ParsedPlanDto } from '#shared/api/plan-api.js';
import { ERROR_CODES } from '#shared/errors.js';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { buildDocx, documentXml, docxPackage, DOCX_PLAN } from '../fixtures/plans/make-docx.mjs';
import { SAMPLE_TARGETS } from '../fixtures/plans/work-plan-2020-targets.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url));
const SAMPLE = fixture('work-plan-2020.txt').toString('utf8');
const OTHER = fixture('plans/other-bureau-plan.txt').toString('utf8');

const tmp = makeTempDir();
let backend: Backend;
let dbCount = 0;

function openBackend(): Backend {
  return createBackend(tmp.file(`plan-${++dbCount}.db`), { actor: '测试员' });
}

async function ok<T = unknown>(method: string, input: unknown, b = backend): Promise<T> {
  const result = await b.dispatch(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function failure(method: string, input: unknown, b = backend) {
  const result = await b.dispatch(method, input);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const parse = (input: unknown, b = backend) => ok<ParsedPlanDto>('plan.parse', input, b);
const allTasks = (plan: ParsedPlanDto) => plan.sections.flatMap((s) => [...s.tasks, ...(s.subsections ?? []).flatMap((x) => x.tasks)]);
const CHINESE = /[\u4e00-\u9fff]/;

function changeLog(b: Backend) {
  return b.store.db
    .prepare('SELECT ledger_id AS ledgerId, row_id AS rowId, action, source, actor FROM change_log ORDER BY id')
    .all() as { ledgerId: number; rowId: number | null; action: string; source: string; actor: string }[];
}

beforeAll(() => {
  backend = openBackend();
});

afterAll(() => {
  backend?.close();
  tmp.cleanup();
});

describe('plan.parse', () => {
  it('parses the sample plan: 7 sections, 33 tasks with their own numbers, year and a suggested name', async () => {
    const plan = await parse({ text: SAMPLE });
    expect(plan.sections.map((s) => s.numeral)).toEqual(['一', '二', '三', '四', '五', '五', '七']);
    const tasks = allTasks(plan);
    expect(tasks.map((t) => t.number)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    expect(plan.year).toBe(2020);
    expect(plan.suggestedName).toBe('2020年工作要点台账');
    expect(plan.text).toBe(SAMPLE);
    expect(tasks[4]!.title).toBe('切实保障学位需求');
    expect(tasks.every((t) => t.measures.length > 0)).toBe(true);
    expect(api['plan.parse'].output.safeParse(plan).success).toBe(true);
  });

  it('reports the duplicated 五 and the web-page footer', async () => {
    const plan = await parse({ text: SAMPLE });
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toContain('“五、”重复');
    expect(plan.warnings[0]).toContain('六、');
    expect(plan.warnings[1]).toContain('陕公网安备');
    expect(plan.trailing).toEqual(['陕公网安备:61011202000090号']);
  });

  it('finds every quantitative target of the sample and none of the bait', async () => {
    const tasks = allTasks(await parse({ text: SAMPLE }));
    for (const task of tasks) {
      const expected = SAMPLE_TARGETS[Number(task.number)] ?? [];
      expect(task.targets.map((t) => [t.text, t.value, t.max, t.unit, t.comparator]), `task ${task.number}`).toEqual(expected);
    }
  });

  it('reads a .docx file from bytes and a GBK .txt the same as UTF-8', async () => {
    const docx = await parse({ bytes: new Uint8Array(buildDocx(DOCX_PLAN)), fileName: '工作要点.docx' });
    expect(docx.sections.length).toBeGreaterThan(0);
    expect(allTasks(docx).length).toBeGreaterThan(0);
    const fromFile = await parse({ bytes: new Uint8Array(fixture('plans/other-bureau-plan.docx')), fileName: 'other-bureau-plan.docx' });
    expect(allTasks(fromFile).length).toBeGreaterThan(0);

    const gbk = await parse({ bytes: new Uint8Array(fixture('plans/other-bureau-plan-gbk.txt')), fileName: '要点.txt' });
    const utf8 = await parse({ text: OTHER });
    expect(gbk.sections).toEqual(utf8.sections);
    expect(gbk.suggestedName).toBe('灞桥区教育局2021年工作要点台账');
  });

  it('lists a note about Word automatic numbering first among the warnings', async () => {
    const numbered = (text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const xml = documentXml(['一、加强党建', '1. 开展培训。']).replace('<w:sectPr/>', `${['甲。', '乙。', '丙。', '丁。'].map(numbered).join('')}<w:sectPr/>`);
    const plan = await parse({ bytes: new Uint8Array(docxPackage(xml)), fileName: '要点.docx' });
    expect(plan.warnings[0]).toContain('4 段使用了自动编号');
  });

  it('uses the file name for the suggested name when the text names no year', async () => {
    const text = '一、加强党建\n1. 开展培训。每季度一次。\n';
    const plan = await parse({ bytes: new TextEncoder().encode(text), fileName: 'C:\\文件\\教育局要点.txt' });
    expect(plan.year).toBeNull();
    expect(plan.suggestedName).toBe('教育局要点台账');
  });

  it('refuses empty input with a Chinese message', async () => {
    for (const input of [{ text: '' }, { text: ' \n\t ' }, { bytes: new Uint8Array(0), fileName: 'a.txt' }]) {
      const error = await failure('plan.parse', input);
      expect(error.code).toBe('empty_input');
      expect(error.message).toMatch(CHINESE);
    }
  });

  it('refuses binary garbage with the PlanInputError code and its Chinese message', async () => {
    const garbage = new Uint8Array(4096);
    let x = 7;
    for (let i = 0; i < garbage.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      garbage[i] = x >>> 16;
    }
    const error = await failure('plan.parse', { bytes: garbage, fileName: '工作要点.txt' });
    expect(error.code).toBe('not_text');
    expect(error.message).toContain('.txt 或 .docx');
    expect(ERROR_CODES).toContain(error.code);

    const png = await failure('plan.parse', { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), fileName: 'a.png' });
    expect(png.code).toBe('unsupported_file');
    const brokenDocx = await failure('plan.parse', { bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), fileName: 'a.docx' });
    expect(brokenDocx.code).toBe('unsupported_file');
    expect(brokenDocx.message).toContain('另存为');
  });

  it('rejects malformed input as invalid_input', async () => {
    for (const input of [{}, { text: 5 }, { bytes: 'abc', fileName: 'a.txt' }, { bytes: new Uint8Array(1) }, { text: 'a', extra: 1 }]) {
      const error = await failure('plan.parse', input);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(CHINESE);
    }
  });
});

describe('plan.createLedger', () => {
  let b: Backend;
  beforeAll(() => {
    b = openBackend();
  });
  afterAll(() => b.close());
  afterEach(() => vi.restoreAllMocks());

  it('creates section, task and measure rows from the sample, with plan numbers, targets and a change log', async () => {
    const plan = await parse({ text: SAMPLE }, b);
    const measures = allTasks(plan).reduce((n, t) => n + t.measures.length, 0);
    const { ledger, counts } = await ok<{ ledger: { id: number; name: string; year: number; rowCount: number }; counts: Record<string, number> }>(
      'plan.createLedger',
      { name: plan.suggestedName, year: plan.year, sections: plan.sections },
      b,
    );
    expect(ledger.name).toBe('2020年工作要点台账');
    expect(ledger.year).toBe(2020);
    expect(counts).toEqual({ sections: 7, tasks: 33, measures, targets: 26, rows: 7 + 33 + measures });
    expect(ledger.rowCount).toBe(counts.rows);
    expect(api['plan.createLedger'].output.safeParse({ ledger, counts }).success).toBe(true);

    const rows = await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b);
    expect(rows).toHaveLength(counts.rows);
    const sections = rows.filter((r) => r.level === 'section');
    expect(sections.map((r) => r.values.code)).toEqual(['一', '二', '三', '四', '五', '五', '七']);
    expect(sections[0]!.values.task).toBe('全面从严治党,坚持党对教育工作的领导');
    expect(sections.every((s) => s.parentId === null)).toBe(true);

    const tasks = rows.filter((r) => r.level === 'task');
    expect(tasks.map((r) => r.values.code)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    const task5 = tasks[4]!;
    expect(task5.values.task).toBe('切实保障学位需求');
    expect(task5.values.target).toBe('6所；增加学位5190个');
    expect(task5.parentId).toBe(sections[1]!.id);
    expect(tasks[9]!.values.target).toBe('不低于4:6；新增教室44间；1个；8个；277个');

    const items = rows.filter((r) => r.level === 'item');
    expect(items).toHaveLength(measures);
    const task5Items = items.filter((r) => r.parentId === task5.id);
    expect(task5Items).toHaveLength(1);
    expect(task5Items[0]!.values.measures).toContain('增加学位5190个');
    expect(task5Items[0]!.values.target).toBe('6所；增加学位5190个');
    // Display order: a section, then its tasks each followed by their measures.
    expect(rows[0]!.level).toBe('section');
    expect(rows[1]!.values.code).toBe('1');
    expect(rows[2]!.level).toBe('item');
    expect(rows[2]!.parentId).toBe(rows[1]!.id);

    const log = changeLog(b).filter((e) => e.ledgerId === ledger.id);
    expect(log).toHaveLength(1 + counts.rows);
    expect(log.every((e) => e.source === 'plan-import' && e.actor === '测试员')).toBe(true);
    expect(log[0]!.action).toBe('create_ledger');
    expect(new Set(log.slice(1).map((e) => e.rowId))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('fills lead and responsible units and leaders from the plan text', async () => {
    const plan = await parse({ text: OTHER }, b);
    const { ledger } = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '灞桥台账', sections: plan.sections }, b);
    const tasks = (await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b)).filter((r) => r.level === 'task');
    const first = tasks[0]!;
    expect(first.values.code).toBe('1');
    expect(first.values.leadDept).toBe('机关党委');
    expect(first.values.units).toBe('各中小学、幼儿园');
    const doubleReduction = tasks.find((t) => t.values.task === '落实“双减”工作')!;
    expect(doubleReduction.values.leader).toBe('王副局长');
    expect(doubleReduction.values.leadDept).toBe('基础教育科');
  });

  it('fills the deadline column from 完成时限 clauses and from the clerk\'s edits', async () => {
    const plan = await parse({ text: '一、民生\n1.扩充学位。新增学位300个。（牵头单位：计财科；完成时限：2020年12月底前）\n2.资助。落实资助政策。\n' }, b);
    const [first, second] = plan.sections[0]!.tasks;
    expect(first!.deadline).toBe('2020年12月底前');
    const sections = [{ ...plan.sections[0]!, tasks: [first!, { ...second!, deadline: '每学期开学前' }] }];
    const { ledger } = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '时限', sections }, b);
    const tasks = (await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b)).filter((r) => r.level === 'task');
    expect(tasks.map((t) => [t.values.deadline, t.values.leadDept])).toEqual([
      ['2020年12月底前', '计财科'],
      ['每学期开学前', ''],
    ]);
  });

  it('creates what the clerk edited: renamed titles and numbers, removed tasks and measures', async () => {
    const plan = await parse({ text: SAMPLE }, b);
    const [first, second] = plan.sections;
    const edited = [
      { ...first!, title: '党建引领', tasks: first!.tasks.slice(0, 2).map((t, i) => (i === 0 ? { ...t, number: '1-1', title: '思想武装', measures: t.measures.slice(0, 2) } : t)) },
      { ...second!, numeral: '六', tasks: second!.tasks.filter((t) => t.number !== '4') },
    ];
    const { ledger, counts } = await ok<{ ledger: { id: number }; counts: Record<string, number> }>(
      'plan.createLedger',
      { name: '  改过的台账 ', sections: edited },
      b,
    );
    const rows = await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b);
    expect(counts.sections).toBe(2);
    expect(counts.tasks).toBe(2 + 3);
    expect(rows[0]!.values.task).toBe('党建引领');
    expect(rows[1]!.values).toMatchObject({ code: '1-1', task: '思想武装' });
    expect(rows.filter((r) => r.parentId === rows[1]!.id)).toHaveLength(2);
    const sectionSix = rows.find((r) => r.level === 'section' && r.values.code === '六')!;
    expect(rows.filter((r) => r.parentId === sectionSix.id).map((r) => r.values.code)).toEqual(['5', '6', '7']);
    expect((await ok<{ name: string }[]>('ledger.list', {}, b)).some((l) => l.name === '改过的台账')).toBe(true);
  });

  it('reads targets again from edited measure texts', async () => {
    const sections = [{ numeral: '一', title: '民生', tasks: [{ number: '1', title: '保障学位', measures: ['新增学位300个。', '建成幼儿园2所。'] }] }];
    const { ledger, counts } = await ok<{ ledger: { id: number }; counts: Record<string, number> }>('plan.createLedger', { name: '手写', sections }, b);
    const rows = await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b);
    expect(rows[1]!.values.target).toBe('新增学位300个；2所');
    expect(rows[3]!.values.target).toBe('2所');
    expect(counts.targets).toBe(2);
  });

  it('nests （一） sub-sections under their section, and puts tasks of a plan without headings at the top', async () => {
    const nested = await parse({ text: '一、总体要求\n（一）党建\n1. 抓党建。开展培训。\n（二）民生\n2. 保学位。新增学位100个。\n' }, b);
    expect(nested.sections[0]!.subsections).toHaveLength(2);
    const { ledger } = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '分节', sections: nested.sections }, b);
    const rows = await ok<Row[]>('rows.list', { ledgerId: ledger.id }, b);
    expect(rows.map((r) => [r.level, r.values.code])).toEqual([
      ['section', '一'],
      ['section', '一'],
      ['task', '1'],
      ['item', ''],
      ['section', '二'],
      ['task', '2'],
      ['item', ''],
    ]);
    expect(rows[1]!.parentId).toBe(rows[0]!.id);
    expect(rows[2]!.parentId).toBe(rows[1]!.id);

    const flat = await parse({ text: '1. 抓党建。开展培训。\n2. 保学位。新增学位100个。\n' }, b);
    const created = await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '无章节', sections: flat.sections }, b);
    const flatRows = await ok<Row[]>('rows.list', { ledgerId: created.ledger.id }, b);
    expect(flatRows.filter((r) => r.parentId === null).map((r) => [r.level, r.values.code])).toEqual([
      ['task', '1'],
      ['task', '2'],
    ]);
  });

  it('writes nothing when it fails midway (one transaction)', async () => {
    const fresh = openBackend();
    try {
      const plan = await parse({ text: SAMPLE }, fresh);
      const insert = fresh.store.rows.insert.bind(fresh.store.rows);
      let calls = 0;
      vi.spyOn(fresh.store.rows, 'insert').mockImplementation((ctx, row, at) => {
        if (++calls === 100) throw new Error('磁盘已满');
        return insert(ctx, row, at);
      });
      const error = await failure('plan.createLedger', { name: '半途失败', sections: plan.sections }, fresh);
      expect(error.code).toBe('internal');
      expect(error.message).toContain('磁盘已满');
      expect(calls).toBe(100);
      expect(await ok<unknown[]>('ledger.list', {}, fresh)).toEqual([]);
      expect(fresh.store.db.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 0 });
      expect(changeLog(fresh)).toEqual([]);

      vi.restoreAllMocks();
      const { ledger } = await ok<{ ledger: { rowCount: number } }>('plan.createLedger', { name: '重试', sections: plan.sections }, fresh);
      expect(ledger.rowCount).toBeGreaterThan(100);
    } finally {
      fresh.close();
    }
  });

  it('refuses a plan without tasks, an empty name and malformed sections as invalid_input', async () => {
    const before = (await ok<unknown[]>('ledger.list', {}, b)).length;
    const noTasks = await failure('plan.createLedger', { name: '空', sections: [{ numeral: '一', title: '党建', tasks: [] }] }, b);
    expect(noTasks.code).toBe('invalid_input');
    expect(noTasks.message).toContain('没有任何任务');
    const noSections = await failure('plan.createLedger', { name: '空', sections: [] }, b);
    expect(noSections.code).toBe('invalid_input');
    const noName = await failure('plan.createLedger', { name: '  ', sections: [{ numeral: '一', title: 'a', tasks: [{ number: '1', title: 't' }] }] }, b);
    expect(noName.code).toBe('invalid_input');
    expect(noName.message).toContain('台账名称不能为空');
    const emptyTitle = await failure('plan.createLedger', { name: 'x', sections: [{ numeral: '一', title: 'a', tasks: [{ number: '1', title: ' ' }] }] }, b);
    expect(emptyTitle.code).toBe('invalid_input');
    expect(emptyTitle.message).toContain('任务标题不能为空');
    const wrongType = await failure('plan.createLedger', { name: 'x', sections: [{ numeral: '一', title: 'a', tasks: [{ number: 1, title: 't' }] }] }, b);
    expect(wrongType.code).toBe('invalid_input');
    expect((await ok<unknown[]>('ledger.list', {}, b)).length).toBe(before);
  });
});
