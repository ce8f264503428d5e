// Submissions carrying 佐证材料: a school's .zip holding its form and photos (and a notice), previewed with
// where each file goes (by task number in the folder or file name, else the form's rows), attached to the
// unit's rows for the month when applied; programs in the zip refuse the whole import; loose files dropped
// with a form go with it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { api, type MethodName } from '#shared/api.js';
import type { Evidence, SubmissionEvidenceItem } from '#shared/api/evidence-api.js';
import type { SubmissionPreview } from '#shared/api/submission-api.js';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { taskNumberIn } from '../../electron/backend/evidence/submission-evidence.js';
import { zipEntryName } from '../../electron/backend/evidence/file-name.js';
import { listEvidenceFiles } from '../../electron/backend/evidence/evidence-folder.js';
import { fixtureBytes, submissionFixture } from '../fixtures/excel/fixture-files.js';
import { exeBytes, fixture, makePng, zipOf } from '../helpers/evidence-files.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

let backend: Backend;
let dbPath: string;
let ledgerId: number;
let n = 0;

async function ok<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = await backend.dispatch(method as never, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  api[method as MethodName].output.parse(result.value);
  return result.value as T;
}

const FORM = '和平小学-6月报送.xlsx';
const form = () => Uint8Array.from(submissionFixture(FORM));

beforeEach(async () => {
  backend?.close();
  dbPath = tmp.file(`s${++n}/ledger.db`);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  backend = createBackend(dbPath, { actor: '测试员' });
  const plan = await ok<{ year: number; sections: unknown[] }>('plan.parse', { text: fixtureBytes('work-plan-2020.txt').toString('utf8') });
  ledgerId = (await ok<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年重点工作台账', year: plan.year, sections: plan.sections })).ledger.id;
  await ok('units.add', { name: '和平小学', kind: 'school', aliases: [] });
});

describe('a submission .zip carrying photos', () => {
  it('previews each file with its rows, and attaches them to the unit’s rows for the month when applied', async () => {
    const zip = zipOf([
      { name: `和平小学6月报送/${FORM}`, data: form() },
      { name: '和平小学6月报送/5-学位建设/教学楼竣工.jpg', data: fixture('photo.jpg') },
      { name: '和平小学6月报送/任务25_验收通知.pdf', data: fixture('sample.pdf') },
      { name: '和平小学6月报送/现场照片.png', data: makePng() },
      { name: '和平小学6月报送/说明.txt', data: Buffer.from('这是说明文字，不是佐证材料。'.repeat(3)) },
      { name: '__MACOSX/._教学楼竣工.jpg', data: Buffer.from([0, 5, 22, 7]) },
    ]);
    const p = await ok<SubmissionPreview>('submissions.preview', { ledgerId, files: [{ name: '和平小学6月报送.zip', bytes: zip }] });
    expect(p.files.map((f) => [f.file, f.status, f.unit, f.period])).toEqual([[FORM, 'ok', '和平小学', '2020-06']]);

    const items = await ok<SubmissionEvidenceItem[]>('submissions.evidence', { previewId: p.previewId });
    const by = (name: string) => items.find((i) => i.name === name)!;
    expect(items.map((i) => i.name)).toEqual(['教学楼竣工.jpg', '任务25_验收通知.pdf', '现场照片.png', '说明.txt']);
    expect(by('教学楼竣工.jpg')).toMatchObject({ type: 'jpeg', unit: '和平小学', period: '2020-06', attach: true, reason: '按文件名中的任务编号 5', container: '和平小学6月报送.zip' });
    expect(by('教学楼竣工.jpg').rows.map((r) => r.label)).toEqual([expect.stringMatching(/^5 /)]);
    expect(by('任务25_验收通知.pdf').rows.map((r) => r.label)).toEqual([expect.stringMatching(/^25 /)]);
    // No task number: the form's rows as a whole (its five tasks).
    expect(by('现场照片.png').rows).toHaveLength(5);
    expect(by('现场照片.png').reason).toContain('文件名中没有任务编号');
    expect(by('说明.txt')).toMatchObject({ attach: false, type: null });
    expect(by('说明.txt').reason).toContain('不是可识别的佐证材料类型');

    await ok('submissions.apply', { previewId: p.previewId });
    const rows = await ok<Row[]>('rows.list', { ledgerId, period: '2020-06' });
    const evidence = await ok<Evidence[]>('evidence.list', { ledgerId });
    const rowOf = (e: Evidence) => rows.find((r) => r.id === e.rowId)!;
    const photo = evidence.filter((e) => e.name === '教学楼竣工.jpg');
    expect(photo).toHaveLength(1);
    // The row the import added for 和平小学 under task 5, not the task itself.
    expect(rowOf(photo[0]!).values.units).toBe('和平小学');
    expect(rows.find((r) => r.id === rowOf(photo[0]!).parentId)?.values.code).toBe('5');
    expect(photo[0]).toMatchObject({ period: '2020-06', unit: '和平小学', addedBy: '测试员', type: 'jpeg' });
    expect(evidence.filter((e) => e.name === '现场照片.png')).toHaveLength(5);
    // Five records, one stored file.
    expect(new Set(evidence.filter((e) => e.name === '现场照片.png').map((e) => e.sha256)).size).toBe(1);
    expect(listEvidenceFiles(dbPath)).toHaveLength(3);
    const history = await ok<{ action: string; source: string }[]>('rows.history', { rowId: photo[0]!.rowId });
    expect(history.find((h) => h.action === 'add_evidence')?.source).toBe('报送文件 和平小学6月报送.zip');
    // The package puts it under the unit and month.
    const pkg = await ok<{ paths: string[] }>('evidence.export', { ledgerId, period: '2020-06', unit: '和平小学' });
    expect(pkg.paths).toContain(pkg.paths.find((x) => x.endsWith('/和平小学/2020年06月/教学楼竣工.jpg'))!);
    expect(pkg.paths.find((x) => x.endsWith('教学楼竣工.jpg'))!.startsWith('5-')).toBe(true);
  });

  it('undoing the import removes the evidence it attached to existing rows (logged, restorable)', async () => {
    // 和平小学 already has its row under task 5: the form updates it, the photo goes onto it.
    const list = await ok<Row[]>('rows.list', { ledgerId });
    const task5 = list.find((r) => r.level === 'task' && r.values.code === '5')!;
    const mine = await ok<Row>('rows.add', { ledgerId, parentId: task5.id, level: 'item', values: { units: '和平小学', measures: '和平小学新建项目建成投入使用，新增学位' } });
    const zip = zipOf([
      { name: FORM, data: form() },
      { name: '5-学位建设/教学楼竣工.jpg', data: fixture('photo.jpg') },
    ]);
    const p = await ok<SubmissionPreview>('submissions.preview', { ledgerId, files: [{ name: '和平小学.zip', bytes: zip }] });
    expect((await ok<SubmissionEvidenceItem[]>('submissions.evidence', { previewId: p.previewId }))[0]!.rows.map((r) => r.rowId)).toEqual([mine.id]);
    const { batch } = await ok<{ batch: { id: number } }>('submissions.apply', { previewId: p.previewId });
    const [attached] = await ok<Evidence[]>('evidence.list', { rowId: mine.id });
    expect(attached).toMatchObject({ name: '教学楼竣工.jpg', unit: '和平小学' });
    await ok('submissions.undo', { batchId: batch.id });
    expect(await ok<Evidence[]>('evidence.list', { rowId: mine.id })).toEqual([]);
    expect((await ok<Evidence[]>('evidence.list', { rowId: mine.id, includeRemoved: true }))[0]!.removedAt).toBeTruthy();
    const history = await ok<{ action: string }[]>('rows.history', { rowId: mine.id });
    expect(history.map((h) => h.action)).toContain('remove_evidence');
    await ok('evidence.restore', { id: attached!.id });
    expect(await ok<Evidence[]>('evidence.list', { rowId: mine.id })).toHaveLength(1);
  });

  it('refuses the whole import when the zip holds a program, writing nothing', async () => {
    const zip = zipOf([
      { name: FORM, data: form() },
      { name: '照片/安装照片查看器.exe', data: exeBytes() },
    ]);
    const r = await backend.dispatch('submissions.preview', { ledgerId, files: [{ name: '和平小学.zip', bytes: zip }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/“和平小学\.zip”中的“照片\/安装照片查看器\.exe”.*可执行程序.*未导入任何文件/);
    expect(await ok<Evidence[]>('evidence.list', { ledgerId })).toEqual([]);
  });

  it('takes photos dropped together with a form as that form’s evidence; discarding the preview drops them', async () => {
    const files = [
      { name: FORM, bytes: form() },
      { name: '第7项 活动照片.jpg', bytes: fixture('photo.jpg') },
    ];
    const p = await ok<SubmissionPreview>('submissions.preview', { ledgerId, files });
    const items = await ok<SubmissionEvidenceItem[]>('submissions.evidence', { previewId: p.previewId });
    expect(items.map((i) => [i.name, i.unit, i.attach, i.rows.map((r) => r.label.split(' ')[0])])).toEqual([['第7项 活动照片.jpg', '和平小学', true, ['7']]]);
    await ok('submissions.discard', { previewId: p.previewId });
    expect(await ok<SubmissionEvidenceItem[]>('submissions.evidence', { previewId: p.previewId })).toEqual([]);
    expect(await ok<Evidence[]>('evidence.list', { ledgerId })).toEqual([]);
  });

  it('says why photos dropped without a form cannot be placed', async () => {
    const p = await ok<SubmissionPreview>('submissions.preview', { ledgerId, files: [{ name: '照片.jpg', bytes: fixture('photo.jpg') }] });
    const items = await ok<SubmissionEvidenceItem[]>('submissions.evidence', { previewId: p.previewId });
    expect(items[0]).toMatchObject({ attach: false });
    expect(items[0]!.reason).toContain('没有同批的报送表');
  });
});

describe('names in submissions', () => {
  it('reads task numbers from folder and file names, and GBK entry names from Windows zips', () => {
    expect(taskNumberIn('和平小学/5-学位建设/1.jpg')).toBe('5');
    expect(taskNumberIn('任务25_验收通知.pdf')).toBe('25');
    expect(taskNumberIn('第7项 活动照片.jpg')).toBe('7');
    expect(taskNumberIn('照片/IMG_0001.jpg')).toBeNull();
    expect(taskNumberIn('现场照片2.jpg')).toBeNull();
    expect(taskNumberIn('1.jpg')).toBeNull();
    expect(taskNumberIn('31、家长会签到表.xlsx')).toBe('31');
    const gbk = Buffer.from([0xd5, 0xd5, 0xc6, 0xac, 0x2e, 0x6a, 0x70, 0x67]).toString('latin1'); // 照片.jpg in GBK
    expect(zipEntryName({ name: gbk, flags: 0 })).toBe('照片.jpg');
    expect(zipEntryName({ name: '照片.jpg', flags: 0x800 })).toBe('照片.jpg');
  });
});
