import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractTargets, type PlanTarget } from '../../electron/backend/plan/target-extractor.js';
import { PLAN_TEXT, toHalfWidth } from '#shared/text-normalise.js';
import { SAMPLE_TARGETS, type ExpectedTarget } from '../fixtures/plans/work-plan-2020-targets.js';

const SAMPLE = readFileSync(new URL('../fixtures/work-plan-2020.txt', import.meta.url), 'utf8');

const asTuples = (targets: PlanTarget[]): ExpectedTarget[] =>
  targets.map((t) => [t.text, t.value, t.max, t.unit, t.comparator]);

const one = (text: string): PlanTarget => {
  const found = extractTargets(text);
  expect(found, text).toHaveLength(1);
  return found[0]!;
};

describe('extractTargets on the 2020 sample plan', () => {
  const lines = SAMPLE.split('\n');
  const taskLine = (n: number) => lines.find((l) => new RegExp(`^${n}\\.\\s?\\D`).test(l))!;

  it.each(Array.from({ length: 33 }, (_, i) => i + 1))('task %i: exactly the targets checked by hand', (n) => {
    expect(asTuples(extractTargets(taskLine(n)))).toEqual(SAMPLE_TARGETS[n] ?? []);
  });

  it('finds 26 targets in the whole text and none in the preamble, headings or footer', () => {
    expect(extractTargets(SAMPLE)).toHaveLength(26);
    const nonTask = lines.filter((l) => !/^\d+\.\s?\D/.test(l));
    expect(nonTask.flatMap((l) => extractTargets(l))).toEqual([]);
  });
});

describe('extractTargets: what counts as a target', () => {
  it.each<[string, ExpectedTarget]>([
    ['增加学位5190个', ['增加学位5190个', 5190, null, '个', '增加']],
    ['招聘高层次教师100名', ['100名', 100, null, '名', null]],
    ['新增教室44间', ['新增教室44间', 44, null, '间', '新增']],
    ['完成3000人次培训任务', ['3000人次', 3000, null, '人次', null]],
    ['投入资金1.2亿元', ['1.2亿元', 1.2, null, '亿元', null]],
    ['近视率下降0.5个百分点', ['下降0.5个百分点', 0.5, null, '个百分点', '下降']],
    ['创建示范校2所', ['2所', 2, null, '所', null]],
    ['组建共同体15个', ['15个', 15, null, '个', null]],
    ['覆盖率占比80%', ['80%', 80, null, '%', null]],
    ['覆盖率占比80％', ['80％', 80, null, '%', null]],
    ['入学率96%以上', ['96%以上', 96, null, '%', '以上']],
    ['比例不低于45%', ['不低于45%', 45, null, '%', '不低于']],
    ['较上年下降1%', ['下降1%', 1, null, '%', '下降']],
    ['达到90%', ['达到90%', 90, null, '%', '达到']],
    ['班额不超过45人', ['不超过45人', 45, null, '人', '不超过']],
    ['误差控制在5%以内', ['控制在5%以内', 5, null, '%', '以内']],
    ['比例提高至45%', ['提高至45%', 45, null, '%', '提高']],
    ['培训100余名骨干', ['100余名', 100, null, '名', '余']],
    ['经费不低于公用经费的5%', ['不低于公用经费的5%', 5, null, '%', '不低于']],
    ['职普比不低于4:6', ['不低于4:6', 4, null, ':6', '不低于']],
    ['职普比大体相当４：６', ['４：６', 4, null, ':6', null]],
    ['生均经费650元', ['650元', 650, null, '元', null]],
    ['招聘教师 200 名', ['200 名', 200, null, '名', null]],
    // Full-width digits are read; the text stays as written.
    ['增加学位５１９０个', ['增加学位５１９０个', 5190, null, '个', '增加']],
    ['实践基地３～５个', ['３～５个', 3, 5, '个', null]],
  ])('%s', (text, expected) => {
    expect(asTuples([one(text)])).toEqual([expected]);
  });

  it.each(['1—2所', '1-2所', '1~2所', '1～2所', '1至2所', '1——2所', '１－２所'])('range %s → 1..2 所', (text) => {
    expect(one(text)).toMatchObject({ value: 1, max: 2, unit: '所' });
  });

  it('reads a percentage range with % on both ends', () => {
    expect(one('覆盖率30%-50%')).toMatchObject({ value: 30, max: 50, unit: '%' });
  });

  it('keeps several targets of one sentence in order', () => {
    const found = extractTargets('建成国家教育标准化考点8个、标准化考场277个,新增教室44间。');
    expect(found.map((t) => t.value)).toEqual([8, 277, 44]);
  });

  it('looks back only a few characters, within the clause, for the comparator', () => {
    expect(one('增加学位5190个').comparator).toBe('增加');
    expect(one('新增公办幼儿园学位900个').comparator).toBe('新增'); // 7 characters between
    expect(one('提高办学质量的薄弱学校3所').comparator).toBeNull(); // 10 characters between
    expect(one('增加投入，建设学校3所').comparator).toBeNull(); // another clause
  });

  it('takes the target, not the baseline, in "由80%提高到90%"', () => {
    expect(asTuples(extractTargets('覆盖率由80%提高到90%'))).toEqual([['提高到90%', 90, null, '%', '提高']]);
  });

  it('reads "3个100%" as one 100% target, not 3 个', () => {
    expect(asTuples(extractTargets('接入率“3个100%”建设'))).toEqual([['100%', 100, null, '%', null]]);
  });

  it('does not glue "8，277个" into one number', () => {
    expect(extractTargets('考点8，考场277个').map((t) => t.value)).toEqual([277]);
  });
});

describe('extractTargets: bait that is not a target', () => {
  it.each([
    '2020年完成', '三年行动计划(2019-2021年)', '(2017—2021年)', '(2018——2020年)', '2020届毕业生',
    '“345”工程', '316工程', '“4+4”模式', '“1+5模式”', '“3+2”人才培养模式', '1+x证书试点', '1+5个',
    '第二届大赛', '第四届督学', '党的十九大', '第1批试点', '第3章', '第2条', '“12345”市民热线',
    '15分钟社区教育服务圈', '每天锻炼2小时', '3天内完成', '3个月内完成', '6月底前', '10月31日前',
    '教育信息化2.0行动计划', '上午8:30开会', '不晚于8:30到岗', 'G20峰会', '5G校园', '“十四五”规划', '3-6岁幼儿',
  ])('%s', (text) => {
    expect(extractTargets(text)).toEqual([]);
  });
});

describe('extractTargets: a ratio kept without its 比 (the ledger cell holds only the target text)', () => {
  it('reads 不低于4:6 as the ratio 4:6', () => {
    expect(extractTargets('不低于4:6')).toEqual([{ text: '不低于4:6', value: 4, max: null, unit: ':6', comparator: '不低于' }]);
  });
});

describe('toHalfWidth for plan text (PLAN_TEXT)', () => {
  it('maps full-width digits and signs one for one and keeps the full-width comma and ideographic space', () => {
    const text = '１２３％，（１）：４～５．\u3000';
    const half = toHalfWidth(text, PLAN_TEXT);
    expect(half).toBe('123%，(1):4~5.\u3000');
    expect(half).toHaveLength(text.length);
  });
});
