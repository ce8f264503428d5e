import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NO_SECTIONS_WARNING,
  parsePlan,
  planTasks,
  stripUnitClauses,
  type PlanTask,
  type UnitClauses,
} from '../../electron/backend/plan/plan-parser.js';
import type { PlanTarget } from '../../electron/backend/plan/target-extractor.js';
import { SAMPLE_TARGETS, type ExpectedTarget } from '../fixtures/plans/work-plan-2020-targets.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const SAMPLE = fixture('work-plan-2020.txt');
const OTHER = fixture('plans/other-bureau-plan.txt');

const asTuples = (targets: PlanTarget[]): ExpectedTarget[] =>
  targets.map((t) => [t.text, t.value, t.max, t.unit, t.comparator]);

describe('parsePlan on the 2020 sample plan', () => {
  const plan = parsePlan(SAMPLE);
  const tasks = planTasks(plan);
  const task = (n: number): PlanTask => tasks.find((t) => t.number === String(n))!;

  it('finds the 7 sections as written, including the duplicated 五', () => {
    expect(plan.sections.map((s) => s.label)).toEqual(['一、', '二、', '三、', '四、', '五、', '五、', '七、']);
    expect(plan.sections.map((s) => s.numeral)).toEqual(['一', '二', '三', '四', '五', '五', '七']);
    expect(plan.sections.map((s) => s.line)).toEqual([2, 6, 11, 16, 24, 28, 35]);
    expect(plan.sections[0]!.title).toBe('全面从严治党,坚持党对教育工作的领导');
    expect(plan.sections[5]!.title).toBe('坚持立德树人,全面提升育人质量');
    expect(plan.sections.every((s) => s.subsections === undefined && s.intro === '')).toBe(true);
  });

  it('finds 33 tasks with the plan’s own numbers 1..33, continuous across sections', () => {
    expect(tasks.map((t) => t.number)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    expect(plan.sections.map((s) => s.tasks.length)).toEqual([3, 4, 4, 7, 3, 6, 6]);
    expect(plan.sections[4]!.tasks.map((t) => t.number)).toEqual(['19', '20', '21']);
    expect(tasks.map((t) => t.line)).toEqual([3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 29, 30, 31, 32, 33, 34, 36, 37, 38, 39, 40, 41]);
  });

  it('reports the duplicated 五 and the web footer, and nothing else', () => {
    expect(plan.warnings).toEqual([
      '第28行：章节序号“五、”重复（上一章节也是“五、”），可能应为“六、”',
      '第48行起有1行文字不属于工作要点正文（疑似网页页脚：“陕公网安备:61011202000090号”），已单独列出，未计入任务',
    ]);
    expect(plan.trailing).toEqual(['陕公网安备:61011202000090号']);
    expect(task(33).measures.join('')).not.toContain('公网安备');
  });

  it('keeps the general requirements as preamble', () => {
    expect(plan.preamble).toMatch(/^2020年全区教育工作的总体要求是:/);
    expect(plan.preamble).toMatch(/办人民满意的教育。$/);
  });

  it('splits title and measures at the first 。, keeping end punctuation', () => {
    expect(task(1).title).toBe('强化思想武装,抓好基层党建工作');
    expect(task(1).measures).toHaveLength(7);
    expect(task(1).measures[0]).toBe(
      '充分发挥基层党组织的政治核心作用,坚持用习近平新时代中国特色社会主义思想武装党员教师,巩固深化“不忘初心、牢记使命”主题教育成果。',
    );
    expect(task(1).measures[6]).toBe('加强共青团、工会及妇女工作,统筹做好统战、关工委工作。');
    expect(task(5).title).toBe('切实保障学位需求');
    expect(task(5).measures).toEqual([expect.stringMatching(/^全力加快推进.*增加学位5190个。$/)]);
    // The half-width "." inside a slogan is not a sentence end.
    expect(task(22).measures[1]).toBe('组织好“崇廉尚德.好家风润西安”系列活动。');
    expect(tasks.every((t) => t.measures.every((m) => /[。；;！!？?]$/.test(m)))).toBe(true);
  });

  it('reads "3. " with a space and "4." without', () => {
    expect(task(3)).toMatchObject({ label: '3.', title: '严格教育监督执纪问责' });
    expect(task(28)).toMatchObject({ label: '28.', title: '提高教育经费保障水平' });
    expect(task(4)).toMatchObject({ label: '4.', title: '全面落实三年行动计划' });
  });

  it.each(Array.from({ length: 33 }, (_, i) => i + 1))('task %i has exactly its hand-checked targets', (n) => {
    expect(asTuples(task(n).targets)).toEqual(SAMPLE_TARGETS[n] ?? []);
  });

  it('gives every measure its own targets', () => {
    for (const t of tasks) {
      expect(t.measureTargets).toHaveLength(t.measures.length);
      expect(t.measureTargets.flat()).toEqual(t.targets); // no sample title holds a target
    }
    const t10 = task(10);
    expect(t10.measureTargets.map((m) => m.length)).toEqual([0, 1, 4]);
  });

  it('finds no responsible units where the plan names none', () => {
    expect(tasks.every((t) => t.units.length === 0 && t.leadUnits.length === 0 && t.leaders.length === 0)).toBe(true);
  });
});

describe('parsePlan on another bureau’s conventions', () => {
  const plan = parsePlan(OTHER);
  const [s1, s2, s3] = plan.sections;

  it('uses （一） as sections when the plan has no 一、', () => {
    expect(plan.sections.map((s) => [s.label, s.numeral, s.title])).toEqual([
      ['（一）', '一', '坚持党建引领，落实立德树人根本任务'],
      ['（二）', '二', '扩充优质资源，办好人民满意教育'],
      ['（三）', '三', '深化教育改革，激发办学活力'],
    ]);
    expect(plan.preamble.split('\n')).toHaveLength(2);
  });

  it('keeps the plan’s own numbers, normalised to ASCII, restarting per section', () => {
    expect(plan.sections.map((s) => s.tasks.map((t) => t.number))).toEqual([['1', '2', '3'], ['1', '2', '4'], ['1', '2', '3']]);
    expect(s1!.tasks.map((t) => t.label)).toEqual(['１、', '２、', '３．']);
    expect(s3!.tasks.map((t) => t.label)).toEqual(['(1)', '(2)', '(3)']);
  });

  it('reports the skipped task number and the signature lines', () => {
    expect(plan.warnings).toEqual([
      '第19行：任务序号从“2”跳到“4”，缺少“3”',
      '第26行起有2行文字不属于工作要点正文（疑似落款、日期或附件说明：“灞桥区教育局办公室”），已单独列出，未计入任务',
    ]);
    expect(plan.trailing).toEqual(['灞桥区教育局办公室', '2021年2月20日印发']);
  });

  it('reads a parenthesised 牵头单位/责任单位 clause and strips it', () => {
    const t = s1!.tasks[0]!;
    expect(t).toMatchObject({ title: '加强党的政治建设', leadUnits: ['机关党委'], units: ['各中小学', '幼儿园'] });
    expect(t.measures).toEqual(['深入学习贯彻党的十九届五中全会精神，开展党史学习教育。', '全年组织专题培训１２期，覆盖党员教师１５００人次。']);
    expect(asTuples(t.targets)).toEqual([
      ['１２期', 12, null, '期', null],
      ['１５００人次', 1500, null, '人次', null],
    ]);
  });

  it('reads a bare trailing 牵头单位：…；责任单位：… clause', () => {
    const t = s1!.tasks[1]!;
    expect(t).toMatchObject({ leadUnits: ['德育科'], units: ['体卫艺科', '各中小学'] });
    expect(t.measures).toEqual(['推进思政课一体化建设，打造思政“金课”２０节；', '学生体质健康测试优秀率达到５０％以上。']);
    expect(asTuples(t.targets)).toEqual([
      ['２０节', 20, null, '节', null],
      ['达到５０％以上', 50, null, '%', '以上'],
    ]);
  });

  it('reads a half-width (责任科室:…) clause: all go to units, the first also leads', () => {
    const t = s1!.tasks[2]!;
    expect(t).toMatchObject({ title: '推进劳动教育', leadUnits: ['基础教育科'], units: ['基础教育科', '德育科'] });
    expect(t.measures).toEqual(['建设劳动教育实践基地３～５个。']);
    expect(t.targets[0]).toMatchObject({ value: 3, max: 5, unit: '个' });
  });

  it('turns （1）… under a 1、 task into measures and reads the unit line after them', () => {
    const t = s2!.tasks[0]!;
    expect(t.title).toBe('加快学校建设');
    expect(t.measures).toEqual([
      '新建、改扩建中小学幼儿园8所，新增学位6000个以上。',
      '（1）建成投用纺织城小学，新增学位1080个。',
      '（2）开工建设灞河东路中学，年底前完成主体封顶。',
      '（3）完成3所幼儿园提升改造，普惠性幼儿园覆盖率不低于８５％。',
    ]);
    expect(t).toMatchObject({ leadUnits: ['计财科'], units: ['基建办', '各相关学校'] });
    expect(t.measureTargets.map(asTuples)).toEqual([
      [['8所', 8, null, '所', null], ['新增学位6000个以上', 6000, null, '个', '以上']],
      [['新增学位1080个', 1080, null, '个', '新增']],
      [],
      [['3所', 3, null, '所', null], ['不低于８５％', 85, null, '%', '不低于']],
    ]);
  });

  it('reads a heading-only task whose measures and units follow on their own lines', () => {
    const t = s2!.tasks[1]!;
    expect(t).toMatchObject({ title: '推进集团化办学', measures: ['组建教育集团4个，集团化办学覆盖率达到８０％。'] });
    expect(t).toMatchObject({ leadUnits: ['基础教育科'], units: ['基础教育科'] });
  });

  it('reads （A牵头，B、C配合）', () => {
    const t = s2!.tasks[2]!;
    expect(t).toMatchObject({ leadUnits: ['基础教育科'], units: ['人事科', '财务科'] });
    expect(t.measures[1]).toBe('教师培训经费不低于公用经费的5％。');
  });

  it('reads (1) tasks, 责任领导 and a half-width 责任单位: clause', () => {
    expect(s3!.tasks[0]).toMatchObject({ title: '推进“县管校聘”改革', units: ['人事科'], leadUnits: ['人事科'] });
    expect(s3!.tasks[1]).toMatchObject({
      leaders: ['王副局长'],
      units: ['基础教育科', '各中小学'],
      leadUnits: ['基础教育科'],
      measures: ['课后服务学校覆盖率100％，学生参与率达到９０％。'],
    });
    expect(asTuples(s3!.tasks[2]!.targets)).toEqual([['95%以上', 95, null, '%', '以上']]);
  });

  it('leaves no unit clause in titles or measures', () => {
    const texts = planTasks(plan).flatMap((t) => [t.title, ...t.measures]);
    expect(texts.filter((x) => /单位|科室|牵头|配合|领导/.test(x))).toEqual([]);
  });

  it('keeps each task as written for traceability', () => {
    expect(s2!.tasks[1]!.text).toBe('2、推进集团化办学\n组建教育集团4个，集团化办学覆盖率达到８０％。\n责任单位：基础教育科');
  });
});

describe('parsePlan: structure decisions', () => {
  it('treats （一） under 一、 as sub-sections holding the tasks', () => {
    const plan = parsePlan(
      ['一、加强党的领导', '（一）政治建设', '1. 加强理论武装。开展学习12次。', '2. 落实责任制。', '（二）队伍建设', '3. 招聘教师150名。', '二、均衡发展', '4. 新增学位3000个。'].join('\n'),
    );
    expect(plan.warnings).toEqual([]);
    const [first, second] = plan.sections;
    expect(first!.tasks).toEqual([]);
    expect(first!.subsections!.map((s) => [s.label, s.title, s.tasks.map((t) => t.number)])).toEqual([
      ['（一）', '政治建设', ['1', '2']],
      ['（二）', '队伍建设', ['3']],
    ]);
    expect(second!.subsections).toBeUndefined();
    expect(planTasks(plan).map((t) => t.number)).toEqual(['1', '2', '3', '4']);
  });

  it('treats （一） under 一、 as tasks when the plan has no Arabic numbering', () => {
    const plan = parsePlan('一、加强党的领导\n（一）加强理论武装。开展学习12次。\n（二）落实责任制。\n二、均衡发展\n（一）扩充学位。');
    expect(plan.sections.map((s) => s.tasks.map((t) => [t.number, t.label, t.title]))).toEqual([
      [['1', '（一）', '加强理论武装'], ['2', '（二）', '落实责任制']],
      [['1', '（一）', '扩充学位']],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('puts tasks of a plan without headings into one unnamed section, with a warning', () => {
    const plan = parsePlan('2021年工作要点\n1.加强党建。做好工作。\n2.推进改革。新增学位100个。');
    expect(plan.preamble).toBe('2021年工作要点');
    expect(plan.sections).toHaveLength(1);
    expect(plan.sections[0]).toMatchObject({ label: '', title: '', line: 2 });
    expect(planTasks(plan).map((t) => t.title)).toEqual(['加强党建', '推进改革']);
    expect(plan.warnings).toEqual(['第2行：未找到章节标题（如“一、…”），全部任务已归入一个未命名章节']);
  });

  it('reads full-width numbering: １２、 and （１）', () => {
    const plan = parsePlan('一、总体\n１１、甲任务。\n１２．乙任务。\n二、其他\n（１）丙任务。');
    expect(planTasks(plan).map((t) => [t.number, t.label])).toEqual([['11', '１１、'], ['12', '１２．'], ['1', '（１）']]);
  });

  it('does not take "2.0行动计划" at the start of a line for task 2', () => {
    const plan = parsePlan('一、总体\n1. 推进信息化。\n2.0行动计划全面实施。');
    expect(planTasks(plan).map((t) => t.number)).toEqual(['1']);
    expect(planTasks(plan)[0]!.measures).toEqual(['2.0行动计划全面实施。']);
  });

  it('does not split sentences inside quotes or brackets', () => {
    const plan = parsePlan('一、总体\n1. 开展“讲好每堂课；培育一代人”活动。落实《意见（试行；2020）》。做好总结！');
    expect(planTasks(plan)[0]!.title).toBe('开展“讲好每堂课；培育一代人”活动');
    expect(planTasks(plan)[0]!.measures).toEqual(['落实《意见（试行；2020）》。', '做好总结！']);
  });

  it('keeps a heading line’s text after 。 as the section intro', () => {
    const plan = parsePlan('一、总体要求。坚持立德树人。\n以质量为核心。\n1. 任务。');
    expect(plan.sections[0]).toMatchObject({ title: '总体要求', intro: '坚持立德树人。\n以质量为核心。' });
  });

  it('gives the same result for CRLF line endings with a BOM', () => {
    const crlf = parsePlan(`\uFEFF${SAMPLE.replace(/\n/g, '\r\n')}`);
    expect(crlf).toEqual(parsePlan(SAMPLE));
  });
});

describe('parsePlan: anomalies are reported, never fixed', () => {
  it('returns an empty structure for empty or blank input', () => {
    const empty = { preamble: '', sections: [], warnings: [NO_SECTIONS_WARNING], trailing: [] };
    expect(NO_SECTIONS_WARNING).toBe('未找到任何章节（如“一、…”），请确认粘贴的是工作要点正文');
    expect(parsePlan('')).toEqual(empty);
    expect(parsePlan(' \n\u3000\r\n\t')).toEqual(empty);
  });

  it('warns about text that has no sections or tasks at all, keeping it as preamble', () => {
    expect(parsePlan('这是一段普通文字。')).toEqual({ preamble: '这是一段普通文字。', sections: [], warnings: [NO_SECTIONS_WARNING], trailing: [] });
  });

  it('reports a skipped section numeral and a numeral out of order', () => {
    const plan = parsePlan('一、甲\n1.a。\n三、乙\n2.b。\n二、丙\n3.c。');
    expect(plan.warnings).toEqual([
      '第3行：章节序号从“一、”跳到“三、”，缺少“二、”',
      '第5行：章节序号“二、”排在“三、”之后，顺序有误',
    ]);
    expect(plan.sections.map((s) => s.numeral)).toEqual(['一', '三', '二']);
  });

  it('reports duplicated and skipped task numbers, keeping the numbers as written', () => {
    const plan = parsePlan('一、甲\n1.a。\n2.b。\n2.c。\n3.d。\n6.e。');
    expect(plan.warnings).toEqual([
      '第4行：任务序号“2”重复（上一条任务也是“2”），可能应为“3”',
      '第6行：任务序号从“3”跳到“6”，缺少“4”至“5”',
    ]);
    expect(planTasks(plan).map((t) => t.number)).toEqual(['1', '2', '2', '3', '6']);
  });

  it('accepts both continuous and restarting task numbers across sections', () => {
    expect(parsePlan('一、甲\n1.a。\n2.b。\n二、乙\n3.c。').warnings).toEqual([]);
    expect(parsePlan('一、甲\n1.a。\n2.b。\n二、乙\n1.c。').warnings).toEqual([]);
    expect(parsePlan('一、甲\n1.a。\n2.b。\n二、乙\n5.c。').warnings).toEqual(['第5行：任务序号从“2”跳到“5”，缺少“3”至“4”']);
  });

  it('reports a skipped sub-item under a task', () => {
    const plan = parsePlan('一、甲\n1.a。\n（1）x。\n（3）y。');
    expect(plan.warnings).toEqual(['第4行：子项序号从“（1）”跳到“（3）”，缺少“（2）”']);
  });

  it('keeps numbered items before the first section in the preamble, with a warning', () => {
    const plan = parsePlan('通知\n1.这是前言里的编号。\n一、正文\n1.任务。');
    expect(plan.preamble).toBe('通知\n1.这是前言里的编号。');
    expect(planTasks(plan)).toHaveLength(1);
    expect(plan.warnings).toEqual(['第2行：第一个章节之前出现了编号条目“1.”，已保留在前言中，未计入任务']);
  });

  it('does not report ordinary preamble text', () => {
    expect(parsePlan('某区教育局2021年工作要点\n总体要求是：……。\n一、甲\n1.a。').warnings).toEqual([]);
  });

  it('skips page numbers left from a printed copy, with a warning', () => {
    const plan = parsePlan('一、甲\n1.a。\n- 2 -\n2.b。');
    expect(plan.warnings).toEqual(['第3行：“- 2 -”疑似页码，已忽略']);
    expect(planTasks(plan)[0]!.measures).toEqual([]);
  });

  it('reports a section without tasks', () => {
    const plan = parsePlan('一、总体要求\n坚持立德树人。\n二、重点任务\n1.a。');
    expect(plan.sections[0]!.intro).toBe('坚持立德树人。');
    expect(plan.warnings).toEqual(['第1行：章节“一、总体要求”下没有识别到编号任务，其文字已保留为章节说明']);
  });

  it('separates text after a long gap from the last task', () => {
    const plan = parsePlan('一、甲\n1.a。\n补充说明。\n\n\n\n返回列表');
    expect(planTasks(plan)[0]!.measures).toEqual(['补充说明。']);
    expect(plan.trailing).toEqual(['返回列表']);
    expect(plan.warnings).toEqual(['第7行起有1行文字不属于工作要点正文（与正文之间隔有多个空行：“返回列表”），已单独列出，未计入任务']);
  });
});

describe('stripUnitClauses', () => {
  it.each<[string, string, Partial<UnitClauses>]>([
    ['做好活动，责任单位：人事科。', '做好活动。', { units: ['人事科'] }],
    ['做好活动。责任单位：人事科。', '做好活动。', { units: ['人事科'] }],
    ['做好活动（责任单位：人事科）。', '做好活动。', { units: ['人事科'] }],
    ['做好A；责任单位：X；做好B。', '做好A；做好B。', { units: ['X'] }],
    ['做好活动，牵头单位：A，责任单位：B、C等。', '做好活动。', { leadUnits: ['A'], units: ['B', 'C'] }],
    ['（承办科室：计财科；协办单位：各学校）', '', { leadUnits: ['计财科'], units: ['各学校'] }],
    ['（责任单位：各学校（幼儿园））', '', { units: ['各学校（幼儿园）'] }],
    ['（基础教育科牵头，人事科、财务科配合）', '', { leadUnits: ['基础教育科'], units: ['人事科', '财务科'] }],
    ['分管领导：李局长', '', { leaders: ['李局长'] }],
    ['建成投用，完成时限：2020年12月底前。', '建成投用。', { deadlines: ['2020年12月底前'] }],
    ['（牵头单位：计财科；时间节点：每学期开学前）', '', { leadUnits: ['计财科'], deadlines: ['每学期开学前'] }],
    // No colon, no clause: ordinary words stay.
    ['压实责任单位主体责任。', '压实责任单位主体责任。', {}],
    ['推进校(园)长培训。', '推进校(园)长培训。', {}],
  ])('%s', (text, rest, expected) => {
    const into: UnitClauses = { leadUnits: [], units: [], leaders: [] };
    expect(stripUnitClauses(text, into)).toBe(rest);
    expect(into).toEqual({ leadUnits: [], units: [], leaders: [], ...expected });
  });
});

describe('lines broken mid-sentence (text copied from a PDF or an e-mail)', () => {
  it('joins a long unpunctuated line, or one ending in "，", with the next line', () => {
    const text = [
      '一、加强党建',
      '1.强化思想武装。充分发挥基层党组织的政治核心作用,坚持用习近平新时代中国特色社会主义',
      '思想武装党员教师。做好党员发展',
      '工作。',
      '2.推进集团化办学',
      '组建教育集团4个，',
      '集团化办学覆盖率达到80%。',
    ].join('\n');
    const [first, second] = planTasks(parsePlan(text));
    expect(first!.measures).toEqual(['充分发挥基层党组织的政治核心作用,坚持用习近平新时代中国特色社会主义思想武装党员教师。', '做好党员发展工作。']);
    expect(second!.title).toBe('推进集团化办学');
    expect(second!.measures).toEqual(['组建教育集团4个，集团化办学覆盖率达到80%。']);
    expect(second!.targets.map((t) => t.text)).toEqual(['4个', '达到80%']);
  });

  it('keeps short unpunctuated lines as separate measures', () => {
    const task = planTasks(parsePlan('一、安全\n1.加强校园安全\n开展应急演练\n配备专职保安\n完善监控系统\n'))[0]!;
    expect(task.title).toBe('加强校园安全');
    expect(task.measures).toEqual(['开展应急演练', '配备专职保安', '完善监控系统']);
  });
});

describe('deadlines written as labelled clauses', () => {
  it('fills the task deadline and keeps it out of the measures', () => {
    const text = '一、民生\n1.扩充学位。新增学位300个。（牵头单位：计财科；完成时限：2020年12月底前）\n2.校园安全。开展演练，时间节点：6月底前。\n3.资助。落实资助政策。\n';
    const tasks = planTasks(parsePlan(text));
    expect(tasks.map((t) => t.deadline)).toEqual(['2020年12月底前', '6月底前', '']);
    expect(tasks[0]!.measures).toEqual(['新增学位300个。']);
    expect(tasks[1]!.measures).toEqual(['开展演练。']);
    expect(tasks[0]!.leadUnits).toEqual(['计财科']);
  });
});
