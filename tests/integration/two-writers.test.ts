// Issue 13, finding 1: the desktop app, `serve` and the CLI write one database file at the same time.
// Real processes on one real file: every write transaction must take the write lock up front and wait
// (busy_timeout), so no edit fails with `database is locked` and an import applies while others edit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { fixtureBytes, SUBMISSIONS } from '../fixtures/excel/fixture-files.js';
import { REPO_ROOT, SOURCE_CLI_ENV } from '../helpers/serve.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const dbPath = tmp.file('shared.db');
let ledgerId: number;
let rowIds: number[];

interface WriterReport {
  ok: number;
  failed: number;
  errors: string[];
  maxWaitMs: number;
}

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: SOURCE_CLI_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

async function writer(start: number, count: number | string, tag: string, ids: number[]): Promise<WriterReport> {
  const script = path.join(REPO_ROOT, 'tests', 'helpers', 'contention-writer.ts');
  const r = await run(['--import', 'tsx', script, dbPath, String(start), String(count), tag, ...ids.map(String)]);
  if (r.code !== 0) throw new Error(`writer ${tag} exited ${r.code}: ${r.err}`);
  return JSON.parse(r.out.trim().split('\n').pop()!) as WriterReport;
}

beforeAll(async () => {
  const backend = createBackend(dbPath, { actor: '测试员' });
  const ctx = { actor: '测试员', source: 'test' };
  const plan = await backend.handlers['plan.parse']({ text: fixtureBytes('work-plan-2020.txt').toString('utf8') }, ctx);
  ledgerId = (await backend.handlers['plan.createLedger']({ name: '2020台账', year: plan.year, sections: plan.sections }, ctx)).ledger.id;
  for (const name of ['和平小学', '东元中学', '汉都三幼']) await backend.dispatch('units.add', { name, kind: 'school', aliases: [] });
  rowIds = backend.store.rows.listInOrder(ledgerId).filter((r) => r.level === 'task').map((r) => r.id);
  backend.close();
}, 120_000);
afterAll(() => tmp.cleanup());

const editsBy = (actor: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM change_log WHERE actor = ?').get(actor) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('several processes writing one database file', () => {
  it('three processes editing at once: every edit succeeds and is logged', async () => {
    const count = 400;
    // Processes take ~1 s to start (tsx): a common start time makes them overlap.
    const start = Date.now() + 4000;
    const reports = await Promise.all(['A', 'B', 'C'].map((tag) => writer(start, count, tag, rowIds)));
    for (const r of reports) {
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ ok: count, failed: 0 });
    }
    for (const tag of ['A', 'B', 'C']) expect(editsBy(`进程${tag}`)).toBe(count);
    console.info(`3×${count} concurrent edits: 0 failed; longest wait for the write lock ${Math.max(...reports.map((r) => r.maxWaitMs))} ms`);
  }, 120_000);

  it('a submissions import applies while two other processes edit (before, during and after it), and their edits wait briefly instead of failing', async () => {
    const start = Date.now() + 4000;
    const files = SUBMISSIONS.map((n) => path.join(REPO_ROOT, 'tests', 'fixtures', 'submissions', n));
    const cli = path.join(REPO_ROOT, 'bin', 'taizhang.mjs');
    // The writers edit from `start` until the import has finished (the stop file).
    const stop = tmp.file('import-finished');
    const editing = ['D', 'E'].map((tag) => writer(start, `until:${stop}`, tag, rowIds.slice(0, 10)));
    // The import starts only once both are editing: the CLI starts faster than the writers, and an import
    // done before their first edit would prove nothing.
    const deadline = Date.now() + 60_000;
    while (editsBy('进程D') === 0 || editsBy('进程E') === 0) {
      if (Date.now() > deadline) throw new Error('the writers never started editing');
      await new Promise((done) => setTimeout(done, 50));
    }
    const imported = await run([cli, 'submissions', 'import', ...files, '--db', dbPath, '--ledger', String(ledgerId), '--period', '2020-06', '--json']);
    fs.writeFileSync(stop, '');
    const reports = await Promise.all(editing);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const json = JSON.parse(imported.out);
    expect(json.batchId).toEqual(expect.any(Number));
    expect(json.totals.files).toBe(3);
    for (const r of reports) {
      expect(r.errors).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.ok).toBeGreaterThan(0);
    }
    const db = new Database(dbPath, { readonly: true });
    const batch = db.prepare('SELECT status, created_at AS at FROM import_batches WHERE id = ?').get(json.batchId) as { status: string; at: string };
    const edits = db.prepare("SELECT min(at) AS first, max(at) AS last FROM change_log WHERE actor IN ('进程D', '进程E')").get() as { first: string; last: string };
    db.close();
    expect(batch.status).toBe('applied');
    // The import really applied while the others were editing.
    expect({ at: batch.at, ...edits, inside: batch.at > edits.first && batch.at < edits.last }).toMatchObject({ inside: true });
    console.info(`import during ${reports.map((r) => r.ok).join('+')} edits: applied; longest wait of an edit ${Math.max(...reports.map((r) => r.maxWaitMs))} ms`);
  }, 120_000);
});
