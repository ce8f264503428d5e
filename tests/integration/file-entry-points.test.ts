// Reading before looking (issue 13, finding 3): every CLI command that takes a file looks at the
// path first (a regular file, within its kind's cap) and only then reads it. A FIFO, a symlink to
// /dev/zero and a 1.5 GB file are refused at once with a Chinese message, without the process
// growing. The commands run in a child under a watchdog, so a hang or an unbounded read fails the
// test (killed) instead of freezing the machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { readInputFile } from '../../electron/backend/files/read-input-file.js';
import { FILE_LIMITS } from '#shared/file-limits.js';
import { runCliBatch, type CliBatchResult } from '../helpers/cli-batch.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const db = tmp.file('files.db');
const fifo = tmp.file('管道.xlsx');
const zero = tmp.file('零.xlsx');
const huge = tmp.file('巨大.xlsx');
const folder = tmp.file('文件夹.xlsx');
const linux = process.platform === 'linux';

/** Every CLI command line that reads a file, with FILE where the path goes. */
const COMMANDS: string[][] = [
  ['plan', 'parse', 'FILE'],
  ['plan', 'import', 'FILE', '--db', db],
  ['submissions', 'import', 'FILE', '--ledger', '1', '--db', db],
  ['templates', 'add', 'FILE', '--db', db],
  ['export', '--template', 'FILE', '-o', tmp.file('out.xlsx'), '--ledger', '1', '--db', db],
  ['forms', '--template', 'FILE', '-o', tmp.file('forms'), '--ledger', '1', '--db', db],
  ['units', 'import', 'FILE', '--db', db],
  ['ledger', 'import', 'FILE', '--db', db],
  ['ledger', 'merge', 'FILE', '--ledger', '1', '--db', db],
];

let result: CliBatchResult;

beforeAll(async () => {
  const backend = createBackend(db);
  await backend.dispatch('ledger.create', { name: '2020年台账' });
  backend.close();
  fs.mkdirSync(folder);
  if (!linux) return;
  execFileSync('mkfifo', [fifo]);
  fs.symlinkSync('/dev/zero', zero);
  // Sparse: 1.5 GB by its size, nothing on disk. Reading it first would take 1.5 GB of memory.
  fs.closeSync(fs.openSync(huge, 'w'));
  fs.truncateSync(huge, 1536 * 1024 * 1024);
  const lines = [['ledgers', '--db', db]];
  for (const file of [fifo, zero, huge, folder]) for (const c of COMMANDS) lines.push(c.map((a) => (a === 'FILE' ? file : a)));
  // 37 command lines on a loaded machine; a FIFO that hangs never finishes at all.
  result = await runCliBatch(lines, { timeoutMs: 90_000, maxRssMb: 900 });
}, 120_000);
afterAll(() => tmp.cleanup());

describe.runIf(linux)('CLI file arguments: looked at before they are read', () => {
  it('finishes every command: no hang on a FIFO, no unbounded read of /dev/zero or a huge file', () => {
    expect(result.killed, result.stderr).toBeNull();
    expect(result.runs).not.toBeNull();
    const baseline = result.runs![0]!.rssMb;
    // Nothing is read, so the process stays near its size after the first command (modules loaded).
    expect(result.peakRssMb - baseline).toBeLessThan(150);
  });

  const cases: [string, string, RegExp][] = [
    ['a FIFO', fifo, /不是普通文件（是管道（FIFO））/],
    ['a symlink to /dev/zero', zero, /不是普通文件（是设备文件）/],
    ['a file over the cap', huge, /超过 \d+ MB，不像是/],
    ['a folder', folder, /这是一个文件夹/],
  ];
  for (const [what, file, message] of cases) {
    it(`refuses ${what} at once with a Chinese message, exit code 1, for every command`, () => {
      const runs = result.runs!.filter((r) => r.argv.includes(file));
      expect(runs).toHaveLength(COMMANDS.length);
      for (const run of runs) {
        const label = run.argv.slice(0, 2).join(' ');
        expect(run.code, `${label}: ${run.err}${run.out}`).toBe(1);
        expect(`${run.err}${run.out}`, label).toMatch(message);
        expect(`${run.err}${run.out}`, label).toContain('读取文件');
        // "At once": no read of the file, only the command's own start-up work.
        expect(run.ms, label).toBeLessThan(5_000);
      }
    });
  }

  it('applies the one list of caps: plan import refuses a plan over 30 MB (the API cap)', () => {
    const run = result.runs!.find((r) => r.argv[0] === 'plan' && r.argv[1] === 'import' && r.argv.includes(huge))!;
    expect(run.err).toContain(`超过 ${FILE_LIMITS.plan.maxBytes / 1024 / 1024} MB，不像是工作要点文件`);
  });
});

describe('readInputFile', () => {
  it('reads a regular file, also through a symlink, and refuses one just over its cap before reading', () => {
    fs.writeFileSync(tmp.file('plan.txt'), '一、全面从严治党\n1.强化思想武装');
    fs.symlinkSync(tmp.file('plan.txt'), tmp.file('link.txt'));
    expect(Buffer.from(readInputFile(tmp.file('link.txt'), 'plan').bytes).toString('utf8')).toContain('强化思想武装');
    const over = tmp.file('over.txt');
    fs.closeSync(fs.openSync(over, 'w'));
    fs.truncateSync(over, FILE_LIMITS.template.maxBytes + 1);
    expect(() => readInputFile(over, 'template')).toThrow(/超过 20 MB，不像是Excel 模板/);
    expect(readInputFile(over, 'plan').bytes.length).toBe(FILE_LIMITS.template.maxBytes + 1);
  });

  it('names a missing file in Chinese, with control characters in the path escaped', () => {
    expect(() => readInputFile(tmp.file('没有\n这个.xlsx'), 'submission')).toThrow(/没有\\n这个\.xlsx.*文件不存在/);
  });
});
