// Registered Excel templates: the file's bytes (BLOB) with its detected layout and column mapping.
// Templates describe output formats, not ledger data, so they have no change-log entries.
import { z } from 'zod';
import { templateColumnSchema, templateLayoutSchema, type TemplateColumn, type TemplateLayout } from '#shared/api/template-api.js';
import type { Db } from './open-database.js';
import { parseStoredJson } from './stored-json.js';

export interface TemplateRecord {
  id: number;
  name: string;
  kind: 'ledger' | 'submission';
  fileName: string;
  size: number;
  layout: TemplateLayout;
  columns: TemplateColumn[];
  createdAt: string;
  updatedAt: string;
}

export interface NewTemplate {
  name: string;
  kind: TemplateRecord['kind'];
  fileName: string;
  bytes: Uint8Array;
  sheetName: string;
  layout: TemplateLayout;
  columns: TemplateColumn[];
}

type StoredTemplate = Omit<TemplateRecord, 'layout' | 'columns'> & { layoutJson: string; mappingJson: string };

const columnsSchema = z.array(templateColumnSchema);

function fromStored(r: StoredTemplate | undefined): TemplateRecord | undefined {
  if (!r) return undefined;
  const { layoutJson, mappingJson, ...rest } = r;
  return {
    ...rest,
    layout: parseStoredJson(templateLayoutSchema, layoutJson, `模板“${r.name}”的版式`),
    columns: parseStoredJson(columnsSchema, mappingJson, `模板“${r.name}”的列对应`),
  };
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
    return (this.stmt.list.all() as StoredTemplate[]).map((r) => fromStored(r)!);
  }

  get(id: number): TemplateRecord | undefined {
    return fromStored(this.stmt.get.get(id) as StoredTemplate | undefined);
  }

  findByName(name: string): TemplateRecord | undefined {
    return fromStored(this.stmt.byName.get(name) as StoredTemplate | undefined);
  }

  bytes(id: number): Uint8Array | undefined {
    const row = this.stmt.bytes.get(id) as { bytes: Buffer } | undefined;
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  insert(t: NewTemplate, at: string): TemplateRecord {
    const id = Number(
      this.stmt.insert.run(t.name, t.kind, t.fileName, Buffer.from(t.bytes), t.sheetName, JSON.stringify(t.layout), JSON.stringify(t.columns), at, at).lastInsertRowid,
    );
    return this.get(id)!;
  }

  update(id: number, name: string, kind: TemplateRecord['kind'], columns: TemplateColumn[], at: string): TemplateRecord | undefined {
    this.stmt.update.run(name, kind, JSON.stringify(columns), at, id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.stmt.delete.run(id).changes > 0;
  }
}
