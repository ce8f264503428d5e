// The generated text of the reports (shared/report-text.ts) from hand-made figures.
import { describe, expect, it } from 'vitest';
import type { ReportFigures } from '#shared/report-figures.js';
import { draftReportText, overviewSentence, reportTitle } from '#shared/report-text.js';
import { reportCharts } from '#shared/report-charts.js';
import { unitFigure as unit } from '../helpers/report-figures.js';

function figures(over: Partial<ReportFigures> = {}): ReportFigures {
  return {
    kind: 'monthly',
    period: '2020-06',
    label: '2020年6月',
    asOf: '2020-06',
    totals: { tasks: 33, done: 12, inProgress: 18, notStarted: 0, lagging: 3, overdue: 2, completionRate: 36.4, green: 20, yellow: 7, red: 6 },
    tasks: [],
    units: [unit('和平小学', 1, 75), unit('东元中学', 2, 50, { reported: false }), unit('汉都第三幼儿园', 3, 25), unit('基础教育科', 4, 0)],
    attention: [
      {
        rowId: 5,
        code: '5',
        task: '扩大学前教育资源',
        light: 'red',
        overdue: true,
        progress: 20,
        expected: 60,
        units: ['基础教育科', '汉都第三幼儿园'],
        items: [
          { rowId: 6, text: '新建幼儿园1所', units: ['汉都第三幼儿园'], light: 'red', overdue: true, progress: 10, expected: 60 },
          { rowId: 7, text: '无人负责的一行', units: [], light: 'red', overdue: false, progress: 0, expected: 60 },
        ],
      },
    ],
    completedInQuarter: [],
    turnedRed: [],
    trend: [],
    scheme: null,
    ...over,
  };
}

describe('report text', () => {
  it('writes the 总体情况 sentence from the totals', () => {
    expect(overviewSentence(figures())).toBe(
      '全区共33项重点任务，已完成12项，推进中18项，未启动0项，滞后3项，完成率36.4%；按序时进度，绿灯20项、黄灯7项、红灯6项，逾期2项。',
    );
    const text = draftReportText(figures());
    expect(text.overview).toBe(`截至2020年6月底，${overviewSentence(figures())}`);
    expect(reportTitle(figures())).toBe('2020年6月重点工作推进情况通报');
  });

  it('names the leading and trailing units and those that did not report', () => {
    const text = draftReportText(figures());
    expect(text.units).toContain('4个责任单位中，完成率居前的是和平小学（75.0%）、东元中学（50.0%）；居后的是汉都第三幼儿园（25.0%）、基础教育科（0.0%）。');
    expect(text.units).toContain('未报送的单位1个：东元中学。');
  });

  it('lists the red tasks with their units and the rows that name a unit', () => {
    const text = draftReportText(figures());
    const lines = text.problems.split('\n');
    expect(lines[0]).toBe('亮红灯任务1项（其中逾期1项），具体如下：');
    expect(lines[1]).toBe('1. 第5项“扩大学前教育资源”（基础教育科、汉都第三幼儿园）：完成进度20%，序时进度60%，已逾期。其中：新建幼儿园1所（汉都第三幼儿园）进度10%、已逾期。');
    expect(draftReportText(figures({ attention: [] })).problems).toBe('本期没有亮红灯或逾期的任务。');
    expect(text.requirements.split('\n')).toHaveLength(3);
  });

  it('adds the change since last quarter to a 季点评', () => {
    const trendPoint = (period: string, done: number, red: number) => ({ period, tasks: 33, done, completionRate: Math.round((1000 * done) / 33) / 10, green: 0, yellow: 0, red });
    const q = figures({
      kind: 'quarterly',
      period: '2020-Q2',
      label: '2020年第二季度',
      trend: [trendPoint('2020-03', 6, 9), trendPoint('2020-04', 8, 8), trendPoint('2020-05', 10, 7), trendPoint('2020-06', 12, 6)],
      completedInQuarter: [{ rowId: 1, code: '3', task: '严格教育监督执纪问责', units: [] }],
      turnedRed: [],
      units: [unit('和平小学', 1, 75, { previousRank: 3 }), unit('东元中学', 2, 50, { previousRank: 1 })],
    });
    const text = draftReportText(q);
    expect(text.overview).toContain('截至2020年第二季度末，全区共33项重点任务');
    expect(text.overview).toContain('与上季度末相比，完成率提高18.2个百分点（18.2%→36.4%），红灯由9项变为6项。');
    expect(text.overview).toContain('本季度新完成1项：第3项“严格教育监督执纪问责”。本季度没有新亮红灯的任务。');
    expect(text.units).toContain('名次上升较多的是和平小学（上升2位）');
    expect(reportCharts(q).map((c) => c.id)).toEqual(['status', 'lights', 'units', 'trend']);
    expect(reportCharts(figures()).map((c) => c.id)).toEqual(['status', 'lights', 'units']);
  });

  it('summarises scores and grades in a 年考核', () => {
    const a = figures({
      kind: 'annual',
      period: '2020',
      label: '2020年度',
      asOf: '2020-12',
      units: [unit('和平小学', 1, 100, { score: 95, grade: '优秀', deductions: 0 }), unit('东元中学', 2, 50, { score: 58, grade: '不合格', deductions: 4 })],
    });
    const text = draftReportText(a);
    expect(text.overview).toContain('截至2020年底，');
    expect(text.overview).toContain('2个责任单位平均得分76.5分，优秀1个、良好0个、合格0个、不合格1个；最高和平小学95.0分，最低东元中学58.0分。');
    expect(text.overview).toContain('因未按时报送进展被扣分的单位1个：东元中学（扣4分）。');
  });
});
