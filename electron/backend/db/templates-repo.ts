// Registered Excel templates: the file's bytes (BLOB) with its detected layout and column mapping.
// Templates describe output formats, not ledger data, so they have no change-log entries.
import type { Db } from './open-database.js';

export interface TemplateRecord {
  id: number;
  name: string;
  kind: 'ledger' | 'submission';
  fileName: string;
  size: number;
  layoutJson: string;
  mappingJson: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewTemplate {
  name: string;
  kind: TemplateRecord['kind'];
  fileName: string;
  bytes: Uint8Array;
  sheetName: string;
  layoutJson: string;
  mappingJson: string;
}

const SELECT = `SELECT id, name, kind, file_name AS fileName, length(bytes) AS size, layout_json AS layoutJson,
  mapping_json AS mappingJson, created_at AS createdAt, updated_at AS updatedAt FROM templates`;

export class TemplatesRepo {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      list: db.prepare(`${SELECT} ORDER BY created_at DESC, id DESC`),
      get: db.prepare(`${SELECT} WHERE id = ?`),
      byName: db.prepare(`${SELECT} WHERE name = ?`),
      bytes: db.prepare('SELECT bytes FROM templates WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO templates (name, kind, file_name, bytes, sheet_name, layout_json, mapping_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare('UPDATE templates SET name = ?, kind = ?, mapping_json = ?, updated_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM templates WHERE id = ?'),
    };
  }

  list(): TemplateRecord[] {
    return this.stmt.list.all() as TemplateRecord[];
  }

  get(id: number): TemplateRecord | undefined {
    return this.stmt.get.get(id) as TemplateRecord | undefined;
  }

  findByName(name: string): TemplateRecord | undefined {
    return this.stmt.byName.get(name) as TemplateRecord | undefined;
  }

  bytes(id: number): Uint8Array | undefined {
    const row = this.stmt.bytes.get(id) as { bytes: Buffer } | undefined;
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  insert(t: NewTemplate, at: string): TemplateRecord {
    const id = Number(
      this.stmt.insert.run(t.name, t.kind, t.fileName, Buffer.from(t.bytes), t.sheetName, t.layoutJson, t.mappingJson, at, at).lastInsertRowid,
    );
    return this.get(id)!;
  }

  update(id: number, name: string, kind: TemplateRecord['kind'], mappingJson: string, at: string): TemplateRecord | undefined {
    this.stmt.update.run(name, kind, mappingJson, at, id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.stmt.delete.run(id).changes > 0;
  }
}
