// Who is responsible for what: the one place that reads unit names out of ledger cells.
// A 牵头科室 / 责任单位 cell is split into names, each name is resolved through the units directory
// (name or alias → the directory's name), and a row names units in a role (lead / responsible).
// What the clerk typed is kept in the cells; resolved names are derived on every read, so an alias
// added to the directory later applies to rows written before it existed.
import type { Unit } from './domain.js';
import { compactText } from './text-normalise.js';

/** Separators between names in one unit cell: 、，,；;/ and spaces (full- and half-width). */
const UNIT_SEPARATORS = /[、，,；;/／\s\u3000]+/;

/** The names written in a unit cell, in order, without duplicates ("和平小学、东元中学" → two names). */
export function splitUnitText(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(UNIT_SEPARATORS)) {
    const name = part.replace(/[。.]+$/, '').trim();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The form two spellings of one name are compared in: half-width, no spaces or brackets, lower case. */
export function unitKey(name: string): string {
  return compactText(name).replace(/[()（）【】[\]「」"“”'‘’]/g, '').toLowerCase();
}

export type UnitRole = 'lead' | 'responsible';

/** The fields of a row that name units, and the role each gives. */
export const UNIT_FIELDS = [
  { field: 'leadDept', role: 'lead' },
  { field: 'units', role: 'responsible' },
] as const satisfies readonly { field: string; role: UnitRole }[];

interface UnitCells {
  values: { leadDept: string; units: string };
}

/** A unit's name and aliases as keys (unitKey), in that order; '' where a spelling has nothing left. */
function spellingKeys(u: Unit): string[] {
  return [u.name, ...u.aliases].map(unitKey);
}

/** The directory as a resolver: any spelling of a unit → its entry and canonical name. */
export class UnitDirectory {
  private readonly byKey = new Map<string, Unit>();
  /** Each unit's spellings as keys, two characters or more (what findInText looks for), in `units` order. */
  private readonly spellings: string[][] = [];

  constructor(readonly units: readonly Unit[] = []) {
    for (const u of units) {
      const keys = spellingKeys(u);
      for (const k of keys) if (k && !this.byKey.has(k)) this.byKey.set(k, u);
      this.spellings.push(keys.filter((k) => k.length >= 2));
    }
  }

  /** The directory's entry for a name or alias. */
  unit(name: string): Unit | undefined {
    return this.byKey.get(unitKey(name));
  }

  /** The canonical name: the directory's name, else the name as written (trimmed). */
  resolve(name: string): string {
    return this.unit(name)?.name ?? name.trim();
  }

  // Ledgers repeat the same few hundred unit cells over thousands of rows: resolve each text once.
  private readonly namesCache = new Map<string, readonly string[]>();

  /** The canonical names a cell names, in order, without duplicates. */
  namesIn(text: string): readonly string[] {
    const cached = this.namesCache.get(text);
    if (cached) return cached;
    const out: string[] = [];
    for (const n of splitUnitText(text)) {
      const r = this.resolve(n);
      if (!out.includes(r)) out.push(r);
    }
    if (this.namesCache.size > 20_000) this.namesCache.clear();
    this.namesCache.set(text, out);
    return out;
  }

  /** Units a row names, each with its role (a unit in both cells is listed once, as lead). */
  rowUnits(row: UnitCells): { name: string; role: UnitRole }[] {
    const out: { name: string; role: UnitRole }[] = [];
    for (const { field, role } of UNIT_FIELDS) {
      for (const name of this.namesIn(row.values[field])) if (!out.some((u) => u.name === name)) out.push({ name, role });
    }
    return out;
  }

  /** Whether the row names this unit (any spelling) in either role. */
  names(row: UnitCells, unit: string): boolean {
    const target = this.resolve(unit);
    return this.rowUnits(row).some((u) => u.name === target);
  }

  /** Whether a cell names exactly this one unit and no other. */
  cellIsOnly(text: string, unit: string): boolean {
    const names = this.namesIn(text);
    return names.length === 1 && names[0] === this.resolve(unit);
  }

  /** Every unit the rows name, canonical, in first-appearance order. */
  unitsNamedIn(rows: readonly UnitCells[]): string[] {
    const seen = new Set<string>();
    for (const r of rows) for (const u of this.rowUnits(r)) seen.add(u.name);
    return [...seen];
  }

  /**
   * Units whose name or alias occurs in free text (a 报送单位 cell, a file name): an exact spelling,
   * else those whose longest spelling occurs in it; a name inside a longer hit (和平小学 inside
   * 和平小学东校区) does not count.
   */
  findInText(text: string): Unit[] {
    const k = unitKey(text);
    if (!k) return [];
    const exact = this.units.filter((_, i) => this.spellings[i]!.includes(k));
    if (exact.length) return exact;
    const hits = this.units
      .map((u, i) => ({ u, found: this.spellings[i]!.filter((n) => k.includes(n)) }))
      .filter((h) => h.found.length > 0);
    return hits
      .filter((h) => !hits.some((o) => o !== h && o.found.some((n) => h.found.some((m) => n !== m && n.includes(m)))))
      .map((h) => h.u);
  }
}

export interface TreeRow extends UnitCells {
  id: number;
  parentId: number | null;
}

export interface Assignment {
  rowId: number;
  role: UnitRole;
}

/**
 * Each unit's assignments: the rows that name it (either role) of which no descendant names it too —
 * the most specific row carries the responsibility. Task 5 names three schools and has one child row
 * per school: each school's assignment is its child row, the lead department's is task 5.
 * Units in first-appearance order; each unit's rows in the order given (display order).
 */
export function assignmentsByUnit(rows: readonly TreeRow[], dir: UnitDirectory): Map<string, Assignment[]> {
  const named = new Map<number, { name: string; role: UnitRole }[]>();
  for (const r of rows) named.set(r.id, dir.rowUnits(r));
  const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
  // A unit named by a row is "covered" at each of its ancestors.
  const coveredBelow = new Map<number, Set<string>>();
  for (const r of rows) {
    const units = named.get(r.id)!;
    if (!units.length) continue;
    for (let p = r.parentId; p != null; p = parentOf.get(p) ?? null) {
      let set = coveredBelow.get(p);
      if (!set) coveredBelow.set(p, (set = new Set()));
      for (const u of units) set.add(u.name);
    }
  }
  const out = new Map<string, Assignment[]>();
  for (const r of rows) {
    for (const u of named.get(r.id)!) {
      if (coveredBelow.get(r.id)?.has(u.name)) continue;
      let list = out.get(u.name);
      if (!list) out.set(u.name, (list = []));
      list.push({ rowId: r.id, role: u.role });
    }
  }
  return out;
}

export type UnitKind = Unit['kind'];

export const UNIT_KINDS: readonly UnitKind[] = ['department', 'school', 'kindergarten', 'other'];

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = { department: '科室', school: '学校', kindergarten: '幼儿园', other: '其他' };

/**
 * The kind a unit's name suggests: …科/…室/…中心/…办 → department; …幼儿园/…幼 → kindergarten;
 * …小学/…中学/…学校/…学 → school; else other. A suggestion for the clerk, shown and changeable.
 */
export function inferUnitKind(name: string): UnitKind {
  const k = unitKey(name).replace(/[。.]+$/, '');
  if (/(幼儿园|幼)$/.test(k)) return 'kindergarten';
  if (/(小学|中学|学校|学)$/.test(k)) return 'school';
  if (/(科|室|中心|办|股|处)$/.test(k)) return 'department';
  return 'other';
}

/** A 单位类别 cell (科室 / 学校 / 幼儿园 / 其他, or the English kind) → the kind; null when not understood. */
export function parseUnitKind(text: string): UnitKind | null {
  const k = unitKey(text);
  if (!k) return null;
  if ((UNIT_KINDS as readonly string[]).includes(k)) return k as UnitKind;
  if (/^(科室|机关科室|股室|处室|部门|机关|直属单位|中心|科)$/.test(k)) return 'department';
  if (/^(幼儿园|幼|公办幼儿园|民办幼儿园)$/.test(k)) return 'kindergarten';
  if (/^(学校|小学|中学|初中|高中|完全中学|九年一贯制学校|十二年一贯制学校|中小学|职业学校|中职|特殊教育学校|民办学校)$/.test(k)) return 'school';
  if (/^(其他|其它)$/.test(k)) return 'other';
  return null;
}

/**
 * Whether a cell names one unit and no other, by that unit's own name and aliases only (not through
 * a directory, where another unit could own a shared spelling): `new UnitDirectory([unit]).cellIsOnly(text, unit.name)`,
 * with each cell's names split once for every unit asked about (a preview asks thousands of times).
 */
export class OnlyUnitCells {
  private readonly keysOfText = new Map<string, readonly string[]>();
  private readonly keysOfUnit = new Map<Unit, ReadonlySet<string>>();

  isOnly(text: string, unit: Unit): boolean {
    let names = this.keysOfText.get(text);
    if (!names) this.keysOfText.set(text, (names = splitUnitText(text).map(unitKey)));
    let own = this.keysOfUnit.get(unit);
    if (!own) this.keysOfUnit.set(unit, (own = new Set(spellingKeys(unit).filter((k) => k !== ''))));
    // Every name written resolves to this unit (a name it does not own stays a name of its own).
    return names.length > 0 && names.every((k) => own.has(k));
  }
}
