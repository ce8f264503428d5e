import { writeTransaction } from './write-transaction.js';
import type { Ledger } from '#shared/domain.js';
import type { ChangeLog, WriteContext } from './change-log.js';
import type { Db } from './open-database.js';

const SELECT_LEDGER = `
  SELECT l.id, l.name, l.year, l.created_at AS createdAt, l.updated_at AS updatedAt,
         l.last_used_at AS lastUsedAt,
         (SELECT count(*) FROM rows r WHERE r.ledger_id = l.id) AS rowCount
  FROM ledgers l`;

export class LedgersRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly renameStmt;
  private readonly touchStmt;
  private readonly yearStmt;

  constructor(
    private readonly db: Db,
    private readonly log: ChangeLog,
  ) {
    this.listStmt = db.prepare(`${SELECT_LEDGER} ORDER BY l.last_used_at DESC, l.id DESC`);
    this.getStmt = db.prepare(`${SELECT_LEDGER} WHERE l.id = ?`);
    this.insertStmt = db.prepare(
      'INSERT INTO ledgers (name, year, created_at, updated_at, last_used_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.renameStmt = db.prepare('UPDATE ledgers SET name = ?, updated_at = ?, last_used_at = ? WHERE id = ?');
    this.touchStmt = db.prepare('UPDATE ledgers SET last_used_at = ? WHERE id = ?');
    this.yearStmt = db.prepare('SELECT year FROM ledgers WHERE id = ?');
  }

  /** The ledger's year without counting its rows (the hot path of every cell edit). */
  yearOf(id: number): { year: number | null } | undefined {
    return this.yearStmt.get(id) as { year: number | null } | undefined;
  }

  list(): Ledger[] {
    return this.listStmt.all() as Ledger[];
  }

  get(id: number): Ledger | undefined {
    return this.getStmt.get(id) as Ledger | undefined;
  }

  /** The ledger the clerk used last: the CLI's default for `--ledger`. */
  mostRecent(): Ledger | undefined {
    return this.list()[0];
  }

  create(ctx: WriteContext, name: string, year: number | null, at: string): Ledger {
    return writeTransaction(this.db, () => {
      const id = Number(this.insertStmt.run(name, year, at, at, at).lastInsertRowid);
      this.log.record(ctx, { ledgerId: id, rowId: null, action: 'create_ledger', newValue: name }, at);
      return this.get(id)!;
    })();
  }

  rename(ctx: WriteContext, id: number, name: string, at: string): Ledger | undefined {
    return writeTransaction(this.db, () => {
      const before = this.get(id);
      if (!before) return undefined;
      this.renameStmt.run(name, at, at, id);
      this.log.record(ctx, { ledgerId: id, rowId: null, action: 'rename_ledger', oldValue: before.name, newValue: name }, at);
      return this.get(id);
    })();
  }

  touch(id: number, at: string): void {
    this.touchStmt.run(at, id);
  }
}
