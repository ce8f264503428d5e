// `taizhang plan parse` and `taizhang plan import`: the public automation interface (names, flags, JSON fields).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_TARGETS } from '../fixtures/plans/work-plan-2020-targets.js';
import { REPO_ROOT, SOURCE_CLI_ENV } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCliCaptured } from '../helpers/cli.js';

const SAMPLE_PATH = path.join(REPO_ROOT, 'tests', 'fixtures', 'work-plan-2020.txt');
const DOCX_PATH = path.join(REPO_ROOT, 'tests', 'fixtures', 'plans', 'other-bureau-plan.docx');
const tmp = makeTempDir();

afterAll(() => tmp.cleanup());
afterEach(() => vi.restoreAllMocks());

const cli = (args: string[]) => runCliCaptured(args);

describe('taizhang plan parse', () => {
  it('prints the documented JSON fields for the sample', async () => {
    const { code, out } = await cli(['plan', 'parse', SAMPLE_PATH, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['sections', 'warnings']));
    expect(json.sections).toHaveLength(7);
    for (const section of json.sections) {
      expect(typeof section.numeral).toBe('string');
      expect(typeof section.title).toBe('string');
      for (const task of section.tasks) {
        expect(Object.keys(task)).toEqual(expect.arrayContaining(['number', 'title', 'measures', 'targets', 'units']));
        expect(Array.isArray(task.measures) && task.measures.every((m: unknown) => typeof m === 'string')).toBe(true);
        expect(Array.isArray(task.units)).toBe(true);
        for (const target of task.targets) expect(Object.keys(target).sort()).toEqual(['comparator', 'max', 'text', 'unit', 'value']);
      }
    }
    const tasks = json.sections.flatMap((s: { tasks: unknown[] }) => s.tasks) as { number: string; targets: { text: string; value: number; max: number | null; unit: string; comparator: string | null }[] }[];
    expect(tasks).toHaveLength(33);
    expect(tasks.map((t) => t.number)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
    expect(tasks[23]!.targets).toEqual([{ text: '1—2所', value: 1, max: 2, unit: '所', comparator: null }]);
    for (const t of tasks) {
      expect(t.targets.map((x) => [x.text, x.value, x.max, x.unit, x.comparator])).toEqual(SAMPLE_TARGETS[Number(t.number)] ?? []);
    }
    expect(json.sections[4].numeral).toBe('五');
    expect(json.sections[5].numeral).toBe('五');
    expect(json.warnings).toHaveLength(2);
    expect(json.warnings.join('\n')).toMatch(/五、.*重复[\s\S]*陕公网安备/);
    expect(json.text).toBeUndefined();
  });

  it('prints a readable Chinese summary without --json', async () => {
    const { code, out } = await cli(['plan', 'parse', SAMPLE_PATH]);
    expect(code).toBe(0);
    expect(out).toContain('共 7 个章节、33 条任务');
    expect(out).toContain('5. 切实保障学位需求');
    expect(out).toContain('目标：6所；增加学位5190个');
    expect(out).toContain('请核对以下 2 处');
  });

  it('reads a .docx file', async () => {
    const { code, out } = await cli(['plan', 'parse', DOCX_PATH, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).sections.length).toBeGreaterThan(0);
  });

  it('fails with a Chinese message and exit code 1 for a missing, empty or binary file', async () => {
    const missing = await cli(['plan', 'parse', tmp.file('没有这个文件.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('文件不存在');
    expect(missing.out).toBe('');

    const folder = await cli(['plan', 'parse', tmp.dir]);
    expect(folder.code).toBe(1);
    expect(folder.err).toContain('文件夹');

    fs.writeFileSync(tmp.file('empty.txt'), '');
    const empty = await cli(['plan', 'parse', tmp.file('empty.txt'), '--json']);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.out).error.code).toBe('empty_input');
    expect(empty.err).toContain('文件是空的');

    fs.writeFileSync(tmp.file('pic.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const binary = await cli(['plan', 'parse', tmp.file('pic.txt'), '--json']);
    expect(binary.code).toBe(1);
    expect(JSON.parse(binary.out).error).toMatchObject({ code: 'unsupported_file' });

    const noFile = await cli(['plan', 'parse']);
    expect(noFile.code).toBe(1);
    expect(noFile.err).toContain('请指定工作要点文件');
  });
});

describe('taizhang plan import', () => {
  it('creates the ledger with the default name and prints id, name, counts and warnings', async () => {
    const db = tmp.file('import.db');
    const { code, out } = await cli(['plan', 'import', SAMPLE_PATH, '--db', db, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ id: 1, name: '2020年工作要点台账', year: 2020 });
    expect(json.counts).toMatchObject({ sections: 7, tasks: 33 });
    expect(json.counts.rows).toBe(7 + 33 + json.counts.measures);
    expect(json.rowCount).toBe(json.counts.rows);
    expect(json.warnings).toHaveLength(2);

    const rows = await cli(['rows', '--db', db, '--ledger', String(json.id), '--json']);
    const listed = JSON.parse(rows.out).rows as { level: string; code: string }[];
    expect(listed).toHaveLength(json.counts.rows);
    expect(listed.filter((r) => r.level === 'task').map((r) => r.code)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));

    // Each task's targets come back as structured values from the ledger's target column, the same as parsed.
    type Target = { text: string; value: number; max: number | null; unit: string; comparator: string | null };
    const parsed = JSON.parse((await cli(['plan', 'parse', SAMPLE_PATH, '--json'])).out) as {
      sections: { tasks: { number: string; targets: Target[] }[] }[];
    };
    const parsedTargets = new Map(parsed.sections.flatMap((s) => s.tasks.map((t) => [t.number, t.targets] as const)));
    const taskRows = (JSON.parse(rows.out).rows as { level: string; code: string; targets: Target[] }[]).filter((r) => r.level === 'task');
    for (const row of taskRows) expect(row.targets, `task ${row.code}`).toEqual(parsedTargets.get(row.code));
    expect(taskRows.find((r) => r.code === '5')!.targets).toContainEqual(expect.objectContaining({ value: 5190, unit: '个' }));
  });

  it('takes --name and prints a Chinese summary', async () => {
    const db = tmp.file('named.db');
    const { code, out } = await cli(['plan', 'import', SAMPLE_PATH, '--db', db, '--name', '未央区2020年重点工作台账']);
    expect(code).toBe(0);
    expect(out).toContain('已从“work-plan-2020.txt”生成台账“未央区2020年重点工作台账”');
    expect(out).toContain('7 个章节、33 条任务');
    expect(out).toContain('陕公网安备');

    const empty = await cli(['plan', 'import', SAMPLE_PATH, '--db', db, '--name', ' ']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('--name 不能为空');
  });

  it('creates no database entry when the file cannot be read', async () => {
    const db = tmp.file('untouched.db');
    const { code, err } = await cli(['plan', 'import', tmp.file('nope.docx'), '--db', db]);
    expect(code).toBe(1);
    expect(err).toContain('文件不存在');
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('the real `taizhang` process', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), ...args], { cwd: REPO_ROOT, env: SOURCE_CLI_ENV, encoding: 'utf8', timeout: 60_000 });

  it('runs `plan parse FILE --json` and exits 0', () => {
    const child = run(['plan', 'parse', SAMPLE_PATH, '--json']);
    expect(child.status).toBe(0);
    const json = JSON.parse(child.stdout);
    expect(json.sections).toHaveLength(7);
    expect(json.sections.flatMap((s: { tasks: unknown[] }) => s.tasks)).toHaveLength(33);
  });

  it('exits 1 with a Chinese error for a missing file', () => {
    const child = run(['plan', 'parse', 'tests/fixtures/不存在的要点.txt']);
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('错误：读取文件“tests/fixtures/不存在的要点.txt”失败：文件不存在');
    expect(child.stdout).toBe('');
  });
});
