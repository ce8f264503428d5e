// Which unit sent a file: the 报送单位 cell, else the file name, matched against the units directory
// and its aliases. Never a guess: no match, or more than one, leaves the choice to the clerk.
import path from 'node:path';
import type { Unit } from '../../../shared/domain.js';
import { compactText } from '../excel/text-normalise.js';

export interface UnitResolution {
  unit: Unit | null;
  source: 'cell' | 'file-name' | null;
  /** Why no unit was found (Chinese), when unit is null. */
  message: string | null;
}

function key(s: string): string {
  return compactText(s).replace(/[()（）【】[\]「」"“”'‘’]/g, '').toLowerCase();
}

function namesOf(unit: Unit): string[] {
  return [unit.name, ...unit.aliases].map(key).filter((n) => n.length >= 2);
}

/** Units named in the text: an exact name/alias, else those whose longest name occurs in it (one only). */
export function unitsNamedIn(text: string, units: readonly Unit[]): Unit[] {
  const k = key(text);
  if (!k) return [];
  const exact = units.filter((u) => namesOf(u).includes(k));
  if (exact.length) return exact;
  const hits = units
    .map((u) => ({ u, len: Math.max(0, ...namesOf(u).filter((n) => k.includes(n)).map((n) => n.length)) }))
    .filter((h) => h.len > 0);
  // 和平小学 inside 和平小学东校区: keep only names not contained in a longer hit.
  return hits
    .filter((h) => !hits.some((o) => o !== h && o.len > h.len && namesOf(o.u).some((n) => k.includes(n) && namesOf(h.u).some((m) => n.includes(m)))))
    .map((h) => h.u);
}

export function resolveUnit(units: readonly Unit[], unitText: string | null, fileName: string): UnitResolution {
  if (unitText) {
    const found = unitsNamedIn(unitText, units);
    if (found.length === 1) return { unit: found[0]!, source: 'cell', message: null };
    if (found.length > 1) {
      return { unit: null, source: null, message: `表中报送单位“${unitText}”同时对应 ${found.map((u) => u.name).join('、')}，请选择报送单位` };
    }
    return { unit: null, source: null, message: `表中报送单位“${unitText}”不在单位名录中，请选择报送单位（可在单位名录中为它添加别名）` };
  }
  const found = unitsNamedIn(path.parse(fileName).name, units);
  if (found.length === 1) return { unit: found[0]!, source: 'file-name', message: null };
  if (found.length > 1) {
    return { unit: null, source: null, message: `表中没有填写报送单位，文件名同时含有 ${found.map((u) => u.name).join('、')}，请选择报送单位` };
  }
  return { unit: null, source: null, message: '表中没有填写报送单位，文件名中也没有单位名称，请选择报送单位' };
}

/** Whether a ledger cell (责任单位) names exactly this unit and no other. */
export function cellIsUnit(cell: string, unit: Unit): boolean {
  const k = key(cell);
  return k !== '' && namesOf(unit).includes(k);
}
