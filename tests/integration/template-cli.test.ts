// `taizhang templates add`, `taizhang export` and `taizhang forms`: the public automation interface
// (names, flags, JSON fields), writing real files.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { REPO_ROOT } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from '../helpers/cli.js';

const TEMPLATES = path.join(REPO_ROOT, 'tests', 'fixtures', 'templates');
const MEETING = path.join(TEMPLATES, '台账模板-重点工作推进情况.xlsx');
const SCHOOL = path.join(TEMPLATES, '报送模板-学校.xlsx');
const tmp = makeTempDir();
const db = tmp.file('cli.db');

const cli = (args: string[]) => runCliCaptured([...args, '--db', db]);

beforeAll(async () => {
  const backend = createBackend(db, { actor: 'cli-test' });
  const plan = await backend.dispatch('plan.parse', { text: fs.readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt'), 'utf8') });
  if (!plan.ok) throw new Error(plan.error.message);
  const sections = (plan.value as { sections: { tasks: { units: string[] }[] }[] }).sections;
  sections[0]!.tasks[0]!.units = ['和平小学'];
  sections[2]!.tasks[0]!.units = ['和平小学', '东元中学'];
  const made = await backend.dispatch('plan.createLedger', { name: '2020年工作要点台账', year: 2020, sections });
  if (!made.ok) throw new Error(made.error.message);
  backend.close();
});
afterAll(() => tmp.cleanup());
afterEach(() => vi.restoreAllMocks());

describe('taizhang templates add', () => {
  it('derives a clean template name from a file name with line breaks and control characters', async () => {
    const evil = tmp.file('督办\n1\t新增模板\u0007\u202e.xlsx');
    fs.copyFileSync(SCHOOL, evil);
    const added = await cli(['templates', 'add', evil, '--json']);
    expect(added.code, added.err).toBe(0);
    const json = JSON.parse(added.out);
    // No controls, no line breaks, trimmed: what a clerk sees in the list is one plain line.
    expect(json.name).toBe('督办 1 新增模板');
    expect(json.fileName).toBe('督办 1 新增模板 .xlsx');
    const list = await cli(['templates']);
    const lines = list.out.trimEnd().split('\n');
    expect(lines.every((l) => /^\d+\t/.test(l)), list.out).toBe(true);
    expect(list.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    // An explicit --name is cleaned the same way.
    const named = JSON.parse((await cli(['templates', 'add', SCHOOL, '--name', ' 第二\r\n模板 ', '--json'])).out);
    expect(named.name).toBe('第二 模板');
    for (const t of [json, named]) await cli(['templates', 'delete', String(t.id)]);
  });

  it('registers a template and prints its mapping as JSON', async () => {
    const { code, out } = await cli(['templates', 'add', SCHOOL, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ name: '报送模板-学校', kind: 'submission', fileName: '报送模板-学校.xlsx' });
    expect(json.columns.map((c: { letter: string }) => c.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K']);
    const list = JSON.parse((await cli(['templates', '--json'])).out);
    expect(list.map((t: { name: string }) => t.name)).toEqual(['报送模板-学校']);
  });

  it('explains a missing or bad file in Chinese on stderr', async () => {
    const missing = await cli(['templates', 'add', tmp.file('nope.xlsx')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/读取文件“.*nope\.xlsx”失败：文件不存在/);
    const bad = await cli(['templates', 'add', path.join(TEMPLATES, 'bad', '无表头.xlsx'), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error.code).toBe('template_no_header');
  });
});

describe('taizhang export', () => {
  it('exports into a template given as a file (registered on the fly) and writes the file atomically', async () => {
    const out = tmp.file('台账.xlsx');
    fs.writeFileSync(out, 'an older export');
    const { code, out: stdout } = await cli(['export', '--template', MEETING, '--period', '2020-06', '-o', out, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ output: out, sections: 7, tasks: 33, warnings: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('未央区教育局2020年重点工作推进情况台账');
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The same file again reuses the registration.
    const again = JSON.parse((await cli(['export', '--template', MEETING, '-o', out, '--json'])).out);
    expect(again.templateId).toBe(json.templateId);
    expect(JSON.parse((await cli(['templates', '--json'])).out)).toHaveLength(2);
  });

  it('exports one unit with the built-in template, and needs -o', async () => {
    const out = tmp.file('和平小学.xlsx');
    const { code, out: stdout } = await cli(['export', '--unit', '和平小学', '-o', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ templateId: null, sections: 2, tasks: 2 });
    const noOutput = await cli(['export']);
    expect(noOutput.code).toBe(1);
    expect(noOutput.err).toContain('-o');
  });
});

describe('taizhang forms', () => {
  it('writes one form per unit into the folder', async () => {
    const dir = tmp.file('报送表');
    const { code, out } = await cli(['forms', '--template', '报送模板-学校', '-o', dir, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.forms.map((f: { unit: string; rows: number }) => [f.unit, f.rows])).toEqual([
      ['和平小学', 2],
      ['东元中学', 1],
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['东元中学-报送表.xlsx', '和平小学-报送表.xlsx']);
  });
});
