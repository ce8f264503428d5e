// Shared by the ledger-import tests: a backend on a real SQLite file, calls checked against the
// contract's output schemas, the database hash after a WAL checkpoint, and a ledger as a comparable tree.
import fs from 'node:fs';
import path from 'node:path';
import { api, type MethodName } from '#shared/api.js';
import type { Row } from '#shared/domain.js';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { fixtureBytes } from '../fixtures/excel/fixture-files.js';
import { foldedDbHash } from '../helpers/db-hash.js';

export const LEDGER_FIXTURES = ['重点工作台账-2020年6月.xlsx', '学校工作台账-2020年6月.xlsx'] as const;
export const ledgerFixture = (name: string): Uint8Array => Uint8Array.from(fixtureBytes(`ledgers/${name}`));

export class TestBackend {
  readonly backend: Backend;
  constructor(readonly dbPath: string) {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    this.backend = createBackend(dbPath, { actor: '测试员' });
  }

  async ok<T = unknown>(method: string, input: unknown): Promise<T> {
    const result = await this.backend.dispatch(method as never, input);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
    if (method.startsWith('ledgerimport.')) api[method as MethodName].output.parse(result.value);
    return result.value as T;
  }

  async failure(method: string, input: unknown) {
    const result = await this.backend.dispatch(method as never, input);
    if (result.ok) throw new Error(`${method} should have failed`);
    return result.error;
  }

  /** The database file's bytes after folding the WAL back in: equal hashes mean nothing was written. */
  dbHash(): string {
    return foldedDbHash(this.backend.store.db, this.dbPath);
  }

  /** A ledger as a tree of (level, non-empty values, custom values by label) in display order. */
  async tree(ledgerId: number, period: string): Promise<string[]> {
    const rows = await this.ok<Row[]>('rows.list', { ledgerId, period });
    const config = await this.ok<{ columns: { key: string; label: string }[] }>('workbench.config', { ledgerId });
    const label = new Map(config.columns.map((c) => [c.key, c.label]));
    const depth = new Map<number, number>();
    return rows.map((r) => {
      const d = r.parentId === null ? 0 : (depth.get(r.parentId) ?? 0) + 1;
      depth.set(r.id, d);
      const values = Object.entries(r.values).filter(([, v]) => v !== '');
      const custom = Object.entries(r.custom ?? {}).filter(([, v]) => v !== '').map(([k, v]) => [label.get(k), v]);
      return `${'  '.repeat(d)}${r.level} ${JSON.stringify(Object.fromEntries(values))} ${JSON.stringify(Object.fromEntries(custom))}`;
    });
  }

  close(): void {
    this.backend.close();
  }
}
