// buildPreview (a submissions import's preview) over a plain in-memory PreviewReads: which ledger row a
// school's row updates, old → new, duplicates and older files, without SQLite.
import { describe, expect, it } from 'vitest';
import type { Row, Unit } from '#shared/domain.js';
import { buildPreview, type PreviewReads, type PreviewSession } from '../../electron/backend/import/import-preview.js';
import type { ParsedSubmission, SubmittedRow } from '../../electron/backend/import/submission-reader.js';
import { row } from './plain-store-views.js';

const UNITS: Unit[] = [{ id: 7, name: '和平小学', kind: 'school', aliases: ['和平小'] }];
const ROWS: Row[] = [
  row(1, null, 'section', { code: '一', task: '基础教育' }),
  row(2, 1, 'task', { code: '1', task: '推进课后服务', units: '和平小学' }),
  row(3, 2, 'item', { measures: '和平小学开设课后托管', units: '和平小学', progress: '筹备中', status: '推进中' }),
];

function submitted(values: SubmittedRow['values'], at = 4): SubmittedRow {
  return {
    sheetRow: at,
    cell: `A${at}`,
    taskCode: '1',
    taskText: '推进课后服务',
    measures: '和平小学开设课后托管',
    values,
    cells: Object.fromEntries(Object.keys(values).map((k) => [k, `J${at}`])),
    target: null,
    done: null,
    percent: null,
    status: values.status ?? null,
    deadline: null,
    progress: values.progress ?? null,
    invalid: [],
  };
}

function form(rows: SubmittedRow[], reportDate = '2020-06-28', hash = 'a'.repeat(64)): ParsedSubmission {
  return { name: '和平小学-6月报送.xlsx', size: 1, hash, error: null, sheet: '报送表', unitText: '和平小学', unitCell: 'B2', reportDate, month: { year: 2020, month: 6 }, year: 2020, rows, warnings: [] };
}

function session(files: ParsedSubmission[]): PreviewSession {
  return { id: 'p1', ledgerId: 1, files: files.map((parsed, i) => ({ key: `f${i}`, parsed, included: true, rowChoices: new Map() })), nextKey: files.length + 1 };
}

function reads(over: Partial<PreviewReads> = {}): PreviewReads {
  return {
    ledger: (id) => (id === 1 ? { id: 1, year: 2020 } : undefined),
    units: () => UNITS,
    ledgerRows: () => ROWS,
    monthValues: (_period, ids) => new Map(ROWS.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.values])),
    defaultPeriod: () => '2020-06',
    appliedFile: () => undefined,
    latestSource: () => undefined,
    ...over,
  };
}

describe('buildPreview over a plain view of the store', () => {
  it("updates the unit's own row: only the progress values that differ, old → new", () => {
    const built = buildPreview(reads(), session([form([submitted({ progress: '已开设托管班', status: '推进中' })])]));
    const file = built.dto.files[0]!;
    expect(file).toMatchObject({ status: 'ok', unit: '和平小学', unitId: 7, period: '2020-06' });
    expect(file.rows).toEqual([
      expect.objectContaining({ action: 'update', rowId: 3, changes: [{ field: 'progress', cell: 'J4', oldValue: '筹备中', newValue: '已开设托管班' }] }),
    ]);
    expect(built.dto.totals).toMatchObject({ files: 1, updatedCells: 1, newRows: 0 });
    expect(built.plan.map((p) => p.rows.length)).toEqual([1]);
  });

  it('a file already applied to the ledger is a duplicate, and nothing of it is planned', () => {
    const built = buildPreview(reads({ appliedFile: () => ({ fileName: '和平小学-6月.xlsx', createdAt: '2020-06-29T00:00:00.000Z' }) }), session([form([submitted({ progress: '新' })])]));
    expect(built.dto.files[0]).toMatchObject({ status: 'duplicate' });
    expect(built.plan).toEqual([]);
  });

  it('a file older than the one the ledger value came from is not ticked by default', () => {
    const built = buildPreview(reads({ latestSource: () => ({ reportDate: '2020-06-30', fileName: '和平小学-6月补报.xlsx' }) }), session([form([submitted({ progress: '旧的进展' })], '2020-06-20')]));
    expect(built.dto.files[0]!.rows[0]).toMatchObject({ included: false, conflict: { kind: 'older-file' } });
    expect(built.dto.totals.updatedCells).toBe(0);
  });

  it('an unknown plan number is reported, not guessed', () => {
    const built = buildPreview(reads(), session([form([{ ...submitted({ progress: 'x' }), taskCode: '9' }])]));
    expect(built.dto.files[0]!.rows[0]).toMatchObject({ action: 'unmatched' });
    expect(built.dto.files[0]!.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('任务编号 9 在台账中不存在') })]);
  });
});
