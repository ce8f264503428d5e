// Which unit sent a file: the 报送单位 cell, else the file name, matched against the units directory
// and its aliases. Never a guess: no match, or more than one, leaves the choice to the clerk.
import path from 'node:path';
import type { Unit } from '#shared/domain.js';
import { UnitDirectory } from '#shared/responsibility.js';

export interface UnitResolution {
  unit: Unit | null;
  source: 'cell' | 'file-name' | null;
  /** Why no unit was found (Chinese), when unit is null. */
  message: string | null;
}

/** `units`: the directory, or its units (a preview builds the directory once for all its files). */
export function resolveUnit(units: readonly Unit[] | UnitDirectory, unitText: string | null, fileName: string): UnitResolution {
  const dir = units instanceof UnitDirectory ? units : new UnitDirectory(units);
  if (unitText) {
    const found = dir.findInText(unitText);
    if (found.length === 1) return { unit: found[0]!, source: 'cell', message: null };
    if (found.length > 1) {
      return { unit: null, source: null, message: `表中报送单位“${unitText}”同时对应 ${found.map((u) => u.name).join('、')}，请选择报送单位` };
    }
    return { unit: null, source: null, message: `表中报送单位“${unitText}”不在单位名录中，请选择报送单位（可在单位名录中为它添加别名）` };
  }
  const found = dir.findInText(path.parse(fileName).name);
  if (found.length === 1) return { unit: found[0]!, source: 'file-name', message: null };
  if (found.length > 1) {
    return { unit: null, source: null, message: `表中没有填写报送单位，文件名同时含有 ${found.map((u) => u.name).join('、')}，请选择报送单位` };
  }
  return { unit: null, source: null, message: '表中没有填写报送单位，文件名中也没有单位名称，请选择报送单位' };
}
