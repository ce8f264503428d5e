import { writeTransaction } from './write-transaction.js';
import type { Unit } from '#shared/domain.js';
import type { Db } from './open-database.js';

export class UnitsRepo {
  private readonly listStmt;
  private readonly aliasesStmt;
  private readonly insertStmt;
  private readonly insertAliasStmt;
  private readonly findStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare('SELECT id, name, kind FROM units ORDER BY kind, name');
    this.aliasesStmt = db.prepare('SELECT unit_id AS unitId, alias FROM unit_aliases ORDER BY alias');
    this.insertStmt = db.prepare('INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?)');
    this.insertAliasStmt = db.prepare('INSERT INTO unit_aliases (unit_id, alias) VALUES (?, ?)');
    this.findStmt = db.prepare(
      `SELECT u.id FROM units u WHERE u.name = @name
       UNION SELECT a.unit_id FROM unit_aliases a WHERE a.alias = @name`,
    );
  }

  list(): Unit[] {
    const aliases = new Map<number, string[]>();
    for (const a of this.aliasesStmt.all() as { unitId: number; alias: string }[]) {
      const list = aliases.get(a.unitId);
      if (list) list.push(a.alias);
      else aliases.set(a.unitId, [a.alias]);
    }
    return (this.listStmt.all() as Omit<Unit, 'aliases'>[]).map((u) => ({ ...u, aliases: aliases.get(u.id) ?? [] }));
  }

  /** Ids of units whose name or alias equals one of the given names (used to refuse duplicates). */
  findByNameOrAlias(name: string): number | undefined {
    return (this.findStmt.get({ name }) as { id: number } | undefined)?.id;
  }

  /** Renames a unit, changes its kind, and replaces its aliases (all or nothing). */
  update(id: number, name: string, kind: Unit['kind'], aliases: string[]): void {
    writeTransaction(this.db, () => {
      this.db.prepare('UPDATE units SET name = ?, kind = ? WHERE id = ?').run(name, kind, id);
      this.db.prepare('DELETE FROM unit_aliases WHERE unit_id = ?').run(id);
      for (const alias of new Set(aliases)) if (alias !== name) this.insertAliasStmt.run(id, alias);
    })();
  }

  delete(id: number): number {
    return this.db.prepare('DELETE FROM units WHERE id = ?').run(id).changes;
  }

  add(name: string, kind: Unit['kind'], aliases: string[], at: string): number {
    return writeTransaction(this.db, () => {
      const id = Number(this.insertStmt.run(name, kind, at).lastInsertRowid);
      for (const alias of new Set(aliases)) if (alias !== name) this.insertAliasStmt.run(id, alias);
      return id;
    })();
  }

  /**
   * Applies an import in one transaction: new units with their aliases, and for existing units a new
   * kind and the aliases they do not have yet. `check` runs first inside the transaction (against the
   * directory as it is then) and throws to write nothing.
   */
  applyImport(
    check: (units: Unit[]) => { add: { name: string; kind: Unit['kind']; aliases: string[] }[]; update: { id: number; kind: Unit['kind']; aliases: string[] }[] },
    at: string,
  ): void {
    writeTransaction(this.db, () => {
      const { add, update } = check(this.list());
      for (const u of add) {
        const id = Number(this.insertStmt.run(u.name, u.kind, at).lastInsertRowid);
        for (const alias of new Set(u.aliases)) if (alias !== u.name) this.insertAliasStmt.run(id, alias);
      }
      const setKind = this.db.prepare('UPDATE units SET kind = ? WHERE id = ?');
      for (const u of update) {
        setKind.run(u.kind, u.id);
        for (const alias of new Set(u.aliases)) this.insertAliasStmt.run(u.id, alias);
      }
    })();
  }

  /**
   * Merges unit `fromId` into `intoId`: the merged unit's name and aliases become aliases of the other,
   * its submitted files count for the other, and it is removed. All or nothing.
   */
  merge(fromId: number, intoId: number): void {
    writeTransaction(this.db, () => {
      const units = this.list();
      const from = units.find((u) => u.id === fromId);
      const into = units.find((u) => u.id === intoId);
      if (!from || !into) throw new Error('unit not found');
      const have = new Set([into.name, ...into.aliases]);
      this.db.prepare('DELETE FROM units WHERE id = ?').run(fromId);
      for (const alias of [from.name, ...from.aliases]) {
        if (have.has(alias)) continue;
        have.add(alias);
        this.insertAliasStmt.run(intoId, alias);
      }
      this.db.prepare('UPDATE import_files SET unit_id = ? WHERE unit_id = ?').run(intoId, fromId);
    })();
  }
}
