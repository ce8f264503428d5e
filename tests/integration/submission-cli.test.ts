// `taizhang submissions import FILE...`: the public automation interface (names, flags, JSON fields).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { fixtureBytes, SUBMISSIONS } from '../fixtures/excel/fixture-files.js';
import { REPO_ROOT, SOURCE_CLI_ENV } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from '../helpers/cli.js';

const tmp = makeTempDir();
const dbPath = tmp.file('cli.db');
const sample = (n: string) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', n);
const SAMPLE_PATHS = SUBMISSIONS.map(sample);
let ledgerId: number;

afterAll(() => tmp.cleanup());
afterEach(() => vi.restoreAllMocks());

const cli = (args: string[]) => runCliCaptured(args);

beforeAll(async () => {
  const backend = createBackend(dbPath, { actor: '测试员' });
  const plan = await backend.handlers['plan.parse']({ text: fixtureBytes('work-plan-2020.txt').toString('utf8') }, { actor: '测试员', source: 'test' });
  const created = await backend.handlers['plan.createLedger']({ name: '2020台账', year: plan.year, sections: plan.sections }, { actor: '测试员', source: 'test' });
  ledgerId = created.ledger.id;
  for (const name of ['和平小学', '东元中学', '汉都三幼']) await backend.dispatch('units.add', { name, kind: 'school', aliases: [] });
  backend.close();
});

const ROW_KEYS = ['taskCode', 'target', 'done', 'percent', 'status', 'deadline', 'progress', 'cell'];

describe('taizhang submissions import', () => {
  // A preview warms the backup worker for the apply that may follow; a --dry-run never uses it. That
  // worker kept the real process alive after its answer (until killed), which runs in-process cannot see.
  it('--dry-run, run as the real command, exits by itself once it has answered', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), 'submissions', 'import', SAMPLE_PATHS[0]!, '--db', dbPath, '--ledger', String(ledgerId), '--dry-run', '--json'], {
      cwd: REPO_ROOT,
      env: SOURCE_CLI_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let killed = false;
    // Far beyond the seconds tsx needs to start: only a process that never exits meets it.
    const guard = setTimeout(() => ((killed = true), child.kill()), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(guard);
    expect(killed, 'the command answered but did not exit').toBe(false);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ dryRun: true, imported: 1 });
  }, 90_000);

  it('--dry-run --json prints the documented shape and writes nothing', async () => {
    const { code, out } = await cli(['submissions', 'import', ...SAMPLE_PATHS, path.join(REPO_ROOT, 'tests', 'fixtures', 'excel', 'legacy.xls'), tmp.file('missing.xlsx'), '--db', dbPath, '--ledger', String(ledgerId), '--dry-run', '--json']);
    // Some files importable, some not: exit code 3 (0 only when every file is, 1 when none is).
    expect(code).toBe(3);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ imported: 3, notImported: 2 });
    expect(json).toMatchObject({ dryRun: true, batchId: null, ledgerId });
    expect(json.files.map((f: { file: string; status: string; unit: string | null }) => [f.file, f.status, f.unit])).toEqual([
      ['和平小学-6月报送.xlsx', 'ok', '和平小学'],
      ['东元中学-6月报送.xlsx', 'ok', '东元中学'],
      ['汉都三幼-6月报送.xlsx', 'ok', '汉都三幼'],
      ['legacy.xls', 'error', null],
      ['missing.xlsx', 'error', null],
    ]);
    for (const f of json.files) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'status', 'unit', 'message', 'rows', 'warnings']));
      expect(typeof f.message).toBe('string');
      for (const r of f.rows) expect(Object.keys(r)).toEqual(expect.arrayContaining(ROW_KEYS));
    }
    expect(json.files[3].message).toMatch(/另存为/);
    expect(json.files[4].message).toMatch(/文件不存在/);
    const dongyuan = json.files[1].rows;
    expect(dongyuan.map((r: Record<string, unknown>) => ROW_KEYS.map((k) => r[k]))).toEqual([
      ['5', 1800, 0, 70, '推进中', '2020-08-31', '主体封顶，外墙施工', 'A4'],
      ['10', 30, 30, 100, '已完成', '2020-06-30', '30个标准化考场已通过验收', 'A5'],
      ['23', 1, 0, 30, '滞后', '2020-12-31', '完成场地规划', 'A6'],
      ['25', '1%', 0.2, 20, '推进中', '2020-12-31', '开展近视防控宣传月', 'A7'],
      ['31', '100%', 67, 67, '推进中', '2020-09-01', '一键报警尚未接入', 'A8'],
    ]);
    expect(json.totals).toMatchObject({ files: 3, newRows: 13 });
    // Nothing was written: the same files are still new.
    const again = JSON.parse((await cli(['submissions', 'import', SAMPLE_PATHS[0]!, '--db', dbPath, '--dry-run', '--json'])).out);
    expect(again.files[0].status).toBe('ok');
  });

  it('imports, then reports the same files as duplicates', async () => {
    const first = await cli(['submissions', 'import', ...SAMPLE_PATHS, '--db', dbPath, '--json']);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out);
    expect(json.batchId).toBeGreaterThan(0);
    expect(json.files.map((f: { status: string }) => f.status)).toEqual(['ok', 'ok', 'ok']);
    const again = await cli(['submissions', 'import', ...SAMPLE_PATHS, '--db', dbPath, '--json']);
    const j2 = JSON.parse(again.out);
    expect(j2.files.map((f: { status: string }) => f.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(j2.batchId).toBeNull();
    // Nothing could be imported: a failed operation.
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/错误：3 个文件都不能导入，未写入任何内容/);
    expect(j2).toMatchObject({ imported: 0, notImported: 3 });
  });

  it('prints a Chinese report without --json, and assigns --unit to files that need one', async () => {
    const noUnit = path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', 'messy', '新建 Microsoft Excel 工作表.xlsx');
    const human = await cli(['submissions', 'import', noUnit, '--db', dbPath, '--dry-run']);
    // The only file waits for a unit: nothing importable.
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/\[需选择单位\] 新建 Microsoft Excel 工作表\.xlsx：表中没有填写报送单位/);
    expect(human.out).toMatch(/未写入任何内容/);
    const assigned = JSON.parse((await cli(['submissions', 'import', noUnit, '--db', dbPath, '--unit', '汉都三幼', '--dry-run', '--json'])).out);
    expect(assigned.files[0]).toMatchObject({ status: 'ok', unit: '汉都三幼' });
    const assignedRun = await cli(['submissions', 'import', noUnit, '--db', dbPath, '--unit', '汉都三幼', '--dry-run']);
    expect(assignedRun.code).toBe(0);
    const bad = await cli(['submissions', 'import', '--db', dbPath]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/请指定要导入的报送文件/);
  });

  it('keeps a file name with line breaks and control characters on its own output line', async () => {
    const evil = tmp.file('和平小学\n[可导入] 伪造.xlsx\u001b[2J\r');
    fs.writeFileSync(evil, 'not a workbook');
    const run = await cli(['submissions', 'import', evil, '--db', dbPath, '--dry-run']);
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    // No line was made by the name: exactly one file line, no forged status line, no escape sequence.
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(1);
    expect(run.out).not.toMatch(/^\[可导入\]/m);
    expect(run.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(lines[0]).toContain('和平小学\\n[可导入] 伪造.xlsx\\u001B[2J');
  });
});
