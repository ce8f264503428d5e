// Maps header columns to ledger fields by meaning, using the column's own words first and then
// its context: parent header (目标任务/单位), neighbours (单位 beside 目标值), sibling columns
// (完成情况 next to 状态 is a narrative) and, when given, sample values.

import type { FieldKey } from '#shared/fields.js';
import type { HeaderBand, HeaderColumn } from './header-band.js';
import { headerKey, matchHeaderText, type HeaderExtra, type HeaderMatch } from './header-vocabulary.js';
import { SheetGrid } from './sheet-grid.js';
import { isStatusText } from './status-value.js';
import type { SheetModel } from './workbook-model.js';

export interface MappedColumn {
  col: number;
  letter: string;
  /** The header as written, levels joined with '/'. */
  header: string;
  path: string[];
  field: FieldKey | null;
  extra?: HeaderExtra;
  /** 0–1: 1 for a listed synonym, lower when inferred from context or partial words. */
  confidence: number;
  /** Why, in English, for logs and the mapping preview. */
  reason: string;
}

export interface ColumnMapping {
  /** Every header column, in sheet order. */
  columns: MappedColumn[];
  /** Columns with neither a field nor an extra meaning. */
  unmapped: MappedColumn[];
  /** Column numbers per field, best first (only units/measures/progress/problems/remarks can have several). */
  fieldColumns: Partial<Record<FieldKey, number[]>>;
  extraColumns: Partial<Record<HeaderExtra, number>>;
}

export interface MapColumnsOptions {
  /** Some values from each column (by column number) to settle ambiguous headers. */
  samples?: ReadonlyMap<number, readonly string[]>;
}

/** Fields that may legitimately come from several columns (存在问题 + 下步打算, 责任单位 + 配合单位). */
const MULTI_COLUMN_FIELDS: ReadonlySet<FieldKey> = new Set(['measures', 'units', 'progress', 'problems', 'remarks']);

interface Candidate extends MappedColumn {
  key: string;
  match: HeaderMatch | null;
}

// Written out, not spread from a base object: every column of every form in a batch makes one.
function candidate(c: HeaderColumn, field: FieldKey | null, confidence: number, reason: string, key: string, match: HeaderMatch | null): Candidate {
  return { col: c.col, letter: c.letter, header: c.text, path: c.path, field, confidence, reason, key, match };
}

function fromMatch(c: HeaderColumn, m: HeaderMatch, confidence: number, reason: string): Candidate {
  const out = candidate(c, m.field, confidence, reason, m.key, m);
  if (m.extra) out.extra = m.extra;
  return out;
}

function firstGuess(c: HeaderColumn): Candidate {
  const leaf = c.path[c.path.length - 1] ?? '';
  const parents = c.path.slice(0, -1).join('');
  const leafMatch = matchHeaderText(leaf);
  const parentMatch = parents ? matchHeaderText(parents) : null;
  const joined = parents ? matchHeaderText(parents + leaf) : null;

  if (leafMatch?.extra === 'targetUnit') {
    if (parentMatch?.field === 'target' || headerKey(parents).includes('目标')) {
      return { ...candidate(c, null, 0.95, 'unit under a target header', leafMatch.key, leafMatch), extra: 'targetUnit' };
    }
    // 责任/单位 reads as 责任单位; otherwise decided by the neighbours later.
    if (joined?.field && joined.how !== 'contains') return fromMatch(c, joined, joined.confidence * 0.9, 'parent and leaf read together');
    return candidate(c, null, 0, 'unit column, meaning from neighbours', leafMatch.key, leafMatch);
  }
  if (leafMatch && (leafMatch.field || leafMatch.extra)) return fromMatch(c, leafMatch, leafMatch.confidence, `header words (${leafMatch.how})`);
  if (joined?.field && joined.how !== 'contains') return fromMatch(c, joined, joined.confidence * 0.9, 'parent and leaf read together');
  if (parentMatch?.field) return fromMatch(c, parentMatch, parentMatch.confidence * 0.7, 'parent header only');
  if (joined?.field) return fromMatch(c, joined, joined.confidence * 0.9, 'parent and leaf read together');
  return candidate(c, null, 0, 'no known header words', headerKey(leaf), null);
}

/** 单位 beside a target column is that target's unit. */
function resolveUnitColumns(cands: Candidate[]): void {
  cands.forEach((c, i) => {
    if (c.match?.extra !== 'targetUnit' || c.extra === 'targetUnit' || c.field) return;
    const left = cands[i - 1];
    if (left && left.col === c.col - 1 && left.field === 'target') {
      c.extra = 'targetUnit';
      c.confidence = 0.85;
      c.reason = 'unit column right of the target';
    }
  });
}

/**
 * 完成情况 names a status in some bureaus and a progress narrative in others. Decide by what
 * else the sheet has, then by the values, else keep status with low confidence.
 */
function resolveCompletion(cands: Candidate[], samples?: ReadonlyMap<number, readonly string[]>): void {
  const ambiguous = cands.filter((c) => c.key === '完成情况' && c.match?.how === 'synonym');
  for (const c of ambiguous) {
    const others = cands.filter((o) => o !== c);
    const values = (samples?.get(c.col) ?? []).map((v) => v.trim()).filter((v) => v !== '');
    const statusShare = values.length > 0 ? values.filter((v) => isStatusText(v)).length / values.length : null;
    if (others.some((o) => o.field === 'status')) {
      Object.assign(c, { field: 'progress', confidence: 0.8, reason: '完成情况 beside a status column: narrative' });
    } else if (statusShare !== null) {
      Object.assign(
        c,
        statusShare >= 0.6
          ? { field: 'status', confidence: 0.85, reason: '完成情况 holding status words' }
          : { field: 'progress', confidence: 0.8, reason: '完成情况 holding narrative text' },
      );
    } else if (others.some((o) => o.field === 'progress')) {
      Object.assign(c, { field: 'status', confidence: 0.7, reason: '完成情况 beside a progress column: status' });
    } else {
      Object.assign(c, { field: 'status', confidence: 0.5, reason: '完成情况 without context: assumed status' });
    }
  }
}

/** 序号 is usually a running count; when a plan-number column exists it keeps the code field. */
function rank(c: Candidate): number {
  return c.confidence - (c.field === 'code' && c.key === '序号' ? 0.5 : 0);
}

function resolveDuplicates(cands: Candidate[]): void {
  const byField = new Map<FieldKey, Candidate[]>();
  for (const c of cands) if (c.field) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  for (const [field, list] of byField) {
    if (list.length < 2 || MULTI_COLUMN_FIELDS.has(field)) continue;
    const [winner, ...losers] = [...list].sort((a, b) => rank(b) - rank(a) || a.col - b.col);
    for (const c of losers) {
      if (field === 'code' && c.key === '序号') {
        Object.assign(c, { field: null, extra: 'rowNumber', reason: `running count; ${winner?.letter} holds the plan number` });
      } else {
        Object.assign(c, { field: null, confidence: 0, reason: `same meaning as column ${winner?.letter}, which matches better` });
      }
    }
  }
}

export function mapColumns(columns: readonly HeaderColumn[], options: MapColumnsOptions = {}): ColumnMapping {
  const cands = columns.map(firstGuess);
  resolveUnitColumns(cands);
  resolveCompletion(cands, options.samples);
  resolveDuplicates(cands);

  const mapped: MappedColumn[] = cands.map(({ key: _key, match: _match, ...m }) => m);
  const fieldColumns: Partial<Record<FieldKey, number[]>> = {};
  const extraColumns: Partial<Record<HeaderExtra, number>> = {};
  for (const m of [...mapped].sort((a, b) => b.confidence - a.confidence || a.col - b.col)) {
    if (m.field) (fieldColumns[m.field] ??= []).push(m.col);
    if (m.extra && extraColumns[m.extra] === undefined) extraColumns[m.extra] = m.col;
  }
  return {
    columns: mapped,
    unmapped: mapped.filter((m) => !m.field && !m.extra),
    fieldColumns,
    extraColumns,
  };
}

/** Up to `limit` non-empty texts per header column from the rows under the header. */
export function sampleColumnValues(
  source: SheetModel | SheetGrid,
  band: HeaderBand,
  limit = 20,
): Map<number, string[]> {
  const grid = source instanceof SheetGrid ? source : new SheetGrid(source);
  const samples = new Map<number, string[]>(band.columns.map((c) => [c.col, []]));
  for (const row of grid.usedRows(band.firstDataRow)) {
    for (const [col, list] of samples) {
      // Section titles and notes merged across the table say nothing about one column.
      const merge = grid.mergeAt(row, col);
      if (merge && merge.right > merge.left) continue;
      const text = grid.text(row, col);
      if (text !== '' && list.length < limit) list.push(text);
    }
    if ([...samples.values()].every((l) => l.length >= limit)) break;
  }
  return samples;
}
