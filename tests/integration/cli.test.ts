// The CLI host: ledgers and rows with --json on a real database, the most-recent-ledger default,
// clear Chinese errors with exit codes, and the real `taizhang` executable as a child process.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { runCli } from '../../electron/cli.js';
import { REPO_ROOT, SOURCE_CLI_ENV } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const db = tmp.file('cli.db');
let older: number;
let newer: number;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, (t) => (out += t));
  return { code, out };
}

beforeAll(async () => {
  const backend = createBackend(db);
  const a = await backend.dispatch('ledger.create', { name: '2019年台账' });
  const b = await backend.dispatch('ledger.create', { name: '2020年台账' });
  older = (a as { value: { id: number } }).value.id;
  newer = (b as { value: { id: number } }).value.id;
  const section = await backend.dispatch('rows.add', { ledgerId: newer, level: 'section', values: { code: '一', task: '全面从严治党' } });
  const sectionId = (section as { value: { id: number } }).value.id;
  await backend.dispatch('rows.add', { ledgerId: newer, parentId: sectionId, values: { code: '1', task: '强化思想武装', status: '推进中' }, period: '2020-06' });
  await backend.dispatch('rows.add', { ledgerId: older, values: { code: '9', task: '旧任务' } });
  await backend.dispatch('ledger.open', { ledgerId: newer });
  backend.close();
});
afterAll(() => tmp.cleanup());

describe('taizhang CLI', () => {
  it('lists ledgers as JSON, most recently used first', async () => {
    const { code, out } = await cli('ledgers', '--db', db, '--json');
    expect(code).toBe(0);
    const ledgers = JSON.parse(out);
    expect(ledgers.map((l: { id: number }) => l.id)).toEqual([newer, older]);
    expect(ledgers[0]).toMatchObject({ name: '2020年台账', rowCount: 2 });
  });

  it('lists rows with hierarchy, codes and all columns, defaulting to the most recent ledger', async () => {
    const { code, out } = await cli('rows', '--db', db, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.ledger).toEqual({ id: newer, name: '2020年台账' });
    expect(json.rows).toHaveLength(2);
    expect(json.rows[0]).toMatchObject({ level: 'section', depth: 0, code: '一', parentId: null });
    expect(json.rows[1]).toMatchObject({ level: 'task', depth: 1, code: '1', parentId: json.rows[0].id });
    expect(json.rows[1].values).toMatchObject({ task: '强化思想武装', status: '推进中', measures: '', leadDept: '' });
  });

  it('takes --ledger and --period', async () => {
    const other = JSON.parse((await cli('rows', '--ledger', String(older), '--db', db, '--json')).out);
    expect(other.rows.map((r: { code: string }) => r.code)).toEqual(['9']);
    const may = JSON.parse((await cli('rows', '--period', '2020-05', '--db', db, '--json')).out);
    expect(may.rows[1].values.status).toBe('');
  });

  it('prints readable Chinese without --json', async () => {
    const { out } = await cli('rows', '--db', db);
    expect(out).toContain('一 全面从严治党');
    expect(out).toContain('  1 强化思想武装');
  });

  it('fails with a Chinese message and exit code for bad input', async () => {
    expect((await cli('rows', '--ledger', 'abc', '--db', db, '--json')).code).toBe(1);
    expect(JSON.parse((await cli('rows', '--ledger', '999', '--db', db, '--json')).out).error.code).toBe('not_found');
    expect((await cli('frobnicate', '--db', db)).code).toBe(2);
    expect((await cli('rows', '--no-such-flag', '--db', db)).code).toBe(2);
    const notDb = tmp.file('note.txt');
    fs.writeFileSync(notDb, 'hello');
    const res = await cli('ledgers', '--db', notDb, '--json');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.out).error).toMatchObject({ code: 'db_not_sqlite' });
    expect(fs.readFileSync(notDb, 'utf8')).toBe('hello');
  });

  it('runs as a real executable: node bin/taizhang.mjs ledgers --json', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin', 'taizhang.mjs'), 'ledgers', '--db', db, '--json'], {
      cwd: REPO_ROOT,
      env: SOURCE_CLI_ENV,
    });
    expect(JSON.parse(stdout)[0].name).toBe('2020年台账');
  });
});
