// 佐证材料 on a real SQLite file with real files of each type: recognised by bytes, refused with Chinese
// messages (nothing half-applied), stored once per content beside the database, listed, renamed, removed
// and restored through the change log, thumbnails from the worker, and the export package's layout and 清单.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { evidenceFolder, listEvidenceFiles, sha256Hex } from '../../electron/backend/evidence/evidence-folder.js';
import { readZipDirectory, inflateEntry } from '../../electron/backend/excel/zip-directory.js';
import { stopThumbnailWorker } from '../../electron/backend/evidence/thumbnails.js';
import { sanitiseFileName } from '../../electron/backend/evidence/file-name.js';
import type { Evidence } from '#shared/api/evidence-api.js';
import type { Row } from '#shared/domain.js';
import { exeBytes, fixture, heicHeader, makeDocx, makePng, makeXlsx, withExifOrientation, zipOf } from '../helpers/evidence-files.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from '../helpers/cli.js';

const tmp = makeTempDir();
const dbPath = tmp.file('evidence.db');
let backend: Backend;
let rows: Row[];
let ledgerId: number;

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

async function fails(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await backend.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

const taskRow = (code: string) => rows.find((r) => r.level === 'task' && r.values.code === code)!;

beforeAll(async () => {
  backend = createBackend(dbPath, { actor: '办公室小王', evidenceLimits: { maxFileBytes: 200 * 1024, maxBatchBytes: 400 * 1024 } });
  const plan = await call<{ sections: { tasks: { units: string[] }[] }[] }>('plan.parse', { text: fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt'), 'utf8') });
  plan.sections[0]!.tasks[0]!.units = ['和平小学', '东元中学'];
  const { ledger } = await call<{ ledger: { id: number } }>('plan.createLedger', { name: '2020年工作要点台账', year: 2020, sections: plan.sections });
  ledgerId = ledger.id;
  await call('units.add', { name: '和平小学', kind: 'school', aliases: ['和平小'] });
  await call('units.add', { name: '东元中学', kind: 'school', aliases: [] });
  rows = await call<Row[]>('rows.list', { ledgerId });
});
afterAll(async () => {
  await stopThumbnailWorker();
  backend.close();
  tmp.cleanup();
});

describe('evidence.add recognises real files by their bytes', () => {
  it('attaches a JPEG, PNG, HEIC, PDF, .docx, .xlsx, .doc, .xls and a zip of those, whatever their names say', async () => {
    const row = taskRow('1');
    const files = [
      { name: 'IMG_0001.JPG', bytes: fixture('photo.jpg') },
      { name: '现场照片', bytes: makePng() }, // no extension: gets .png
      { name: 'IMG_0002.HEIC', bytes: heicHeader() },
      { name: '通知.pdf', bytes: fixture('sample.pdf') },
      { name: '会议纪要.docx', bytes: await makeDocx() },
      { name: '签到表.wps', bytes: await makeXlsx() }, // named wrongly: the bytes say xlsx
      { name: '会议纪要（旧）.doc', bytes: fixture('minutes.doc') },
      { name: '签到表.et', bytes: fixture('signin.xls') },
      { name: '照片打包.zip', bytes: zipOf([{ name: '照片/1.jpg', data: fixture('photo.jpg') }, { name: '通知.pdf', data: fixture('sample.pdf') }]) },
    ];
    const result = await call<{ period: string; added: Evidence[]; duplicates: Evidence[] }>('evidence.add', { rowId: row.id, period: '2020-06', files });
    expect(result.period).toBe('2020-06');
    expect(result.duplicates).toEqual([]);
    expect(result.added.map((e) => [e.name, e.type])).toEqual([
      ['IMG_0001.JPG', 'jpeg'],
      ['现场照片.png', 'png'],
      ['IMG_0002.HEIC', 'heic'],
      ['通知.pdf', 'pdf'],
      ['会议纪要.docx', 'docx'],
      ['签到表.wps', 'xlsx'],
      ['会议纪要（旧）.doc', 'doc'],
      ['签到表.et', 'xls'],
      ['照片打包.zip', 'zip'],
    ]);
    for (const [i, e] of result.added.entries()) {
      expect(e).toMatchObject({ rowId: row.id, ledgerId, period: '2020-06', addedBy: '办公室小王', size: files[i]!.bytes.length, sha256: sha256Hex(files[i]!.bytes), removedAt: null });
    }
    // Stored beside the database, named by content; the backup lists exactly these files.
    const stored = listEvidenceFiles(dbPath);
    expect(stored.map((f) => f.sha256).sort()).toEqual([...new Set(files.map((f) => sha256Hex(f.bytes)))].sort());
    expect(stored.every((f) => f.path.startsWith(evidenceFolder(dbPath)) && fs.readFileSync(f.path).length === f.size)).toBe(true);
    expect(evidenceFolder(dbPath)).toBe(tmp.file('evidence.evidence'));
  });

  it('defaults to the ledger month with data and stores the same photo once for two rows', async () => {
    const before = listEvidenceFiles(dbPath).length;
    const photo = makePng(80, 60, '#2050a0');
    const a = await call<{ period: string; added: Evidence[] }>('evidence.add', { rowId: taskRow('2').id, files: [{ name: 'a.png', bytes: photo }] });
    const b = await call<{ added: Evidence[] }>('evidence.add', { rowId: taskRow('3').id, period: a.period, files: [{ name: 'b.png', bytes: photo }] });
    expect(a.period).toMatch(/^2020-\d\d$/);
    expect(a.added[0]!.sha256).toBe(b.added[0]!.sha256);
    expect(listEvidenceFiles(dbPath).length).toBe(before + 1);
    // The same content on the same row and month again: a duplicate, nothing new recorded.
    const again = await call<{ added: Evidence[]; duplicates: Evidence[] }>('evidence.add', { rowId: taskRow('2').id, period: a.period, files: [{ name: '又一次.png', bytes: photo }] });
    expect(again.added).toEqual([]);
    expect(again.duplicates.map((d) => d.id)).toEqual([a.added[0]!.id]);
    expect(listEvidenceFiles(dbPath).length).toBe(before + 1);
  });
});

describe('refusals: nothing is attached, the message says what to do', () => {
  const count = async () => (await call<Evidence[]>('evidence.list', { ledgerId })).length;

  it.each([
    ['a Windows program named like a photo', '照片.jpg', () => exeBytes(), '可执行程序或脚本'],
    ['a shell script', 'run.txt', () => Uint8Array.from(Buffer.from('#!/bin/sh\nrm -rf /\n')), '可执行程序或脚本'],
    ['a batch file', '说明.doc', () => Uint8Array.from(Buffer.from('@echo off\r\ndel /q *.*\r\n')), '可执行程序或脚本'],
    ['a zip holding a program', '照片.zip', () => zipOf([{ name: '1.jpg', data: fixture('photo.jpg') }, { name: 'setup.exe', data: exeBytes() }]), '压缩包中的“setup.exe”'],
    ['a zip holding a program hidden under a photo name', '照片.zip', () => zipOf([{ name: '2.jpg', data: exeBytes() }]), '压缩包中的“2.jpg”是可执行程序'],
    ['a document with macros', '宏.docx', () => zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }, { name: 'word/vbaProject.bin', data: Buffer.alloc(10) }]), '含有宏'],
    ['plain text', '说明.txt', () => Uint8Array.from(Buffer.from('这是一段说明文字，不是佐证材料文件。\n'.repeat(5))), '不是可识别的佐证材料类型'],
    ['an empty file', '空.jpg', () => new Uint8Array(0), '空文件'],
    ['a file over the size limit', '大照片.jpg', () => { const b = new Uint8Array(300 * 1024); b.set(fixture('photo.jpg')); return b; }, '超过单个文件的上限'],
  ])('refuses %s', async (_what, name, bytes, message) => {
    const before = await count();
    const good = { name: '好照片.jpg', bytes: makePng(10, 10, '#abcdef') };
    const err = await fails('evidence.add', { rowId: taskRow('4').id, period: '2020-06', files: [good, { name, bytes: bytes() }] });
    expect(err.code).not.toBe('internal');
    expect(err.message).toContain(message);
    expect(err.message).toContain('未添加任何文件');
    expect(await count()).toBe(before);
  });

  it('refuses a zip bomb by the same checks as workbooks, before inflating it', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024); // 5 MB of zeros deflates ~1000:1
    const bomb = zipOf([{ name: 'zeros.jpg', data: big }]);
    const err = await fails('evidence.add', { rowId: taskRow('4').id, files: [{ name: '照片.zip', bytes: bomb }] });
    expect(err.message).toContain('压缩炸弹');
    // A directory that lies about the size is caught while inflating.
    const liar = Buffer.from(zipOf([{ name: 'x.pdf', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50_000)]) }]));
    const dir = readZipDirectory(liar, 10)[0]!;
    const central = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(100, central + 24); // declared uncompressed size: 100 bytes
    liar.writeUInt32LE(100, dir.localHeaderOffset + 22);
    const err2 = await fails('evidence.add', { rowId: taskRow('4').id, files: [{ name: '通知.zip', bytes: Uint8Array.from(liar) }] });
    expect(err2.message).toMatch(/压缩炸弹|已损坏/);
  });

  it('refuses more than the per-import limit in total', async () => {
    const files = Array.from({ length: 3 }, (_, i) => ({ name: `${i}.jpg`, bytes: (() => { const b = new Uint8Array(150 * 1024); b.set(fixture('photo.jpg')); b[b.length - 1] = i; return b; })() }));
    const err = await fails('evidence.add', { rowId: taskRow('4').id, files });
    expect(err.message).toContain('超过一次可添加的上限');
  });
});

describe('names, listing, rename, removal and undo', () => {
  it('sanitises names: no path parts, no control or direction characters, never a path', () => {
    expect(sanitiseFileName('..\\..\\Windows\\system32\\照片.jpg')).toBe('照片.jpg');
    expect(sanitiseFileName('/etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('报告\u202Egpj.exe')).toBe('报告gpj.exe');
    expect(sanitiseFileName('a\u0000b\nc:d?.pdf')).toBe('abc_d_.pdf');
    expect(sanitiseFileName('CON.jpg')).toBe('_CON.jpg');
    expect(sanitiseFileName('...', 'png')).toBe('文件.png');
  });

  it('renames (sanitised, logged), removes (kept in the log) and restores', async () => {
    const row = taskRow('5');
    const { added } = await call<{ added: Evidence[] }>('evidence.add', { rowId: row.id, period: '2020-05', files: [{ name: '../../合影.jpg', bytes: fixture('photo.jpg') }] });
    const e = added[0]!;
    expect(e.name).toBe('合影.jpg');
    const renamed = await call<Evidence>('evidence.rename', { id: e.id, name: 'C:\\temp\\竣工合影\u0007.jpg' });
    expect(renamed.name).toBe('竣工合影.jpg');
    expect((await fails('evidence.rename', { id: e.id, name: '  ' })).message).toContain('文件名不能为空');
    await call('evidence.remove', { id: e.id });
    expect((await call<Evidence[]>('evidence.list', { rowId: row.id })).map((x) => x.id)).not.toContain(e.id);
    expect((await call<Evidence[]>('evidence.list', { rowId: row.id, includeRemoved: true })).find((x) => x.id === e.id)?.removedAt).toBeTruthy();
    const counts = await call<{ rowId: number; inPeriod: number; total: number }[]>('evidence.counts', { ledgerId, period: '2020-05' });
    expect(counts.find((c) => c.rowId === row.id)).toBeUndefined();
    await call('evidence.restore', { id: e.id });
    expect((await call<Evidence[]>('evidence.list', { rowId: row.id, period: '2020-05' })).map((x) => x.name)).toEqual(['竣工合影.jpg']);
    expect((await call<{ rowId: number; inPeriod: number; total: number }[]>('evidence.counts', { ledgerId, period: '2020-05' })).find((c) => c.rowId === row.id)).toEqual({ rowId: row.id, inPeriod: 1, total: 1 });
    const log = await call<{ action: string; oldValue: string | null; newValue: string | null; actor: string }[]>('rows.history', { rowId: row.id });
    expect(log.filter((l) => l.action.endsWith('_evidence')).map((l) => [l.action, l.oldValue, l.newValue])).toEqual([
      ['restore_evidence', null, '竣工合影.jpg'],
      ['remove_evidence', '竣工合影.jpg', null],
      ['rename_evidence', '合影.jpg', '竣工合影.jpg'],
      ['add_evidence', null, '合影.jpg'],
    ]);
  });

  it('opens a file with its bytes and MIME type; makes a PNG thumbnail of a JPEG in the worker, none for a PDF', async () => {
    const list = await call<Evidence[]>('evidence.list', { rowId: taskRow('1').id });
    const jpeg = list.find((e) => e.type === 'jpeg')!;
    const opened = await call<{ name: string; mime: string; bytes: Uint8Array; openedExternally: boolean }>('evidence.open', { id: jpeg.id, external: true });
    expect(opened).toMatchObject({ name: 'IMG_0001.JPG', mime: 'image/jpeg', openedExternally: false });
    expect(Buffer.from(opened.bytes).equals(Buffer.from(fixture('photo.jpg')))).toBe(true);
    const { png } = await call<{ png: Uint8Array | null }>('evidence.thumbnail', { id: jpeg.id });
    expect(png).not.toBeNull();
    const b = Buffer.from(png!);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([b.readUInt32BE(16), b.readUInt32BE(20)]).toEqual([160, 120]); // 320×240 scaled to 160 wide
    const pdf = list.find((e) => e.type === 'pdf')!;
    expect((await call<{ png: Uint8Array | null }>('evidence.thumbnail', { id: pdf.id })).png).toBeNull();
    // A phone's portrait photo (stored sideways, EXIF orientation 6) gets an upright thumbnail.
    const { added } = await call<{ added: Evidence[] }>('evidence.add', { rowId: taskRow('7').id, period: '2020-06', files: [{ name: '竖拍.jpg', bytes: withExifOrientation(fixture('photo.jpg'), 6) }] });
    const upright = Buffer.from((await call<{ png: Uint8Array }>('evidence.thumbnail', { id: added[0]!.id })).png);
    expect([upright.readUInt32BE(16), upright.readUInt32BE(20)]).toEqual([120, 160]);
  });

  it('refuses to serve a stored file that was changed on disk', async () => {
    const e = (await call<Evidence[]>('evidence.list', { rowId: taskRow('1').id })).find((x) => x.type === 'pdf')!;
    const file = listEvidenceFiles(dbPath).find((f) => f.sha256 === e.sha256)!;
    const original = fs.readFileSync(file.path);
    fs.chmodSync(file.path, 0o644);
    fs.writeFileSync(file.path, Buffer.concat([original, Buffer.from('x')]));
    try {
      expect((await fails('evidence.open', { id: e.id })).message).toContain('已损坏或被改动');
    } finally {
      fs.writeFileSync(file.path, original);
    }
  });
});

async function readPackage(bytes: Uint8Array): Promise<{ names: string[]; manifest: unknown[][]; file(name: string): Buffer }> {
  const entries = readZipDirectory(bytes, 10_000);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(inflateEntry(bytes, byName.get('清单.xlsx')!) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('清单')!;
  const manifest: unknown[][] = [];
  ws.eachRow((r) => manifest.push((r.values as unknown[]).slice(1)));
  return { names: entries.map((e) => e.name), manifest, file: (n) => inflateEntry(bytes, byName.get(n)!) };
}

describe('evidence.export: the package an inspector asks for', () => {
  it('lays files out 序号-任务/单位/月份/文件名 with a 清单 of row, unit, month, file, size, SHA-256, added by and at', async () => {
    const r = await call<{ fileName: string; bytes: Uint8Array; files: number; paths: string[] }>('evidence.export', { ledgerId, period: '2020-06' });
    const pkg = await readPackage(r.bytes);
    const task1 = taskRow('1');
    const folder = `1-${task1.values.task.slice(0, 58).trim()}`.slice(0, 60).trim();
    expect(r.fileName).toBe('2020年工作要点台账-佐证材料-2020-06.zip');
    expect(pkg.names).toContain(`${r.paths[0]!.split('/')[0]}/和平小学、东元中学/2020年06月/IMG_0001.JPG`);
    expect(r.paths[0]!.startsWith(folder.slice(0, 10))).toBe(true);
    expect(pkg.names.at(-1)).toBe('清单.xlsx');
    expect(pkg.names.length).toBe(r.files + 1);
    // Every file in the package is the stored content.
    const photoPath = r.paths.find((p) => p.endsWith('IMG_0001.JPG'))!;
    expect(pkg.file(photoPath).equals(Buffer.from(fixture('photo.jpg')))).toBe(true);
    expect(pkg.manifest[1]).toEqual(['序号', '台账行', '单位', '月份', '文件', '大小（字节）', 'SHA-256', '添加人', '添加时间', '包内位置']);
    const line = pkg.manifest.find((l) => l[4] === 'IMG_0001.JPG')!;
    expect(line[2]).toBe('和平小学、东元中学');
    expect(line[3]).toBe('2020年06月');
    expect(line[5]).toBe(fixture('photo.jpg').length);
    expect(line[6]).toBe(sha256Hex(fixture('photo.jpg')));
    expect(line[7]).toBe('办公室小王');
    expect(line[9]).toBe(photoPath);
    expect(pkg.manifest.length - 2).toBe(r.files);
    // May (2020-05) is not in a June package.
    expect(pkg.names.some((n) => n.includes('2020年05月'))).toBe(false);
  });

  it('selects one unit (aliases resolve) or some rows, by quarter or year; says so when there is nothing', async () => {
    const unit = await call<{ paths: string[] }>('evidence.export', { ledgerId, period: '2020-Q2', unit: '和平小' });
    expect(unit.paths.length).toBeGreaterThan(0);
    expect(unit.paths.every((p) => p.split('/')[1] === '和平小学')).toBe(true);
    const some = await call<{ paths: string[] }>('evidence.export', { ledgerId, period: '2020', rowIds: [taskRow('5').id] });
    expect(some.paths.map((p) => p.split('/').slice(2).join('/'))).toEqual(['2020年05月/竣工合影.jpg']);
    const none = await fails('evidence.export', { ledgerId, period: '2019-01' });
    expect(none.message).toContain('没有佐证材料可导出');
  });
});

describe('taizhang evidence add | list | export', () => {
  const cli = (args: string[]) => runCliCaptured([...args, '--db', dbPath]);

  it('adds files, lists them with the documented JSON fields and exports the package', async () => {
    // The CLI opens the database itself: close ours meanwhile.
    const photo = tmp.file('工地照片.jpg');
    fs.writeFileSync(photo, fixture('photo.jpg'));
    const pdf = tmp.file('验收报告.pdf');
    fs.writeFileSync(pdf, fixture('sample.pdf'));
    const row = taskRow('6');
    const add = await cli(['evidence', 'add', String(row.id), photo, pdf, '--period', '2020-07', '--json']);
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out).added.map((e: Evidence) => e.name)).toEqual(['工地照片.jpg', '验收报告.pdf']);
    const list = await cli(['evidence', 'list', '--row', String(row.id), '--json']);
    const json = JSON.parse(list.out) as Record<string, unknown>[];
    expect(json.map((e) => Object.keys(e))).toEqual([
      ['id', 'rowId', 'period', 'name', 'size', 'sha256', 'type', 'addedAt', 'addedBy'],
      ['id', 'rowId', 'period', 'name', 'size', 'sha256', 'type', 'addedAt', 'addedBy'],
    ]);
    expect(json[0]).toMatchObject({ rowId: row.id, period: '2020-07', name: '工地照片.jpg', type: 'jpeg', sha256: sha256Hex(fixture('photo.jpg')) });
    const byPeriod = JSON.parse((await cli(['evidence', 'list', '--ledger', String(ledgerId), '--period', '2020-07', '--json'])).out);
    expect(byPeriod.length).toBe(2);
    const out = tmp.file('包.zip');
    const exp = await cli(['evidence', 'export', '-o', out, '--period', '2020-07', '--ledger', String(ledgerId), '--json']);
    expect(exp.code).toBe(0);
    expect(JSON.parse(exp.out)).toMatchObject({ files: 2 });
    const pkg = await readPackage(Uint8Array.from(fs.readFileSync(out)));
    expect(pkg.names.filter((n) => n !== '清单.xlsx').every((n) => n.split('/')[2] === '2020年07月')).toBe(true);
  });

  it('refuses a program, a missing file and a folder with a Chinese message and exit code 1', async () => {
    const exe = tmp.file('照片.jpg.exe');
    fs.writeFileSync(exe, exeBytes());
    const bad = await cli(['evidence', 'add', String(taskRow('6').id), exe, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error.message).toContain('可执行程序');
    const missing = await cli(['evidence', 'add', String(taskRow('6').id), tmp.file('nope.jpg')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('文件不存在');
    const folder = await cli(['evidence', 'add', String(taskRow('6').id), tmp.dir]);
    expect(folder.err).toContain('文件夹');
    // A FIFO would block a plain read forever, a symlink to a device never ends: checked on the open descriptor.
    const fifo = tmp.file('照片.fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    const pipe = await cli(['evidence', 'add', String(taskRow('6').id), fifo]);
    expect(pipe.code).toBe(1);
    expect(pipe.err).toContain('不是普通文件');
    const device = tmp.file('零.jpg');
    fs.symlinkSync('/dev/zero', device);
    expect((await cli(['evidence', 'add', String(taskRow('6').id), device])).err).toContain('不是普通文件');
    const noOut = await cli(['evidence', 'export']);
    expect(noOut.err).toContain('请用 -o 指定');
  });
});
