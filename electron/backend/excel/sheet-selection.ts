// Picks the sheet that holds the ledger data: hidden sheets and instruction sheets (填表说明)
// are skipped, and among the rest the sheet whose header maps to the most fields wins.

import { mapColumns, sampleColumnValues, type ColumnMapping } from './column-mapping.js';
import { detectHeaderBand, type HeaderBand } from './header-band.js';
import { SheetGrid } from './sheet-grid.js';
import { compactText } from '#shared/text-normalise.js';
import { WorkbookError } from './workbook-error.js';
import type { SheetModel, SheetState, WorkbookModel } from './workbook-model.js';

export interface SheetCandidate {
  name: string;
  index: number;
  state: SheetState;
  skipped?: 'hidden' | 'instructions' | 'no_header';
  /** Distinct fields the header maps to (plus a fraction for confidence). */
  score: number;
  band?: HeaderBand;
  mapping?: ColumnMapping;
}

export interface DataSheetChoice {
  sheet: SheetModel;
  grid: SheetGrid;
  band: HeaderBand;
  mapping: ColumnMapping;
  candidates: SheetCandidate[];
}

const INSTRUCTION_SHEET = /说明|须知|注意事项|填写要求|填报要求|填表要求|示例|样例|样表|instruction|readme|guide/i;

/** A header needs at least this many distinct fields to count as a ledger header. */
const MIN_FIELDS = 2;

export function isInstructionSheetName(name: string): boolean {
  return INSTRUCTION_SHEET.test(compactText(name));
}

function evaluate(sheet: SheetModel): SheetCandidate & { grid: SheetGrid } {
  const grid = new SheetGrid(sheet);
  const base = { name: sheet.name, index: sheet.index, state: sheet.state, grid };
  const band = detectHeaderBand(grid);
  if (!band) return { ...base, skipped: 'no_header', score: 0 };
  const mapping = mapColumns(band.columns, { samples: sampleColumnValues(grid, band) });
  const fields = new Set(mapping.columns.flatMap((c) => (c.field ? [c.field] : [])));
  const confidence = mapping.columns.reduce((sum, c) => sum + (c.field ? c.confidence : 0), 0);
  const score = fields.size + confidence / 100;
  return fields.size < MIN_FIELDS ? { ...base, skipped: 'no_header', score, band, mapping } : { ...base, score, band, mapping };
}

function rankWithGrids(workbook: WorkbookModel): (SheetCandidate & { grid?: SheetGrid })[] {
  return workbook.sheets.map((sheet) => {
    if (sheet.state !== 'visible') return { name: sheet.name, index: sheet.index, state: sheet.state, skipped: 'hidden', score: 0 };
    if (isInstructionSheetName(sheet.name)) {
      return { name: sheet.name, index: sheet.index, state: sheet.state, skipped: 'instructions', score: 0 };
    }
    return evaluate(sheet);
  });
}

function withoutGrid({ grid: _grid, ...candidate }: SheetCandidate & { grid?: SheetGrid }): SheetCandidate {
  return candidate;
}

/** Every sheet with why it was skipped or how well its header maps, in workbook order. */
export function rankSheets(workbook: WorkbookModel): SheetCandidate[] {
  return rankWithGrids(workbook).map(withoutGrid);
}

/**
 * The data sheet, or a WorkbookError('no_data_sheet'). With `sheetName` the clerk's choice is
 * used as is (hidden or not), provided it has a header.
 */
export function pickDataSheet(workbook: WorkbookModel, options: { sheetName?: string } = {}): DataSheetChoice {
  if (options.sheetName !== undefined) {
    const sheet = workbook.sheets.find((s) => s.name === options.sheetName);
    if (!sheet) throw new WorkbookError('no_data_sheet', `文件中没有名为“${options.sheetName}”的工作表，请重新选择`);
    const c = evaluate(sheet);
    if (!c.band || !c.mapping || c.skipped) {
      throw new WorkbookError('no_data_sheet', `工作表“${sheet.name}”中没有找到台账表头（如“序号”“工作任务”“完成时限”等列），请确认选择的工作表是否正确`);
    }
    const { grid, band, mapping, ...rest } = c;
    return { sheet, grid, band, mapping, candidates: [rest] };
  }

  const ranked = rankWithGrids(workbook);
  let best: (typeof ranked)[number] | undefined;
  for (const c of ranked) if (!c.skipped && (!best || c.score > best.score)) best = c;
  const sheet = best ? workbook.sheets[best.index] : undefined;
  if (!best || !sheet || !best.band || !best.mapping || !best.grid) throw new WorkbookError('no_data_sheet');
  // The grid the header was found in is the one the rows are read from (built once per sheet).
  return { sheet, grid: best.grid, band: best.band, mapping: best.mapping, candidates: ranked.map(withoutGrid) };
}
