// Assigning units, leaders and deadlines to ticked tasks of the parsed plan draft (the plan-import page),
// and the shared replace/add rules rows.assign uses too.
import { describe, expect, it } from 'vitest';
import { assignedText } from '#shared/assignment.js';
import { UnitDirectory } from '#shared/responsibility.js';
import { allTaskKeys, assignToTasks, sectionTaskKeys, type DraftSection, type DraftTask } from '../../renderer/src/pages/plan-import/plan-draft.js';

const dir = new UnitDirectory([
  { id: 1, name: '汉都第三幼儿园', kind: 'kindergarten', aliases: ['汉都三幼'] },
  { id: 2, name: '基础教育科', kind: 'department', aliases: ['基教科'] },
]);

const task = (number: string, patch: Partial<DraftTask> = {}): DraftTask => ({
  number,
  title: `任务${number}`,
  text: '',
  line: Number(number),
  measures: [],
  measureTargets: [],
  targets: [],
  units: [],
  leadUnits: [],
  leaders: [],
  deadline: '',
  ...patch,
}) as DraftTask;

const section = (numeral: string, tasks: DraftTask[], subsections?: DraftSection['subsections']): DraftSection => ({
  numeral,
  label: `${numeral}、`,
  title: `章节${numeral}`,
  intro: '',
  tasks,
  line: 0,
  ...(subsections ? { subsections } : {}),
});

const draft = (): DraftSection[] => [
  section('一', [task('1', { units: ['汉都三幼'], leadUnits: ['基教科'], deadline: '6月底前' }), task('2')]),
  section('二', [task('3', { leaders: ['张局长'] })], [{ ...section('（一）', [task('4')]) }]),
];

describe('draft task keys', () => {
  it('names every task by its place, subsections included, in order', () => {
    expect(allTaskKeys(draft())).toEqual(['0/0', '0/1', '1/0', '1.0/0']);
    expect(sectionTaskKeys(draft()[1]!, '1')).toEqual(['1/0', '1.0/0']);
  });
});

describe('assignToTasks', () => {
  it('replaces on the ticked tasks only, splitting the names typed', () => {
    const { sections, changed } = assignToTasks(draft(), new Set(['0/1', '1.0/0']), 'units', '和平小学，东元中学', 'replace', dir);
    expect(changed).toBe(2);
    expect(sections[0]!.tasks.map((t) => t.units)).toEqual([['汉都三幼'], ['和平小学', '东元中学']]);
    expect(sections[1]!.subsections![0]!.tasks[0]!.units).toEqual(['和平小学', '东元中学']);
    expect(sections[1]!.tasks[0]!.units).toEqual([]);
  });

  it('adds only names not yet named (an alias counts) to units, lead units and leaders', () => {
    const all = new Set(allTaskKeys(draft()));
    const units = assignToTasks(draft(), all, 'units', '汉都第三幼儿园、和平小学', 'add', dir);
    expect(units.sections[0]!.tasks[0]!.units).toEqual(['汉都三幼', '和平小学']);
    expect(units.sections[0]!.tasks[1]!.units).toEqual(['汉都第三幼儿园', '和平小学']);
    expect(units.changed).toBe(4);
    const lead = assignToTasks(draft(), new Set(['0/0', '0/1']), 'leadDept', '基础教育科', 'add', dir);
    expect(lead.changed).toBe(1);
    expect(lead.sections[0]!.tasks.map((t) => t.leadUnits)).toEqual([['基教科'], ['基础教育科']]);
    const leaders = assignToTasks(draft(), new Set(['1/0']), 'leader', '张局长、李副局长', 'add', dir);
    expect(leaders.sections[1]!.tasks[0]!.leaders).toEqual(['张局长', '李副局长']);
  });

  it('adds a deadline only where blank, replaces it everywhere', () => {
    const keys = new Set(['0/0', '0/1']);
    const added = assignToTasks(draft(), keys, 'deadline', ' 年底前 ', 'add', dir);
    expect(added.sections[0]!.tasks.map((t) => t.deadline)).toEqual(['6月底前', '年底前']);
    expect(added.changed).toBe(1);
    const replaced = assignToTasks(draft(), keys, 'deadline', '年底前', 'replace', dir);
    expect(replaced.sections[0]!.tasks.map((t) => t.deadline)).toEqual(['年底前', '年底前']);
  });

  it('leaves the draft untouched where nothing is ticked', () => {
    const before = draft();
    const out = assignToTasks(before, new Set(), 'units', '和平小学', 'replace', dir);
    expect(out.changed).toBe(0);
    expect(out.sections).toEqual(before);
  });
});

describe('assignedText (cells)', () => {
  it('appends after what was typed, with “、”, and keeps the cell when everything is named', () => {
    expect(assignedText('汉都三幼，', '和平小学、汉都第三幼儿园', 'units', 'add', dir)).toBe('汉都三幼、和平小学');
    expect(assignedText('汉都三幼', '汉都第三幼儿园', 'units', 'add', dir)).toBe('汉都三幼');
    expect(assignedText('', '和平小学 东元中学', 'units', 'add', dir)).toBe('和平小学、东元中学');
    expect(assignedText('6月底前', '年底前', 'deadline', 'add', dir)).toBe('6月底前');
    expect(assignedText('6月底前', '年底前', 'deadline', 'replace', dir)).toBe('年底前');
  });
});
