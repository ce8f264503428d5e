// The responsibility model: splitting unit cells, resolving through the directory, roles, assignments.
import { describe, expect, it } from 'vitest';
import type { Unit } from '#shared/domain.js';
import { assignmentsByUnit, OnlyUnitCells, splitUnitText, UnitDirectory, type TreeRow } from '#shared/responsibility.js';

const unit = (id: number, name: string, kind: Unit['kind'], aliases: string[] = []): Unit => ({ id, name, kind, aliases });
const DIR = new UnitDirectory([
  unit(1, '基础教育科', 'department', ['基教科']),
  unit(2, '和平小学', 'school'),
  unit(3, '汉都第三幼儿园', 'kindergarten', ['汉都三幼']),
  unit(4, '东元中学', 'school'),
]);

function row(id: number, parentId: number | null, leadDept = '', units = ''): TreeRow {
  return { id, parentId, values: { leadDept, units } };
}

describe('splitUnitText', () => {
  it('splits on 、，,；;/ and spaces, full- or half-width, without duplicates', () => {
    expect(splitUnitText('和平小学、东元中学，汉都三幼;基础教育科／人事科 各学校  各学校')).toEqual([
      '和平小学', '东元中学', '汉都三幼', '基础教育科', '人事科', '各学校',
    ]);
    expect(splitUnitText('和平小学；东元中学。')).toEqual(['和平小学', '东元中学']);
    expect(splitUnitText('  ')).toEqual([]);
  });
});

describe('UnitDirectory', () => {
  it('resolves names and aliases whatever the width, spacing or brackets; unknown names stay as written', () => {
    expect(DIR.resolve('汉都三幼')).toBe('汉都第三幼儿园');
    expect(DIR.resolve(' 基教科 ')).toBe('基础教育科');
    expect(DIR.resolve('和平 小学')).toBe('和平小学');
    expect(DIR.resolve('城南小学')).toBe('城南小学');
    expect(DIR.namesIn('汉都三幼、汉都第三幼儿园、城南小学')).toEqual(['汉都第三幼儿园', '城南小学']);
  });

  it('gives each unit a row names its role: 牵头科室 lead, 责任单位 responsible, lead once when in both', () => {
    expect(DIR.rowUnits(row(1, null, '基教科', '和平小学、基础教育科'))).toEqual([
      { name: '基础教育科', role: 'lead' },
      { name: '和平小学', role: 'responsible' },
    ]);
    expect(DIR.names(row(1, null, '', '汉都三幼'), '汉都第三幼儿园')).toBe(true);
    expect(DIR.names(row(1, null, '', '汉都三幼'), '和平小学')).toBe(false);
  });

  it('applies an alias added later to rows written before it', () => {
    const r = row(1, null, '', '东元');
    expect(new UnitDirectory([unit(4, '东元中学', 'school')]).names(r, '东元中学')).toBe(false);
    expect(new UnitDirectory([unit(4, '东元中学', 'school', ['东元'])]).names(r, '东元中学')).toBe(true);
  });
});

describe('OnlyUnitCells', () => {
  it("answers as a one-unit directory does: the cell names this unit (any of its spellings) and nothing else", () => {
    // 和平小 is 和平小学's alias here and also written for another unit: by this unit's own spellings only.
    const units = [unit(2, '和平小学', 'school', ['和平小']), unit(5, '和平小学东校区', 'school', ['和平小']), unit(3, '汉都第三幼儿园', 'kindergarten', ['汉都三幼'])];
    const cells = [
      '和平小学', ' 和平 小学 ', '和平小', '和平小学、和平小', '（和平小学）', '和平小学。', '和平小学、东元中学', '和平小学东校区',
      '汉都三幼', '汉都第三幼儿园／汉都三幼', '汉都三幼、和平小学', '', '  ', '()', '和平小学、()', '各学校',
    ];
    const only = new OnlyUnitCells();
    for (const u of units) {
      const one = new UnitDirectory([u]);
      for (const text of cells) expect([u.name, text, only.isOnly(text, u)]).toEqual([u.name, text, one.cellIsOnly(text, u.name)]);
    }
    expect(only.isOnly('和平小学、和平小', units[0]!)).toBe(true);
    expect(only.isOnly('和平小', units[1]!)).toBe(true);
    expect(only.isOnly('和平小学、东元中学', units[0]!)).toBe(false);
    expect(only.isOnly('', units[0]!)).toBe(false);
  });
});

describe('assignmentsByUnit', () => {
  it('gives each unit the most specific rows that name it', () => {
    // Task 5 (lead 基础教育科) names three schools and has one child row per school.
    const rows = [
      row(1, null),
      row(5, 1, '基础教育科', '和平小学、东元中学、汉都三幼'),
      row(51, 5, '', '和平小学'),
      row(52, 5, '', '东元中学'),
      row(53, 5, '', '汉都第三幼儿园'),
      row(6, 1, '基础教育科', '和平小学'),
    ];
    const a = assignmentsByUnit(rows, DIR);
    expect(Object.fromEntries([...a].map(([u, list]) => [u, list.map((x) => x.rowId)]))).toEqual({
      基础教育科: [5, 6],
      和平小学: [51, 6],
      东元中学: [52],
      汉都第三幼儿园: [53],
    });
    expect(a.get('基础教育科')![0]!.role).toBe('lead');
    expect(a.get('和平小学')![0]!.role).toBe('responsible');
  });

  it('counts a unit named only deep in the tree at that depth, and a section naming a unit when nothing below does', () => {
    const rows = [row(1, null, '', '东元中学'), row(2, 1), row(3, 2, '', '东元中学'), row(4, null, '', '和平小学'), row(5, 4)];
    const a = assignmentsByUnit(rows, DIR);
    expect(a.get('东元中学')!.map((x) => x.rowId)).toEqual([3]);
    expect(a.get('和平小学')!.map((x) => x.rowId)).toEqual([4]);
  });
});
