// JSON columns (a template's layout and mapping, an export's snapshot, an issued report's figures and
// text) are read through their zod schemas: a damaged column is refused as db_corrupt, naming the record,
// and the intact ones still read as they were written.
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { TestBackend } from './ledger-helpers.js';

const tmp = makeTempDir('taizhang-stored-json-');
let t: TestBackend;
let ledgerId: number;

function thrown(f: () => unknown): AppError {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

beforeAll(async () => {
  t = new TestBackend(tmp.file('j.db'));
  ledgerId = (await t.ok<{ id: number }>('ledger.create', { name: '台账', year: 2020 })).id;
});
afterAll(() => {
  t?.backend.close();
  tmp.cleanup();
});

describe('stored JSON columns', () => {
  it('a template whose mapping or layout is damaged is refused as db_corrupt, naming the template', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'templates', '报送模板-学校.xlsx')));
    const added = await t.ok<any>('templates.add', { bytes, fileName: '报送模板-学校.xlsx', name: '学校报送' });
    const [listed] = await t.ok<any>('templates.list', {});
    expect(listed.columns).toEqual(added.columns);
    expect(listed.layout).toEqual(added.layout);

    const db = t.backend.store.db;
    const mapping = (db.prepare('SELECT mapping_json AS m FROM templates WHERE id = ?').get(added.id) as { m: string }).m;
    // Valid JSON of the wrong shape: a column without its target.
    db.prepare('UPDATE templates SET mapping_json = ? WHERE id = ?').run(JSON.stringify([{ col: 1, letter: 'A' }]), added.id);
    const wrongShape = await t.failure('templates.list', {});
    expect(wrongShape.code).toBe('db_corrupt');
    expect(wrongShape.message).toContain('模板“学校报送”的列对应的内容已损坏');

    db.prepare('UPDATE templates SET mapping_json = ?, layout_json = ? WHERE id = ?').run(mapping, '{"sheet":', added.id);
    const notJson = await t.failure('templates.updateMapping', { templateId: added.id, columns: [] });
    expect(notJson.code).toBe('db_corrupt');
    expect(notJson.message).toContain('模板“学校报送”的版式的内容已损坏');
  });

  it('an export snapshot that is damaged is refused as db_corrupt; an intact one reads back', () => {
    const rows = [{ id: 1, parentId: null, level: 'task' as const, values: { code: '1', task: '建学校' }, custom: {} }];
    const record = { ledgerId, exportedAt: '2020-06-30T08:00:00.000Z', period: '2020-06', templateId: null, fileName: '台账.xlsx', rows };
    const id = t.backend.store.ledgerExports.record(record);
    expect(t.backend.store.ledgerExports.latest(ledgerId)).toEqual({ id, ...record });

    // Recorded deflated; a snapshot written before migration 9 (JSON text) still reads.
    const stored = t.backend.store.db.prepare('SELECT snapshot FROM ledger_exports WHERE id = ?').pluck();
    expect(stored.get(id)).toBeInstanceOf(Buffer);
    const update = t.backend.store.db.prepare('UPDATE ledger_exports SET snapshot = ? WHERE id = ?');
    update.run(JSON.stringify(rows), id);
    expect(t.backend.store.ledgerExports.latest(ledgerId)).toEqual({ id, ...record });

    for (const damaged of [JSON.stringify([{ ...rows[0], level: 'chapter' }]), Buffer.from('not deflate'), deflateRawSync(Buffer.from('[{"id":'))]) {
      update.run(damaged, id);
      const err = thrown(() => t.backend.store.ledgerExports.latest(ledgerId));
      expect(err.code).toBe('db_corrupt');
      expect(err.message).toContain('台账.xlsx');
    }
  });

  it('an issued report whose figures are damaged is refused as db_corrupt; its text intact reads back', async () => {
    const draft = await t.ok<any>('report.draft', { ledgerId, kind: 'monthly', period: '2020-06' });
    const record = t.backend.store.issuedReports.issue(
      { actor: '测试员', source: 'manual' },
      {
        ledgerId,
        kind: 'monthly',
        period: '2020-06',
        issue: draft.issue,
        issuedAt: '2020-07-01T08:00:00.000Z',
        issuer: '未央区教育局',
        docxName: '通报.docx',
        xlsxName: '附件.xlsx',
        figures: draft.figures,
        text: draft.text,
        docx: new Uint8Array([1, 2, 3]),
        xlsx: new Uint8Array([4, 5, 6]),
      },
      '月通报',
    )!;
    const opened = await t.ok<any>('report.open', { issuedId: record.id });
    expect(opened.figures).toEqual(draft.figures);
    expect(opened.text).toEqual(draft.text);

    t.backend.store.db.prepare('UPDATE issued_reports SET figures = ? WHERE id = ?').run('{"period":"2020-06"}', record.id);
    const err = await t.failure('report.open', { issuedId: record.id });
    expect(err.code).toBe('db_corrupt');
    expect(err.message).toContain(`第 ${record.id} 号已印发报告的统计数据的内容已损坏`);
  });
});
