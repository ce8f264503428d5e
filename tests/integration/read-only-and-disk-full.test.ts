// Issue 13, finding 6: a read-only database (a copy on a USB stick, a file without write permission) opens
// for reading, search and export, with readOnly in app.info; only writes are refused, with their own code
// and a Chinese message. A full disk says so in Chinese (SQLITE_FULL produced for real with max_page_count,
// ENOSPC for real by writing to /dev/full), mapped in one place (shared/errors.ts storageError).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/backend.js';
import { openReadOnlyCopy } from '../../electron/backend/db/open-database.js';
import { writeTransaction } from '../../electron/backend/db/write-transaction.js';
import { storageError, type ApiResult } from '#shared/errors.js';
import { fixtureBytes } from '../fixtures/excel/fixture-files.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const tmp = makeTempDir();
const dbPath = tmp.file('ledger.db');
let ledgerId: number;
let rowId: number;

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
function value<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  const backend = createBackend(dbPath, { actor: '测试员' });
  const ctx = { actor: '测试员', source: 'test' };
  const plan = await backend.handlers['plan.parse']({ text: fixtureBytes('work-plan-2020.txt').toString('utf8') }, ctx);
  ledgerId = (await backend.handlers['plan.createLedger']({ name: '2020台账', year: plan.year, sections: plan.sections }, ctx)).ledger.id;
  rowId = backend.store.rows.listInOrder(ledgerId).find((r) => r.level === 'task')!.id;
  backend.close();
});
afterAll(() => tmp.cleanup());

describe('a database opened read-only', () => {
  it('reads, searches and exports; app.info says readOnly; every write is refused with code read_only', async () => {
    const before = sha(dbPath);
    const b = createBackend(dbPath, { readonly: true });
    try {
      expect(value<{ readOnly: boolean }>(await b.dispatch('app.info', {})).readOnly).toBe(true);
      expect(value<unknown[]>(await b.dispatch('ledger.list', {}))).toHaveLength(1);
      // Selecting the ledger in the UI calls ledger.open: it must not fail on a read-only file.
      value(await b.dispatch('ledger.open', { ledgerId }));
      expect(value<unknown[]>(await b.dispatch('rows.list', { ledgerId, period: '2020-06' })).length).toBeGreaterThan(10);
      const exported = value<{ bytes: Uint8Array; tasks: number }>(await b.dispatch('export.ledger', { ledgerId }));
      expect(exported.tasks).toBeGreaterThan(10);
      expect(Buffer.from(exported.bytes).subarray(0, 2).toString()).toBe('PK');

      for (const [method, input] of [
        ['rows.updateCell', { rowId, field: 'progress', value: '写入', period: '2020-06' }],
        ['ledger.rename', { ledgerId, name: '改名' }],
        ['ledger.create', { name: '新台账' }],
        ['units.add', { name: '新单位', kind: 'school', aliases: [] }],
        ['rows.delete', { rowId }],
        // Single statements outside a transaction (autocommit) are refused too.
        ['units.delete', { unitId: 1 }],
        ['backup.restore', { name: 'x.db' }],
      ] as const) {
        const r = await b.dispatch(method, input);
        expect(r.ok, method).toBe(false);
        if (!r.ok && method !== 'backup.restore') {
          expect(r.error.code, method).toBe('read_only');
          expect(r.error.message, method).toMatch(/只读.*可以查看、搜索和导出.*不能修改/);
        }
      }
    } finally {
      b.close();
    }
    expect(sha(dbPath)).toBe(before);
  });

  it('the CLI reads with --read-only and refuses a write with the message and exit code 1', async () => {
    const before = sha(dbPath);
    const rows = await runCliCaptured(['rows', '--db', dbPath, '--read-only', '--json']);
    expect(rows.code).toBe(0);
    expect(JSON.parse(rows.out).rows.length).toBeGreaterThan(10);
    const write = await runCliCaptured(['units', 'add', '新单位', '--db', dbPath, '--read-only', '--json']);
    expect(write.code).toBe(1);
    expect(JSON.parse(write.out).error.code).toBe('read_only');
    expect(write.err).toMatch(/^错误：数据库是只读打开的/);
    expect(sha(dbPath)).toBe(before);
  });

  it('on read-only media (no -shm possible) the WAL-mode file is read from a copy in memory, still refusing writes', () => {
    const db = openReadOnlyCopy(dbPath);
    try {
      expect(db.readonly).toBe(true);
      expect((db.prepare('SELECT count(*) AS n FROM ledgers').get() as { n: number }).n).toBe(1);
      expect(() => writeTransaction(db, () => db.prepare('DELETE FROM units').run())()).toThrow(/只读/);
    } finally {
      db.close();
    }
  });

  it.runIf(process.getuid?.() !== 0)('a file without write permission opens read-only by itself (non-root only: root ignores permissions)', async () => {
    const copy = tmp.file('usb-copy.db');
    fs.copyFileSync(dbPath, copy);
    fs.chmodSync(copy, 0o444);
    const b = createBackend(copy);
    try {
      expect(value<{ readOnly: boolean }>(await b.dispatch('app.info', {})).readOnly).toBe(true);
      expect((await b.dispatch('ledger.create', { name: 'x' })).ok).toBe(false);
    } finally {
      b.close();
      fs.chmodSync(copy, 0o644);
    }
  });
});

describe('a full disk', () => {
  it('SQLITE_FULL from a real write: 磁盘空间不足, code disk_full, nothing half-written', async () => {
    const copy = tmp.file('full.db');
    fs.copyFileSync(dbPath, copy);
    const b = createBackend(copy, { actor: '测试员' });
    try {
      // The database may not grow: the next pages a write needs are "the disk".
      const pages = b.store.db.pragma('page_count', { simple: true }) as number;
      b.store.db.pragma(`max_page_count = ${pages}`);
      const rowsBefore = value<unknown[]>(await b.dispatch('rows.list', { ledgerId })).length;
      let failure: ApiResult<unknown> | undefined;
      for (let i = 0; i < 200 && !failure; i++) {
        const r = await b.dispatch('rows.add', { ledgerId, values: { task: '很长的任务'.repeat(3000) }, period: '2020-06' });
        if (!r.ok) failure = r;
      }
      expect(failure).toMatchObject({ ok: false, error: { code: 'disk_full' } });
      if (failure && !failure.ok) {
        expect(failure.error.message).toMatch(/^磁盘空间不足/);
        expect(failure.error.message).not.toMatch(/database or disk is full|SQLITE/);
      }
      // The failed write left nothing behind; the rows that fitted before are whole.
      expect(b.store.db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(value<unknown[]>(await b.dispatch('rows.list', { ledgerId })).length).toBeGreaterThanOrEqual(rowsBefore);
    } finally {
      b.close();
    }
  });

  it.runIf(fs.existsSync('/dev/full'))('ENOSPC from a real write (to /dev/full), and the same text from a worker', () => {
    let raw: unknown;
    try {
      fs.writeFileSync('/dev/full', Buffer.alloc(4096));
    } catch (err) {
      raw = err;
    }
    expect((raw as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(storageError(raw)).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/^磁盘空间不足/) });
    // A worker thread passes only the message on.
    expect(storageError(new Error('ENOSPC: no space left on device, write'))?.code).toBe('disk_full');
    expect(storageError(new Error('something else'))).toBeUndefined();
  });
});
